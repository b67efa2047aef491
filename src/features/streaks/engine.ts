import { and, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Services } from '../../core/feature.js';
import { answers, awayPeriods, channels, dailyPosts, members, streaks } from '../../db/schema.js';
import { awaySpans, channelHistory, onTimeAnswers, publishedPosts } from './history.js';
import { awayAt, replayStreaks, type AwaySpan } from './replay.js';
import { advanceStreak, NO_STREAK, type PublishedPost, type StreakState, type StreakStep } from './rules.js';

export type StreakRow = typeof streaks.$inferSelect;

/** A freeze that was spent: the member is told by DM. */
interface FreezeNotice {
  readonly memberId: number;
  readonly channelId: string;
  readonly streak: number;
  readonly freezesLeft: number;
}

const stateOf = (row: StreakRow | undefined): StreakState => (row ? { ...row } : NO_STREAK);

const sameState = (a: StreakState, b: StreakState) =>
  a.current === b.current && a.longest === b.longest && a.freezes === b.freezes && a.sinceFreeze === b.sinceFreeze && a.lastSeq === b.lastSeq;

/**
 * The incremental side of streaks: keeps the streak table up to date as answers are saved and
 * posts go out, by folding the rules of rules.ts over the posts each member has not been brought
 * past yet (`last_seq`). Every update reads the history from the database rather than trusting
 * the event alone, so a redelivered, late or lost event never counts twice or leaves a gap:
 * the next event catches up.
 */
export class StreakEngine {
  // Prepared once: the answer path runs these for every answer.
  private readonly statements;

  constructor(private readonly services: Services) {
    const { db } = services;
    const p = sql.placeholder;
    this.statements = {
      answer: db
        .select({ memberId: answers.memberId, onTime: answers.onTime, channelId: dailyPosts.channelId, seq: dailyPosts.seq })
        .from(answers)
        .innerJoin(dailyPosts, eq(dailyPosts.id, answers.postId))
        .where(eq(answers.id, p('answerId')))
        .prepare(),
      // Plain SQL for a literal LIMIT: drizzle binds .limit(3) as a parameter, which made this
      // lookup (one per post published) ten times slower.
      recentPosts: services.sqlite.prepare<[string], { id: number; seq: number; publishedAt: number }>(
        `SELECT id, seq, posted_at AS publishedAt FROM daily_post
          WHERE channel_id = ? AND status = 'posted' AND posted_at IS NOT NULL ORDER BY seq DESC LIMIT 3`,
      ),
      row: db
        .select()
        .from(streaks)
        .where(and(eq(streaks.channelId, p('channelId')), eq(streaks.memberId, p('memberId'))))
        .prepare(),
      save: db
        .insert(streaks)
        .values({
          channelId: p('channelId'),
          memberId: p('memberId'),
          current: p('current'),
          longest: p('longest'),
          freezes: p('freezes'),
          sinceFreeze: p('sinceFreeze'),
          lastSeq: p('lastSeq'),
          updatedAt: p('updatedAt'),
        })
        .onConflictDoUpdate({
          target: [streaks.channelId, streaks.memberId],
          set: {
            current: sql`excluded.current`,
            longest: sql`excluded.longest`,
            freezes: sql`excluded.freezes`,
            sinceFreeze: sql`excluded.since_freeze`,
            lastSeq: sql`excluded.last_seq`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
        .prepare(),
    };
  }

  /** An answer was created or changed: an on-time answer to a daily post counts at once. */
  async answerSaved(answerId: number): Promise<void> {
    const answer = this.statements.answer.get({ answerId });
    // Mock answers (no post) and late answers count for stats, never for the streak.
    if (!answer || !answer.onTime) return;
    const row = this.row(answer.channelId, answer.memberId);
    if (row && row.lastSeq >= answer.seq) return; // already counted
    const notices = this.services.atomic(() => this.syncMember(answer.channelId, answer.memberId));
    await this.tell(notices);
  }

  /** An answer was deleted: the member's streak is recomputed from what is left. */
  async answerDeleted(memberId: number, channelId: string, postId: number | null): Promise<void> {
    if (postId === null) return;
    const { db, atomic } = this.services;
    atomic(() => {
      const state = replayStreaks(channelHistory(db, channelId, memberId)).get(memberId) ?? NO_STREAK;
      const row = this.row(channelId, memberId);
      if (row || !sameState(state, NO_STREAK)) this.save(channelId, memberId, state);
    });
  }

  /**
   * A post went out, closing the one before it: members with a streak who did not answer that
   * one on time are excused (away), saved by a freeze, or lose their streak.
   */
  async postPublished(channelId: string): Promise<void> {
    const notices = this.services.atomic(() => this.closePosts(channelId));
    await this.tell(notices);
  }

  /** Start-up: catches up every channel, in case the process died between a post and its event. */
  async reconcile(): Promise<void> {
    const { db } = this.services;
    // Every channel with a post, read off the (channel, date) index; one with nothing posted yet is a no-op.
    const withPosts = db.selectDistinct({ channelId: dailyPosts.channelId }).from(dailyPosts).all();
    for (const { channelId } of withPosts) await this.postPublished(channelId);
  }

  /** Recomputes every streak of a channel from history (for repairs and checks). */
  recomputeChannel(channelId: string): Map<number, StreakState> {
    return replayStreaks(channelHistory(this.services.db, channelId));
  }

  row(channelId: string, memberId: number): StreakRow | undefined {
    return this.statements.row.get({ channelId, memberId });
  }

  // -------------------------------------------------------------------------------------------

  /**
   * The usual case in one batch: members who had dealt with every post up to the one before the
   * post just closed. Members further behind (only after a lost event) and members whose on-time
   * answer to the closed post was never counted are caught up one by one.
   */
  private closePosts(channelId: string): FreezeNotice[] {
    const { db } = this.services;
    const recent = this.statements.recentPosts.all(channelId);
    const [latest, closed, before] = recent;
    if (!latest || !closed) return [];
    const windowStart = before?.seq ?? 0;

    const batch = db
      .select()
      .from(streaks)
      .where(and(eq(streaks.channelId, channelId), gt(streaks.current, 0), lt(streaks.lastSeq, closed.seq), gte(streaks.lastSeq, windowStart)))
      .all();
    const notices: FreezeNotice[] = [];
    if (batch.length > 0) {
      const answered = new Set(
        db
          .select({ memberId: answers.memberId })
          .from(answers)
          .where(and(eq(answers.postId, closed.id), eq(answers.onTime, true)))
          .all()
          .map((a) => a.memberId),
      );
      const away = this.awayAtFor(channelId, latest.publishedAt);
      const posts: PublishedPost[] = [closed, latest];
      for (const row of batch) {
        const { state, steps } = advanceStreak(
          stateOf(row),
          posts,
          (seq) => seq === closed.seq && answered.has(row.memberId),
          () => away.has(row.memberId),
        );
        if (!sameState(state, stateOf(row))) this.save(channelId, row.memberId, state);
        notices.push(...this.freezeNotices(channelId, row.memberId, steps));
      }
    }

    const laggards = db
      .select({ memberId: streaks.memberId })
      .from(streaks)
      .where(and(eq(streaks.channelId, channelId), gt(streaks.current, 0), lt(streaks.lastSeq, windowStart)))
      .all()
      .map((r) => r.memberId);
    // On-time answers to the closed post that no answer event counted (the process died in between).
    const uncounted = this.services.sqlite
      .prepare(
        `SELECT DISTINCT a.member_id AS memberId FROM answer a
         LEFT JOIN streak s ON s.channel_id = ? AND s.member_id = a.member_id
         WHERE a.post_id = ? AND a.on_time = 1 AND (s.member_id IS NULL OR s.last_seq < ?)`,
      )
      .all(channelId, closed.id, closed.seq) as Array<{ memberId: number }>;
    for (const memberId of new Set([...laggards, ...uncounted.map((u) => u.memberId)])) {
      notices.push(...this.syncMember(channelId, memberId));
    }
    return notices;
  }

  /** Members of the channel's streaks who were away at `instant`. */
  private awayAtFor(channelId: string, instant: number): Set<number> {
    const { db } = this.services;
    const rows = db
      .select({ memberId: awayPeriods.memberId })
      .from(awayPeriods)
      .innerJoin(streaks, and(eq(streaks.memberId, awayPeriods.memberId), eq(streaks.channelId, channelId)))
      .where(and(gt(streaks.current, 0), lte(awayPeriods.startAt, instant), gt(awayPeriods.endAt, instant)))
      .all();
    return new Set(rows.map((r) => r.memberId));
  }

  /** Brings one member's streak in a channel up to date with every published post. */
  private syncMember(channelId: string, memberId: number): FreezeNotice[] {
    const { db } = this.services;
    const row = this.row(channelId, memberId);
    const start = stateOf(row);
    const answered = new Set(onTimeAnswers(db, channelId, start.lastSeq, memberId).map((a) => a.seq));
    // Without a streak, misses change nothing: start from the first post answered since.
    const from = start.current > 0 ? start.lastSeq : Math.min(...answered) - 1;
    if (!Number.isFinite(from)) return [];
    const spans: AwaySpan[] = awaySpans(db, [memberId]);
    const { state, steps } = advanceStreak(
      start,
      publishedPosts(db, channelId, from),
      (seq) => answered.has(seq),
      (instant) => awayAt(spans, instant),
    );
    if (!sameState(state, start)) this.save(channelId, memberId, state);
    return this.freezeNotices(channelId, memberId, steps);
  }

  private freezeNotices(channelId: string, memberId: number, steps: readonly StreakStep[]): FreezeNotice[] {
    return steps
      .filter((s) => s.outcome === 'frozen')
      .map((s) => ({ memberId, channelId, streak: s.after.current, freezesLeft: s.after.freezes }));
  }

  private save(channelId: string, memberId: number, state: StreakState): void {
    this.statements.save.run({
      channelId,
      memberId,
      current: state.current,
      longest: state.longest,
      freezes: state.freezes,
      sinceFreeze: state.sinceFreeze,
      lastSeq: state.lastSeq,
      updatedAt: this.services.clock.now().getTime(),
    });
  }

  /** Tells members their streak was saved by a freeze. A failed DM is logged: the streak is saved regardless. */
  private async tell(notices: readonly FreezeNotice[]): Promise<void> {
    if (notices.length === 0) return;
    const { db, port, log } = this.services;
    const memberIds = [...new Set(notices.map((n) => n.memberId))];
    const refs = new Map(
      db
        .select({ id: members.id, userRef: members.userRef })
        .from(members)
        .where(inArray(members.id, memberIds))
        .all()
        .map((m) => [m.id, m.userRef]),
    );
    for (const notice of notices) {
      const userRef = refs.get(notice.memberId);
      if (!userRef) continue;
      const channel = db.select({ name: channels.name }).from(channels).where(eq(channels.id, notice.channelId)).get();
      const where = channel?.name ? ` in ${channel.name}` : '';
      const left = notice.freezesLeft === 1 ? '1 left' : `${notice.freezesLeft} left`;
      try {
        await port.sendDirect(userRef, {
          text: `🧊 Your streak of ${notice.streak}${where} was saved by a freeze; ${left}.`,
          context: `You earn a freeze for every 7 questions answered in a row (2 at most). /prep stats shows your streak.`,
        });
      } catch (err) {
        log.warn({ err, member: notice.memberId }, 'could not tell a member about a spent freeze');
      }
    }
  }
}
