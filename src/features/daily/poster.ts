import { and, desc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { forEachBounded } from '../../core/concurrency.js';
import type { Services } from '../../core/feature.js';
import { DeliveryError, type Posted } from '../../core/ports.js';
import { channels, dailyPosts } from '../../db/schema.js';
import { equalsLiteral } from '../../db/literal.js';
import { dailyPostDoc, threadNameFor } from './post-doc.js';
import { latestSlot, localDateOf, nextSlot, weekdaysFromText, type Schedule, type Slot } from './schedule.js';
import { chooseQuestion, roundFor } from './selection.js';
import { dailyStatements, type DailyStatements } from './statements.js';

export type ChannelRow = typeof channels.$inferSelect;
export type PostRow = typeof dailyPosts.$inferSelect;

/** Sends at once at most this many posts: enough to fan out fast, few enough to stay under rate limits. */
const SEND_CONCURRENCY = 16;
/** After this many permanent failures in a row a channel is paused. */
const PERMANENT_FAILURES_TO_PAUSE = 3;
const DUE_BATCH = 2000;
/** Failed claims stay due; this bounds a tick even if a whole batch keeps failing. */
const MAX_BATCHES_PER_TICK = 100;

export function scheduleOf(channel: ChannelRow): Schedule {
  return {
    timezone: channel.timezone,
    postTime: channel.postTime,
    weekdays: weekdaysFromText(channel.weekdays),
    skipDates: channel.skipDate ? channel.skipDate.split(',').filter(Boolean) : [],
  };
}

/** The skip dates still ahead (today included) as stored in the channel row; past ones are dropped. */
export function skipDatesText(skipDates: readonly string[], today: string): string | null {
  const ahead = [...new Set(skipDates.filter((d) => d >= today))].sort();
  return ahead.length > 0 ? ahead.join(',') : null;
}

export function postKey(postId: number): string {
  return `daily:${postId}`;
}

/**
 * Exactly-once daily posting. A post is claimed in the database (unique channel + local date)
 * before it is sent, and its message ref is stored after. `attempts` is raised before each send,
 * so a post with attempts > 0 and no ref may already be on the platform: it is looked up there
 * (message metadata, nonce) before it is ever sent again.
 */
export class DailyPoster {
  private readonly sending = new Set<number>();
  // The two questions asked every minute, prepared once: building them anew each tick is what
  // a tick would mostly spend its time on (and the playground runs 1440 ticks per simulated day).
  private readonly dueChannels;
  private readonly claimedPosts;

  private readonly statements: DailyStatements;

  constructor(private readonly services: Services) {
    const { db } = services;
    this.dueChannels = db
      .select()
      .from(channels)
      .where(and(isNotNull(channels.nextPostAt), lte(channels.nextPostAt, sql.placeholder('now'))))
      .orderBy(channels.nextPostAt)
      .limit(DUE_BATCH)
      .prepare();
    // A literal, not a bound value: only then can SQLite use the partial index on claimed posts.
    this.claimedPosts = db.select().from(dailyPosts).where(equalsLiteral(dailyPosts.status, 'claimed')).prepare();
    this.statements = dailyStatements(db);
  }

  /** The instant a channel should next post, or null when it should not (unscheduled, paused). */
  nextPostAt(channel: ChannelRow, after: Date): number | null {
    if (!channel.scheduled || channel.paused) return null;
    return this.upcomingSlot(channel, after)?.at.getTime() ?? null;
  }

  /**
   * The next slot after `after` that would really post: skipped dates and dates that already
   * have a post (`/prep post-now` earlier that day, a schedule moved later the same day) are not
   * upcoming, since the claim on (channel, local date) would turn them into nothing.
   */
  upcomingSlot(channel: ChannelRow, after: Date, alsoTaken: readonly string[] = []): Slot | null {
    const schedule = scheduleOf(channel);
    const taken = this.statements.takenDates
      .all({ channelId: channel.id, from: localDateOf(after, channel.timezone) })
      .map((p) => p.localDate);
    return nextSlot({ ...schedule, skipDates: [...schedule.skipDates, ...taken, ...alsoTaken] }, after);
  }

  /**
   * After a schedule change (skip, pause, resume, a new time...): the question still open is due by
   * the channel's new next post, so its deadline moves there, the posted question shows it, and
   * 'post.deadline.changed' lets reviews move their assignment time with it. Streaks never read
   * this (on time is judged against the next post that really went out).
   */
  async moveOpenDeadline(channel: ChannelRow): Promise<void> {
    const { db, port, catalog, log, events } = this.services;
    const open = db
      .select()
      .from(dailyPosts)
      .where(and(eq(dailyPosts.channelId, channel.id), ne(dailyPosts.status, 'failed')))
      .orderBy(desc(dailyPosts.seq))
      .get();
    if (!open || open.deadlineAt === channel.nextPostAt) return;
    db.update(dailyPosts).set({ deadlineAt: channel.nextPostAt }).where(eq(dailyPosts.id, open.id)).run();
    const question = catalog.question(open.questionId);
    if (open.status === 'posted' && open.messageRef && question) {
      const deadline = channel.nextPostAt === null ? null : new Date(channel.nextPostAt);
      try {
        await port.updateMessage(open.messageRef, dailyPostDoc({ catalog, question, postId: open.id, deadline, timezone: channel.timezone }));
      } catch (err) {
        log.warn({ err, post: open.id }, 'could not show the new deadline on the posted question');
      }
    }
    await events.emit('post.deadline.changed', { postId: open.id, channelId: channel.id, deadlineAt: channel.nextPostAt });
  }

  /** The post of a channel on a local date, whatever its status, or null. */
  postOn(channelId: string, localDate: string): PostRow | null {
    return this.statements.postOn.get({ channelId, localDate }) ?? null;
  }

  /** One scheduler pass: claim every due channel's post, then send claimed posts. */
  async tick(now: Date): Promise<void> {
    // Claims go in batches so memory stays flat; a big fan-out (10,000 channels at 09:00) is
    // claimed completely in this tick, batch after batch, before the sends start.
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const due = this.dueChannels.all({ now: now.getTime() });
      if (due.length === 0) break;
      const failed = this.claimBatch(due, now);
      if (due.length < DUE_BATCH || failed === due.length) break;
    }
    await this.sendPending(now);
  }

  /** Claims a batch in one transaction, one savepoint per channel; returns how many failed. */
  private claimBatch(due: ChannelRow[], now: Date): number {
    const { db } = this.services;
    // A channel whose claim throws (say, its round has no questions) is rolled back alone and
    // never holds up the rest.
    const claimOne = this.services.sqlite.transaction((channel: ChannelRow) => this.claimDue(channel, now));
    const failed: Array<{ channel: ChannelRow; err: unknown }> = [];
    this.services.sqlite.transaction(() => {
      for (const channel of due) {
        try {
          claimOne(channel);
        } catch (err) {
          failed.push({ channel, err });
        }
      }
    })();
    for (const { channel, err } of failed) {
      // Left due, so it is tried again next minute; /prep schedule shows why it has not posted.
      const reason = `could not prepare the question: ${(err as Error).message}`;
      db.update(channels).set({ lastError: reason }).where(eq(channels.id, channel.id)).run();
      this.services.log.error({ channel: channel.id, err }, 'claiming a daily post failed');
    }
    return failed.length;
  }

  /** Posts today's question right away (`/prep post-now`). Null when today already has one. */
  async postNow(channel: ChannelRow, now: Date): Promise<PostRow | null> {
    const { db } = this.services;
    const localDate = localDateOf(now, channel.timezone);
    const post = this.services.atomic(() => {
      const claimed = this.claim(channel, localDate, now);
      // Today is taken now: a slot later today is no longer the next post.
      if (claimed) db.update(channels).set({ nextPostAt: this.nextPostAt(channel, now) }).where(eq(channels.id, channel.id)).run();
      return claimed;
    });
    if (!post) return null;
    this.markAttempting([post]);
    await this.send(post, now);
    return this.services.db.select().from(dailyPosts).where(eq(dailyPosts.id, post.id)).get() ?? null;
  }

  /** Sends (or finds, after a crash) every claimed post that is not being sent right now. */
  async sendPending(now: Date): Promise<void> {
    const pending = this.claimedPosts.all();
    const todo = pending.filter((p) => !this.sending.has(p.id));
    this.markAttempting(todo);
    await forEachBounded(todo, SEND_CONCURRENCY, (post) => this.send(post, now));
  }

  /**
   * Counts an attempt for each post about to be sent, durably, before any of them leaves: after a
   * crash, a post with attempts > 0 is looked up on the platform before it is ever sent again.
   * One transaction for the whole fan-out instead of one commit per post.
   */
  private markAttempting(posts: readonly PostRow[]): void {
    if (posts.length === 0) return;
    this.services.atomic(() => {
      for (const post of posts) this.statements.countAttempt.run({ id: post.id });
    });
    this.services.writes.flush();
  }

  // -------------------------------------------------------------------------------------------

  /**
   * A due channel posts only for today's slot: a bot that was down at post time and comes back
   * the same local day posts once; one that comes back days later never posts a backlog.
   */
  private claimDue(channel: ChannelRow, now: Date): void {
    const schedule = scheduleOf(channel);
    const today = localDateOf(now, channel.timezone);
    const slot = latestSlot(schedule, now);
    const claimed = slot && slot.localDate === today ? this.claim(channel, slot.localDate, now) : null;
    // A fresh claim already worked out the next post: its deadline.
    const nextPostAt = claimed && channel.scheduled && !channel.paused ? claimed.deadlineAt : this.nextPostAt(channel, now);
    this.statements.setNextPost.run({ id: channel.id, nextPostAt, skipDate: skipDatesText(schedule.skipDates, today) });
  }

  /** Inserts the claim for (channel, localDate); null when that date already has a post. Runs inside a transaction. */
  private claim(channel: ChannelRow, localDate: string, now: Date): PostRow | null {
    const { db, catalog } = this.services;
    if (this.postOn(channel.id, localDate)) return null;
    const round = roundFor(db, channel, localDate, now);
    const question = chooseQuestion(db, catalog, channel.id, round, localDate);
    // Answers are due by the next post that will really go out: not a later slot of this same
    // day (post-now before the scheduled time), not a skipped day, none when nothing is scheduled.
    const deadline = channel.scheduled && !channel.paused ? (this.upcomingSlot(channel, now, [localDate])?.at.getTime() ?? null) : null;
    const seq = (this.statements.lastSeq.get({ channelId: channel.id })?.seq ?? 0) + 1;
    const post = this.statements.insertClaim.get({
      channelId: channel.id,
      localDate,
      seq,
      round,
      questionId: question.id,
      claimedAt: now.getTime(),
      deadlineAt: deadline,
    });
    if (!post) return null;
    this.statements.useQuestion.run({ channelId: channel.id, questionId: question.id, at: now.getTime() });
    if (channel.rotation === 'cycle') {
      db.update(channels)
        .set({ cycleNext: (channel.cycleNext % 5) + 1 })
        .where(eq(channels.id, channel.id))
        .run();
    }
    return post;
  }

  private async send(post: PostRow, now: Date): Promise<void> {
    if (this.sending.has(post.id)) return;
    this.sending.add(post.id);
    try {
      await this.deliver(post, now);
    } finally {
      this.sending.delete(post.id);
    }
  }

  private async deliver(queued: PostRow, now: Date): Promise<void> {
    const { port, catalog, log } = this.services;
    // Read the row again: another send may have finished it since `queued` was loaded.
    const post = this.statements.postById.get({ id: queued.id });
    if (!post || post.status !== 'claimed') return;
    const channel = this.statements.channelById.get({ id: post.channelId });
    const question = catalog.question(post.questionId);
    if (!channel || !question) {
      this.markFailed(post.id, !channel ? 'channel no longer exists' : `question ${post.questionId} left the bank`);
      return;
    }
    const key = postKey(post.id);
    try {
      // A previous attempt may have reached the platform before the process died. (`queued` holds
      // the count from before this attempt was marked.)
      if (queued.attempts > 0) {
        const found = await port.findPost(channel.id, key, new Date(post.claimedAt - 60_000));
        if (found) {
          await this.recordPosted(post.id, channel.id, found, now);
          log.info({ channel: channel.id, post: post.id }, 'reconciled a post that was sent before a restart');
          return;
        }
      }
      if (post.localDate < localDateOf(now, channel.timezone)) {
        this.markFailed(post.id, 'its day passed before it could be sent');
        return;
      }
      const doc = dailyPostDoc({ catalog, question, postId: post.id, deadline: post.deadlineAt ? new Date(post.deadlineAt) : null, timezone: channel.timezone });
      const posted = await port.startThread(channel.id, doc, { key, threadName: threadNameFor(question, post.localDate) });
      await this.recordPosted(post.id, channel.id, posted, this.services.clock.now());
    } catch (err) {
      this.recordFailure(post, channel, err);
    }
  }

  private async recordPosted(postId: number, channelId: string, posted: Posted, at: Date): Promise<void> {
    // Batched with the other posts of the fan-out: if the process dies before this commits, the
    // post is found on the platform at start-up (its attempt was counted before it was sent).
    this.services.writes.join();
    const post = this.services.atomic(() => {
      this.statements.markPosted.run({ id: postId, messageRef: posted.message, threadRef: posted.thread, postedAt: at.getTime() });
      this.statements.resetFailures.run({ id: channelId });
      return this.statements.postById.get({ id: postId })!;
    });
    await this.services.events.emit('post.published', { postId, channelId, seq: post.seq, at });
  }

  private recordFailure(post: PostRow, channel: ChannelRow, err: unknown): void {
    const { db, log } = this.services;
    const permanent = err instanceof DeliveryError && err.permanent;
    const reason = err instanceof DeliveryError ? `${err.code}: ${err.message}` : (err as Error).message;
    db.update(dailyPosts).set({ lastError: reason }).where(eq(dailyPosts.id, post.id)).run();
    if (!permanent) {
      log.warn({ channel: channel.id, post: post.id, err }, 'daily post failed; will retry next minute');
      return;
    }
    const failures = channel.failureCount + 1;
    if (failures >= PERMANENT_FAILURES_TO_PAUSE) {
      this.services.atomic(() => {
        db.update(channels)
          .set({
            failureCount: failures,
            lastError: reason,
            paused: true,
            pausedReason: `posting failed ${failures} times in a row (${reason})`,
            nextPostAt: null,
          })
          .where(eq(channels.id, channel.id))
          .run();
        this.markFailed(post.id, reason);
      });
      log.error({ channel: channel.id, reason }, 'channel paused after repeated permanent failures');
    } else {
      db.update(channels).set({ failureCount: failures, lastError: reason }).where(eq(channels.id, channel.id)).run();
      log.warn({ channel: channel.id, failures, reason }, 'daily post failed permanently; retrying before pausing');
    }
  }

  private markFailed(postId: number, reason: string): void {
    this.services.db.update(dailyPosts).set({ status: 'failed', lastError: reason }).where(eq(dailyPosts.id, postId)).run();
  }
}
