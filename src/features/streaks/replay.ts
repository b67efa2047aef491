import { advanceStreak, NO_STREAK, type PublishedPost, type StreakState } from './rules.js';

/** A channel's history, as far as streaks are concerned. Plain data: no database, no clock. */
export interface ChannelHistory {
  /** Published posts (failed ones never reached anyone and are left out), any order. */
  readonly posts: readonly PublishedPost[];
  /** Answers to the channel's daily posts, by the seq of the post they answer. */
  readonly answers: readonly { readonly memberId: number; readonly seq: number; readonly onTime: boolean }[];
  /** Away periods of the channel's members, [startAt, endAt) in epoch ms. */
  readonly aways: readonly AwaySpan[];
}

export interface AwaySpan {
  readonly memberId: number;
  readonly startAt: number;
  readonly endAt: number;
}

/** True when one of `spans` covers `instant` (start inclusive, end exclusive). */
export function awayAt(spans: readonly AwaySpan[], instant: number): boolean {
  return spans.some((s) => s.startAt <= instant && instant < s.endAt);
}

/**
 * Every member's streak in a channel, recomputed from scratch: the answer to "what should the
 * streak table say?" after a bug, a restore, or a deleted answer. Members who never answered a
 * post on time have no streak and are not in the result.
 */
export function replayStreaks(history: ChannelHistory): Map<number, StreakState> {
  const posts = [...history.posts].sort((a, b) => a.seq - b.seq);
  const onTime = new Map<number, Set<number>>();
  for (const answer of history.answers) {
    if (!answer.onTime) continue; // late answers count for the record, never for the streak
    const seqs = onTime.get(answer.memberId) ?? new Set<number>();
    seqs.add(answer.seq);
    onTime.set(answer.memberId, seqs);
  }
  const result = new Map<number, StreakState>();
  for (const [memberId, seqs] of onTime) {
    const spans = history.aways.filter((a) => a.memberId === memberId);
    const { state } = advanceStreak(NO_STREAK, posts, (seq) => seqs.has(seq), (instant) => awayAt(spans, instant));
    result.set(memberId, state);
  }
  return result;
}
