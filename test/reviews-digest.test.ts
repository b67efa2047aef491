import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { ANSWERS, dms, memberId, reviewLatest, scheduledGroup } from './reviews-support.js';

let h: Harness;
afterEach(() => h?.close());

function digests() {
  return h.chat.messages.filter((m) => m.author === 'bot' && m.kind === 'post' && m.channel === h.channel);
}

function nextDigestAt(): string | null {
  const row = h.storage.sqlite.prepare('SELECT next_digest_at AS at FROM channel WHERE id = ?').get(h.channel) as { at: number | null };
  return row.at === null ? null : new Date(row.at).toISOString();
}

/** Jumps the clock (no minute-by-minute travel: a week of ticks is slow) and runs one tick there. */
async function jumpTo(iso: string): Promise<void> {
  h.clock.set(new Date(iso));
  await h.app.dispatcher.tick(h.clock.now());
}

describe('the weekly digest', () => {
  it('goes out on Friday 17:00 channel time with the week, streaks, reviewers, best answers and missing principles', async () => {
    h = await scheduledGroup();
    expect(nextDigestAt()).toBe('2026-12-04T17:00:00.000Z');
    const [alice, carol, bob, dave] = [h.as('alice'), h.as('carol'), h.as('bob'), h.as('dave')];
    await alice.answer(ANSWERS.alice);
    await carol.answer(ANSWERS.carol);
    await reviewLatest(h, bob, {}, '4'); // alice's: 4/4
    await reviewLatest(h, dave, {}, '2'); // carol's: 2/4
    await alice.click(dms(alice)[0]!, 'Helpful');
    await h.advance('1d'); // Tuesday, round 2
    await alice.answer(ANSWERS.dave);
    await reviewLatest(h, carol, {}, '3');
    await jumpTo('2026-12-04T16:58:00Z');
    // Streaks are kept by the streaks feature; set the numbers this test wants to
    // see once Friday's question (which updates them) is out.
    const insert = h.storage.sqlite.prepare(
      `INSERT INTO streak (channel_id, member_id, current, longest, updated_at) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT DO UPDATE SET current = excluded.current, longest = excluded.longest`,
    );
    insert.run(h.channel, memberId(h, 'alice'), 2, 5);
    insert.run(h.channel, memberId(h, 'carol'), 1, 1);

    await h.advance('1m');
    expect(digests()).toHaveLength(0);
    await h.advance('1m');
    const [digest, ...more] = digests();
    expect(more).toHaveLength(0);
    expect(digest!.doc.title).toBe('Weekly digest: the week to Fri 4 Dec');
    const text = digest!.doc.text!;
    expect(text).toContain('**This week:** 3 answers from 2 members, 3 reviews.');
    expect(text).toContain('**Longest streaks:** alice 2 (best 5) · carol 1');
    expect(text).toMatch(/\*\*Top reviewers:\*\* bob 1 review \(1 helpful\) · (carol|dave) 1 review · (carol|dave) 1 review/);
    expect(text).toMatch(/Round 1 \([^)]+\): \*\*alice\*\* on _[^_]+_\n {2}> At my last company[^\n]*\n {2}4\.0\/4 from 1 review \(in the thread of Mon 30 Nov's question\)/);
    expect(text).toMatch(/Round 2 \([^)]+\): \*\*alice\*\* on _[^_]+_\n {2}> Partition the fact table[^\n]*\n {2}3\.0\/4 from 1 review \(in the thread of Tue 1 Dec's question\)/);
    expect(text).not.toContain('carol** on');

    // The principles no answer in the group is tagged with.
    const covered = new Set(
      (h.storage.sqlite.prepare('SELECT DISTINCT j.value AS id FROM answer, json_each(answer.principles) j').all() as Array<{ id: string }>).map((r) => r.id),
    );
    const missing = h.app.services.catalog.principles.filter((p) => !covered.has(p.id));
    expect(missing.length).toBeGreaterThan(0);
    for (const p of missing) expect(text).toContain(p.name);
    for (const p of h.app.services.catalog.principles.filter((p) => covered.has(p.id))) {
      expect(text.split('No story in the group yet')[1]).not.toContain(p.name);
    }

    expect(nextDigestAt()).toBe('2026-12-11T17:00:00.000Z');
    await h.advance('10m');
    expect(digests()).toHaveLength(1);
  });

  it('stays quiet in a week without answers or reviews, and follows /prep setup digest:', async () => {
    h = await scheduledGroup({ setup: 'tz:Europe/Berlin time:10:00 digest:mon 08:00' });
    // 08:00 in Berlin (UTC+1 in December) is 07:00 UTC.
    expect(nextDigestAt()).toBe('2026-12-07T07:00:00.000Z');
    await jumpTo('2026-12-07T07:00:00Z');
    expect(digests()).toHaveLength(0);
    expect(nextDigestAt()).toBe('2026-12-14T07:00:00.000Z');

    await h.as('alice').answer(ANSWERS.alice);
    await h.as('admin').command('/prep setup digest:off');
    expect(nextDigestAt()).toBeNull();
    await jumpTo('2026-12-14T07:00:00Z');
    expect(digests()).toHaveLength(0);
  });

  it('after a long downtime sends one digest and schedules the next in the future', async () => {
    h = await scheduledGroup();
    await h.as('alice').answer(ANSWERS.alice);
    await jumpTo('2026-12-20T12:00:00Z'); // two digests were missed
    expect(digests()).toHaveLength(1);
    expect(nextDigestAt()).toBe('2026-12-25T17:00:00.000Z');
  });
});
