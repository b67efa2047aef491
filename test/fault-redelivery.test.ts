import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import type { InboundEvent } from '../src/core/events.js';

/**
 * Platforms redeliver events and processes restart. Every event here is delivered 2-3 times, the
 * copies in random order, some to a freshly started core (no in-memory memory of what it saw), so
 * only the database's unique keys stand between a redelivery and a duplicate.
 */
let cores: Harness[] = [];
afterEach(() => {
  cores[0]?.close();
  cores = [];
});

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const STORY = (who: string, day: number) =>
  `Last year our team had a nightly load that broke on day ${day}. I was asked by ${who}'s manager to fix it before the audit. ` +
  'I rewrote the merge to be idempotent and added alarms. As a result failures dropped by 90% in a month.';

async function deliverRepeatedly(events: InboundEvent[], random: () => number): Promise<void> {
  const [first] = cores;
  // The first copies arrive in order (answers before the review that needs them); the extra
  // copies land at random later positions and go to a random core.
  const schedule: { event: InboundEvent; core: Harness }[] = events.map((event) => ({ event, core: first! }));
  for (const [index, event] of events.entries()) {
    const extra = 1 + Math.floor(random() * 2);
    for (let k = 0; k < extra; k++) {
      const at = index + 1 + Math.floor(random() * (schedule.length - index));
      schedule.splice(at, 0, { event, core: cores[Math.floor(random() * cores.length)]! });
    }
  }
  for (const { event, core } of schedule) await core.app.dispatcher.dispatch(event);
}

describe('events delivered 2-3 times in random order', () => {
  it.each([1, 2, 3])('make no duplicate answer, review or streak (seed %i)', async (seed) => {
    const random = seeded(seed);
    const h = new Harness({ start: '2026-11-30T08:00:00Z' });
    cores = [h];
    await h.as('admin', { admin: true }).command('/prep setup time:09:00 days:daily');
    // A second and a third core on the same database: as after restarts, they remember nothing.
    cores.push(new Harness({ storage: h.storage, chat: h.chat, clock: h.clock }), new Harness({ storage: h.storage, chat: h.chat, clock: h.clock }));

    const names = ['alice', 'bob', 'carol'];
    for (let day = 1; day <= 2; day++) {
      await h.advance(day === 1 ? '1h1m' : '1d');
      const post = h.lastThreadStart();
      const thread = h.chat.threadOf(post);
      const events: InboundEvent[] = names.map((name, i) => ({
        type: 'message',
        community: h.chat.community,
        channel: h.channel,
        thread,
        message: `mem:m:dup-${day}-${i}`,
        messageId: `dup-${day}-${i}`,
        user: h.chat.user(name),
        text: STORY(name, day),
      }));
      await deliverRepeatedly(events, random);
    }

    // bob reviews alice's day-2 answer; the submission itself is redelivered.
    const bob = h.as('bob');
    await bob.click(h.lastThreadStart(), 'Review an answer');
    const form = bob.openedForm();
    const values = Object.fromEntries(
      form.form.inputs.map((input) => [input.id, input.kind === 'choice' ? '3' : 'A specific and measured story, keep the numbers.']),
    );
    const submit: InboundEvent = {
      type: 'form_submit',
      community: h.chat.community,
      channel: form.channel,
      thread: form.thread,
      form: form.form.id,
      state: form.form.state,
      values,
      user: bob.user,
      interaction: 'mem:i:review-submit',
    };
    await deliverRepeatedly([submit], random);

    const count = (sql: string) => (h.storage.sqlite.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM answer')).toBe(6);
    expect(count('SELECT count(*) AS n FROM answer_message')).toBe(6);
    expect(count('SELECT count(*) AS n FROM review')).toBe(1);
    const streaks = h.storage.sqlite
      .prepare('SELECT m.name, s.current, s.longest FROM streak s JOIN member m ON m.id = s.member_id ORDER BY m.name')
      .all();
    expect(streaks).toEqual([
      { name: 'alice', current: 2, longest: 2 },
      { name: 'bob', current: 2, longest: 2 },
      { name: 'carol', current: 2, longest: 2 },
    ]);
    // Each author got feedback once per answer, however often the message arrived.
    for (const name of names) {
      const feedback = h.chat.privateTo(h.chat.user(name)).filter((m) => m.text.startsWith('Feedback on your answer'));
      expect(feedback).toHaveLength(2);
    }
  });
});
