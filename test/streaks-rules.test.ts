import { describe, expect, it } from 'vitest';
import { replayStreaks } from '../src/features/streaks/replay.js';
import { advanceStreak, closeUnanswered, countAnswered, NO_STREAK, type StreakState } from '../src/features/streaks/rules.js';

const answerAll = (from: StreakState, seqs: number[]) => seqs.reduce(countAnswered, from);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('streak rules', () => {
  it('earns a freeze for every 7 answers in a row, holding at most 2', () => {
    expect(answerAll(NO_STREAK, range(1, 6)).freezes).toBe(0);
    expect(answerAll(NO_STREAK, range(1, 7))).toEqual({ current: 7, longest: 7, freezes: 1, sinceFreeze: 0, lastSeq: 7 });
    expect(answerAll(NO_STREAK, range(1, 14)).freezes).toBe(2);
    expect(answerAll(NO_STREAK, range(1, 21))).toMatchObject({ current: 21, freezes: 2 });
  });

  it('counts a post once, however many answers it gets', () => {
    const once = countAnswered(NO_STREAK, 1);
    expect(countAnswered(once, 1)).toBe(once);
  });

  it('spends a freeze on a miss, keeping the streak but restarting the run towards the next freeze', () => {
    const seven = answerAll(NO_STREAK, range(1, 10)); // freeze at 7, 3 towards the next
    const { state, outcome } = closeUnanswered(seven, 11, false);
    expect(outcome).toBe('frozen');
    expect(state).toEqual({ current: 10, longest: 10, freezes: 0, sinceFreeze: 0, lastSeq: 11 });
  });

  it('ends the streak on a miss without a freeze, keeping the longest', () => {
    const { state, outcome } = closeUnanswered(answerAll(NO_STREAK, range(1, 4)), 5, false);
    expect(outcome).toBe('broken');
    expect(state).toMatchObject({ current: 0, longest: 4, freezes: 0 });
    expect(countAnswered(state, 6)).toMatchObject({ current: 1, longest: 4 });
  });

  it('excuses a miss while away: nothing gained, nothing lost, not even a freeze', () => {
    const seven = answerAll(NO_STREAK, range(1, 7));
    const { state, outcome } = closeUnanswered(seven, 8, true);
    expect(outcome).toBe('away');
    expect(state).toEqual({ ...seven, lastSeq: 8 });
  });

  it('leaves a member without a streak exactly as they were', () => {
    const broken = closeUnanswered(countAnswered(NO_STREAK, 1), 2, false).state;
    expect(closeUnanswered(broken, 3, false)).toEqual({ state: broken, outcome: 'nothing' });
  });

  it('never closes the latest post: it can still be answered', () => {
    const posts = [1, 2, 3].map((seq) => ({ seq, publishedAt: seq * 1000 }));
    const { state, steps } = advanceStreak(countAnswered(NO_STREAK, 1), posts, (seq) => seq === 1 || seq === 2, () => false);
    expect(state).toMatchObject({ current: 2, lastSeq: 2 });
    expect(steps.map((s) => s.outcome)).toEqual(['answered']);
  });

  it('judges "away" at the moment the next post went out', () => {
    const posts = [1, 2, 3].map((seq) => ({ seq, publishedAt: seq * 1000 }));
    const history = (away: { startAt: number; endAt: number }) => ({
      posts,
      answers: [
        { memberId: 1, seq: 1, onTime: true },
        { memberId: 1, seq: 3, onTime: true },
      ],
      aways: [{ memberId: 1, ...away }],
    });
    // Post 2 closes at 3000 (when post 3 goes out).
    expect(replayStreaks(history({ startAt: 2500, endAt: 3001 })).get(1)).toMatchObject({ current: 2 });
    expect(replayStreaks(history({ startAt: 2000, endAt: 3000 })).get(1)).toMatchObject({ current: 1, longest: 1 });
  });

  it('counts late answers for nothing', () => {
    const history = { posts: [{ seq: 1, publishedAt: 0 }, { seq: 2, publishedAt: 1 }], answers: [{ memberId: 7, seq: 1, onTime: false }], aways: [] };
    expect(replayStreaks(history).has(7)).toBe(false);
  });
});
