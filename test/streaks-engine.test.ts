import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { advanceTo, memberId, replayedStreak, run, storedStreak, STORY, streaksHarness } from './streaks-fixtures.js';

let h: Harness;
afterEach(() => h?.close());

describe('the streak engine', () => {
  it('takes a deleted answer off the streak, and never counts an answer to an older post', async () => {
    h = streaksHarness();
    await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily');
    const alice = h.as('alice');
    await advanceTo(h, '2026-11-30T10:00:00Z');
    await alice.answer(STORY);
    await advanceTo(h, '2026-12-01T10:00:00Z');
    const message = await alice.answer(STORY);
    expect(storedStreak(h, memberId(h, 'alice'))).toMatchObject({ current: 2, longest: 2 });
    await h.chat.remove(message);
    expect(storedStreak(h, memberId(h, 'alice'))).toMatchObject({ current: 1, longest: 1 });
    // An answer to Monday's post on Tuesday is late: the record, not the streak.
    await alice.answer(STORY, h.threadStarts()[0]!);
    expect(storedStreak(h, memberId(h, 'alice'))).toMatchObject({ current: 1 });
    expect(await run(alice, '/prep stats')).toContain('**Answers:** 2');
  });

  it('catches up at start-up when the process died before a post was announced', async () => {
    h = streaksHarness();
    await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily');
    const bob = h.as('bob');
    await advanceTo(h, '2026-11-30T10:00:00Z');
    await bob.answer(STORY);
    // Tuesday's and Wednesday's posts go out, but each time the process dies before announcing it.
    const events = h.app.services.events as unknown as { emit: (...args: unknown[]) => Promise<void> };
    events.emit = async () => {};
    await advanceTo(h, '2026-12-02T10:00:00Z');
    expect(storedStreak(h, memberId(h, 'bob'))).toMatchObject({ current: 1 });

    const restarted = new Harness({ storage: h.storage, chat: h.chat, clock: h.clock, catalog: h.app.services.catalog });
    await restarted.start();
    expect(storedStreak(h, memberId(h, 'bob'))).toMatchObject({ current: 0, longest: 1 });
    expect(storedStreak(h, memberId(h, 'bob'))).toEqual(replayedStreak(h, memberId(h, 'bob')));
  });
});
