/**
 * The streak rules, stated once. Both the incremental updates (engine.ts, on every answer and
 * every published post) and the replay from history (replay.ts) fold these same steps over a
 * channel's posts in sequence order, so they cannot disagree about what a rule means; the
 * property test checks that they also agree about *when* each step happens.
 *
 * A channel's posts are numbered by `seq`. Only published posts take part: a post that failed
 * never reached anyone and so cannot be missed. Post k is "closed" once a later post is published.
 */

/** One freeze is earned for every this many posts answered in a row. */
export const FREEZE_EVERY = 7;
/** Freezes held at most. */
export const MAX_FREEZES = 2;

export interface StreakState {
  readonly current: number;
  readonly longest: number;
  readonly freezes: number;
  /** Posts answered in a row towards the next freeze. */
  readonly sinceFreeze: number;
  /** The last post this streak has dealt with: answered, frozen, excused by an away period, or the one that broke it. */
  readonly lastSeq: number;
}

export const NO_STREAK: StreakState = { current: 0, longest: 0, freezes: 0, sinceFreeze: 0, lastSeq: 0 };

/** What closing an unanswered post did to a streak. */
export type MissOutcome = 'nothing' | 'away' | 'frozen' | 'broken';

/** Post `seq` was answered before the next post went out. */
export function countAnswered(state: StreakState, seq: number): StreakState {
  if (seq <= state.lastSeq) return state; // already counted (a second answer, an edit)
  const current = state.current + 1;
  const earned = state.sinceFreeze + 1 >= FREEZE_EVERY;
  return {
    current,
    longest: Math.max(state.longest, current),
    freezes: earned ? Math.min(MAX_FREEZES, state.freezes + 1) : state.freezes,
    sinceFreeze: earned ? 0 : state.sinceFreeze + 1,
    lastSeq: seq,
  };
}

/**
 * Post `seq` closed without an on-time answer. An away member is excused (the streak pauses:
 * nothing gained, nothing lost); otherwise a freeze saves the streak, and without one it ends.
 * With no streak there is nothing to lose, and the state is left exactly as it was, which is
 * what lets the engine skip members without a streak when a post closes.
 */
export function closeUnanswered(state: StreakState, seq: number, away: boolean): { state: StreakState; outcome: MissOutcome } {
  if (state.current === 0 || seq <= state.lastSeq) return { state, outcome: 'nothing' };
  if (away) return { state: { ...state, lastSeq: seq }, outcome: 'away' };
  if (state.freezes > 0) {
    // A frozen day is not an answered day: the run towards the next freeze starts again.
    return { state: { ...state, freezes: state.freezes - 1, sinceFreeze: 0, lastSeq: seq }, outcome: 'frozen' };
  }
  return { state: { ...state, current: 0, sinceFreeze: 0, lastSeq: seq }, outcome: 'broken' };
}

export interface PublishedPost {
  readonly seq: number;
  readonly publishedAt: number;
}

export interface StreakStep {
  readonly seq: number;
  readonly outcome: MissOutcome | 'answered';
  /** The state after this step. */
  readonly after: StreakState;
}

/**
 * Brings a streak up to date with a run of published posts (seq order, all after `state.lastSeq`).
 * A post with an on-time answer counts; a post without one counts as a miss only once closed,
 * i.e. when a later post follows it in `posts` (or `closedBy` says when the next one went out);
 * the member is excused when away at the moment the post closed.
 */
export function advanceStreak(
  start: StreakState,
  posts: readonly PublishedPost[],
  answeredOnTime: (seq: number) => boolean,
  awayAt: (instant: number) => boolean,
): { state: StreakState; steps: StreakStep[] } {
  let state = start;
  const steps: StreakStep[] = [];
  for (let i = 0; i < posts.length; i++) {
    const post = posts[i]!;
    if (post.seq <= state.lastSeq) continue;
    if (answeredOnTime(post.seq)) {
      state = countAnswered(state, post.seq);
      steps.push({ seq: post.seq, outcome: 'answered', after: state });
      continue;
    }
    const next = posts[i + 1];
    if (!next) break; // still open: it can be answered yet
    const closed = closeUnanswered(state, post.seq, awayAt(next.publishedAt));
    state = closed.state;
    if (closed.outcome !== 'nothing') steps.push({ seq: post.seq, outcome: closed.outcome, after: state });
  }
  return { state, steps };
}
