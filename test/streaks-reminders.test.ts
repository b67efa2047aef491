import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { Reminders } from '../src/features/streaks/index.js';
import { advanceTo, run, STORY, streaksHarness } from './streaks-fixtures.js';

let h: Harness;
afterEach(() => h?.close());

const reminders = (name: string) => h.as(name).inbox().filter((m) => m.kind === 'dm' && m.text.includes('Your streak is waiting'));

describe('reminders', () => {
  it("fire at the member's local time only when they have a streak to lose and have not answered", async () => {
    h = streaksHarness(); // Monday 30 Nov 2026, 08:00 UTC
    await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily');
    const carol = h.as('carol');
    const dave = h.as('dave');
    expect(await run(carol, '/prep tz America/New_York')).toContain('Your time zone is now **America/New_York**');
    const on = await run(carol, '/prep remind 20:00');
    expect(on).toContain('**20:00 America/New_York**');
    expect(on).toContain('Next check: Mon 30 Nov, 20:00 EST');
    await run(dave, '/prep remind 20:00'); // no streak: never reminded

    // Monday: carol answers and has a streak of 1; nothing to remind her of at 20:00 New York.
    await advanceTo(h, '2026-11-30T10:00:00Z');
    await carol.answer(STORY);
    await advanceTo(h, '2026-12-01T01:30:00Z');
    expect(reminders('carol')).toHaveLength(0);

    // Tuesday: she does not answer. 20:00 in New York is 01:00 UTC on Wednesday.
    await advanceTo(h, '2026-12-02T00:59:00Z');
    expect(reminders('carol')).toHaveLength(0);
    await advanceTo(h, '2026-12-02T01:01:00Z');
    const [reminder] = reminders('carol');
    expect(reminder?.at.toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(reminder?.text).toContain("**#study-group**: today's question is still open. Answer in its thread before **Wed 2 Dec, 04:00 EST** to keep your streak of **1**.");

    // Wednesday: she answers in time, so no reminder that evening.
    await advanceTo(h, '2026-12-02T12:00:00Z');
    await carol.answer(STORY);
    await advanceTo(h, '2026-12-03T02:00:00Z');
    expect(reminders('carol')).toHaveLength(1);
    expect(reminders('dave')).toHaveLength(0);

    // Away: reminders pause (and Thursday's question, closing while she is away, costs nothing).
    await run(carol, '/prep away 2');
    await advanceTo(h, '2026-12-04T10:00:00Z');
    expect(reminders('carol')).toHaveLength(1);
    // Back early, after Thursday's question closed: Friday's is open and unanswered, so she hears about it.
    await run(carol, '/prep back');
    await advanceTo(h, '2026-12-05T01:30:00Z');
    expect(reminders('carol')).toHaveLength(2);
    // Tuesday's miss ended the first streak; Wednesday's answer started a new one, kept while away.
    expect(reminders('carol')[1]?.text).toContain('before **Sat 5 Dec, 04:00 EST** to keep your streak of **1**');
    await carol.answer(STORY);
    // Off: Saturday's question stays unanswered, and no reminder comes.
    expect(await run(carol, '/prep remind off')).toContain('Reminders off');
    await advanceTo(h, '2026-12-06T02:00:00Z');
    expect(reminders('carol')).toHaveLength(2);
  }, 120_000);

  it('stay quiet on days without a question (a weekday channel on the weekend)', async () => {
    h = streaksHarness({ start: '2026-12-03T08:00:00Z' }); // Thursday
    await h.as('you', { admin: true }).command('/prep setup time:09:00 days:mon-fri');
    const erin = h.as('erin');
    await run(erin, '/prep remind 18:00');
    await advanceTo(h, '2026-12-03T10:00:00Z');
    await erin.answer(STORY); // Thursday's question: a streak of 1
    await advanceTo(h, '2026-12-04T18:01:00Z'); // Friday's question unanswered
    expect(reminders('erin')).toHaveLength(1);
    await advanceTo(h, '2026-12-06T19:00:00Z'); // Saturday and Sunday: no question went out
    expect(reminders('erin')).toHaveLength(1);
  }, 120_000);

  it('are found with one indexed query, and a tick with nothing due costs well under a millisecond at 100,000 members', async () => {
    h = streaksHarness();
    await h.as('you').command('/prep tz UTC');
    const community = h.storage.sqlite.prepare('SELECT community_id AS c FROM member LIMIT 1').get() as { c: string };
    const insert = h.storage.sqlite.prepare(
      `INSERT INTO member (community_id, user_ref, name, remind_time, timezone, next_remind_at, created_at) VALUES (?, ?, ?, '20:00', 'UTC', ?, 0)`,
    );
    const later = h.clock.now().getTime() + 3_600_000;
    h.storage.sqlite.transaction(() => {
      for (let i = 0; i < 100_000; i++) insert.run(community.c, `mem:u:load-${i}`, `load ${i}`, later + (i % 600) * 60_000);
    })();
    h.storage.sqlite.exec('ANALYZE');

    const plan = h.storage.sqlite
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM member WHERE next_remind_at IS NOT NULL AND next_remind_at <= ? ORDER BY next_remind_at LIMIT 500',
      )
      .all(0) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('member_next_remind_idx');

    // What the streaks feature runs every minute.
    const reminders = new Reminders(h.app.services);
    const now = h.clock.now();
    for (let i = 0; i < 200; i++) await reminders.tick(now); // warm up
    const runs = 2000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) await reminders.tick(now);
    const perTickMs = Number(process.hrtime.bigint() - started) / 1e6 / runs;
    expect(perTickMs).toBeLessThan(0.5);
    // Nobody was due, so nobody was touched.
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM member WHERE next_remind_at < ?').get(later)).toEqual({ n: 0 });
  }, 120_000);
});
