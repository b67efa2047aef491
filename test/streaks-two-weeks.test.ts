import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, UserDriver } from '../adapters/memory/harness.js';
import { advanceTo, memberId, privateSince, replayedStreak, run, storedStreak, STORY, streaksHarness } from './streaks-fixtures.js';

/**
 * The "Done when" of issue 6: two weeks of a daily channel (09:00 UTC, every day, from Monday
 * 30 Nov 2026). Post n goes out on day n-1.
 *
 * alice answers posts 1-7 (a streak of 7 earns a freeze), misses post 8 (the freeze saves her
 * streak when post 9 goes out; she answers post 8 late, which counts for the record only),
 * answers 9 and 10, goes away for 3 days (post 11 closes while she is away), comes back early
 * and answers 12, 13, 14: current 12, longest 12, no freeze left, 13 answers.
 *
 * bob answers 1-3, misses 4 with no freeze (his streak ends when post 5 goes out), then answers
 * 5-14: current 10, longest 10, one freeze earned at 7 in a row.
 */

const day = (n: number, time: string) => {
  const date = new Date(Date.UTC(2026, 10, 30 + n));
  return `${date.toISOString().slice(0, 10)}T${time}:00Z`;
};

let h: Harness;
let alice: UserDriver;
let bob: UserDriver;
const seen: Record<string, string> = {};

beforeAll(async () => {
  h = streaksHarness();
  alice = h.as('alice');
  bob = h.as('bob');
  await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily');
  for (let d = 0; d < 14; d++) {
    const inboxBefore = alice.inbox().length;
    await advanceTo(h, day(d, '10:00'));
    if (d === 8) seen.freezeDm = privateSince(alice, inboxBefore);
    const post = h.lastThreadStart();
    const previous = h.threadStarts()[d - 1];
    if (d === 11) seen.back = await run(alice, '/prep back');
    if (d !== 7 && d !== 10) await alice.answer(STORY, post);
    if (d === 8) await alice.answer(`Late, for the record. ${STORY}`, previous!); // post 8, after post 9 went out
    if (d !== 3) await bob.answer(STORY, post);
    if (d === 6) seen.statsAfterSeven = await run(alice, '/prep stats');
    if (d === 8) seen.statsAfterFreeze = await run(alice, '/prep stats');
    if (d === 9) {
      await advanceTo(h, day(d, '12:00'));
      seen.away = await run(alice, '/prep away 3');
    }
  }
  seen.aliceStats = await run(alice, '/prep stats');
  seen.bobStats = await run(bob, '/prep stats');
  seen.stories = await run(alice, '/prep stories');
}, 240_000);

afterAll(() => h?.close());

describe('two weeks of a daily channel', () => {
  it('counts a streak of 7 and earns a freeze', () => {
    expect(seen.statsAfterSeven).toContain('🔥 7 (longest 7) · freezes 1/2');
  });

  it('saves the streak with the freeze when a post is missed, and tells the member by DM', () => {
    const dm = alice.inbox().find((m) => m.kind === 'dm' && m.text.includes('saved by a freeze'));
    expect(dm?.text).toContain('Your streak of 7 in #study-group was saved by a freeze; 0 left.');
    expect(seen.freezeDm).toContain('saved by a freeze');
    // The late answer to post 8 did not count for the streak: 7 + post 9.
    expect(seen.statsAfterFreeze).toContain('🔥 8 (longest 8) · freezes 0/2');
  });

  it('pauses the streak while away: a post that closes then costs nothing', () => {
    expect(seen.away).toContain('Away until Sat 12 Dec, 12:00 UTC (3 days)');
    expect(seen.back).toContain('Welcome back');
  });

  it('shows the expected numbers in /prep stats at the end', () => {
    expect(seen.aliceStats).toContain('🔥 12 (longest 12) · freezes 0/2');
    expect(seen.aliceStats).toContain('**Answers:** 13');
    expect(seen.bobStats).toContain('🔥 10 (longest 10) · freezes 1/2');
    expect(seen.bobStats).toContain('**Answers:** 13');
    // Only freezes are announced: bob lost his streak without one and got no DM about it.
    expect(bob.inbox().some((m) => m.text.includes('freeze;'))).toBe(false);
  });

  it('agrees with the streaks recomputed from history', () => {
    for (const name of ['alice', 'bob']) {
      const id = memberId(h, name);
      expect(storedStreak(h, id), name).toEqual(replayedStreak(h, id));
    }
    expect(storedStreak(h, memberId(h, 'alice'))).toMatchObject({ current: 12, longest: 12, freezes: 0 });
  });

  it('posts a leaderboard with streaks, and answers of this week only', async () => {
    await h.as('carol').command('/prep leaderboard');
    const board = h.botMessages().filter((m) => m.kind === 'post').pop()!;
    expect(board.channel).toBe(h.channel);
    expect(board.text).toMatch(/Current streaks\*\*\n🥇 alice: 12 🔥\n🥈 bob: 10 🔥/);
    // The week started on Monday 7 Dec: alice's late answer to post 8 plus posts 9, 10, 12, 13, 14; bob 8-14.
    expect(board.text).toMatch(/Answers this week\*\* \(since Mon 7 Dec\)\n🥇 bob: 7 answers\n🥈 alice: 6 answers/);
  });

  it('fills the story bank from the behavioral answers only', () => {
    // Two Fridays (round 5, behavioral, all listing Customer Obsession) answered by alice.
    expect(seen.stories).toMatch(/●● \*\*Customer Obsession\*\* \(2 stories\)\. Best: “Situation: our fraud team/);
    const missing = /No story yet \(\d+\):\*\* (.*)/.exec(seen.stories ?? '')?.[1] ?? '';
    expect(missing).toContain('Frugality');
    expect(missing).toContain('Think Big');
    expect(missing).not.toContain('Customer Obsession');
  });
});
