import type Database from 'better-sqlite3';
import { forEachBounded } from '../../core/concurrency.js';
import type { Services } from '../../core/feature.js';
import { formatInstant } from '../daily/schedule.js';
import { planAssignments } from './balance.js';
import { assignmentDoc, offerDoc } from './docs.js';

const HOUR_MS = 3_600_000;
/** Unreviewed answers are offered in the thread this long before the next post. */
export const OFFER_BEFORE_MS = HOUR_MS;
const DUE_BATCH = 500;
const SEND_CONCURRENCY = 8;

interface DuePost {
  readonly id: number;
}

interface PostForReviews {
  readonly id: number;
  readonly channelId: string;
  readonly status: string;
  readonly threadRef: string | null;
  readonly round: number;
  readonly questionId: string;
  readonly postedAt: number | null;
  readonly deadlineAt: number | null;
  readonly timezone: string;
  readonly assignHours: number;
}

interface NewAssignment {
  readonly answerId: number;
  readonly reviewerRef: string;
  readonly authorName: string;
  readonly post: PostForReviews;
}

/**
 * The review clock of every daily post: reviewers are assigned review_assign_hours before the
 * next post, and what is still unreviewed an hour before it is offered in the thread.
 *
 * Each step is claimed in the database first (reviews_assigned_at / reviews_offered_at set in the
 * same transaction that decides), then messages go out: a crash or a second process never
 * assigns or offers twice; at worst a DM is lost, and the offer in the thread still follows.
 * The due queries read partial indexes that only hold posts still waiting, so an idle tick is
 * two index probes whatever the number of channels.
 */
export class ReviewScheduler {
  private readonly sql: Record<
    'dueAssign' | 'dueOffer' | 'post' | 'answers' | 'unreviewed' | 'pastLoad' | 'claimAssign' | 'claimOffer' | 'insertAssignment' | 'setAssignAt' | 'moveAssignAt',
    Database.Statement
  >;

  constructor(private readonly services: Services) {
    const { sqlite } = services;
    this.sql = {
      dueAssign: sqlite.prepare(
        `SELECT id FROM daily_post WHERE reviews_assigned_at IS NULL AND review_assign_at IS NOT NULL AND review_assign_at <= ?
          ORDER BY review_assign_at LIMIT ${DUE_BATCH}`,
      ),
      dueOffer: sqlite.prepare(
        `SELECT id FROM daily_post WHERE reviews_offered_at IS NULL AND deadline_at IS NOT NULL AND deadline_at <= ?
          ORDER BY deadline_at LIMIT ${DUE_BATCH}`,
      ),
      post: sqlite.prepare(
        `SELECT p.id, p.channel_id AS channelId, p.status, p.thread_ref AS threadRef, p.round, p.question_id AS questionId,
                p.posted_at AS postedAt, p.deadline_at AS deadlineAt, c.timezone, c.review_assign_hours AS assignHours
           FROM daily_post p JOIN channel c ON c.id = p.channel_id WHERE p.id = ?`,
      ),
      // Every answer to the post with its author, whether it has a review or an assignment, and
      // whether its author is away (away members are not given reviews to do).
      answers: sqlite.prepare(
        `SELECT a.id, a.member_id AS authorId, m.user_ref AS authorRef, m.name AS authorName,
                EXISTS (SELECT 1 FROM review r WHERE r.answer_id = a.id) AS reviewed,
                EXISTS (SELECT 1 FROM review_assignment ra WHERE ra.answer_id = a.id) AS assigned,
                coalesce(m.away_until > @now, 0) AS away
           FROM answer a JOIN member m ON m.id = a.member_id
          WHERE a.post_id = @post ORDER BY a.created_at, a.id`,
      ),
      unreviewed: sqlite.prepare(
        `SELECT a.id AS answerId, m.name AS authorName FROM answer a JOIN member m ON m.id = a.member_id
          WHERE a.post_id = ? AND NOT EXISTS (SELECT 1 FROM review r WHERE r.answer_id = a.id) ORDER BY a.created_at, a.id`,
      ),
      pastLoad: sqlite.prepare('SELECT count(*) AS n FROM review_assignment WHERE reviewer_id = ?'),
      claimAssign: sqlite.prepare('UPDATE daily_post SET reviews_assigned_at = ? WHERE id = ? AND reviews_assigned_at IS NULL'),
      claimOffer: sqlite.prepare('UPDATE daily_post SET reviews_offered_at = ? WHERE id = ? AND reviews_offered_at IS NULL'),
      insertAssignment: sqlite.prepare(
        'INSERT INTO review_assignment (answer_id, reviewer_id, assigned_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      setAssignAt: sqlite.prepare(
        'UPDATE daily_post SET review_assign_at = ? WHERE id = ? AND review_assign_at IS NULL AND reviews_assigned_at IS NULL',
      ),
      moveAssignAt: sqlite.prepare('UPDATE daily_post SET review_assign_at = ? WHERE id = ? AND reviews_assigned_at IS NULL'),
    };
  }

  /**
   * When a post goes out, its assignment time is fixed: review_assign_hours before the next post,
   * but never before half of the answering window has passed (a post made an hour before the next
   * one would otherwise be assigned before anyone could answer it).
   */
  schedulePost(postId: number): void {
    const at = this.assignTime(postId);
    if (at !== null) this.sql.setAssignAt.run(at, postId);
  }

  /**
   * The open question's deadline moved (a skip, a pause, a new schedule): reviewers not assigned
   * yet are assigned relative to the new one, and not at all while there is none.
   */
  deadlineMoved(postId: number): void {
    this.sql.moveAssignAt.run(this.assignTime(postId), postId);
  }

  private assignTime(postId: number): number | null {
    const post = this.sql.post.get(postId) as PostForReviews | undefined;
    if (!post?.deadlineAt || post.status !== 'posted') return null;
    const postedAt = post.postedAt ?? post.deadlineAt;
    return Math.max(post.deadlineAt - post.assignHours * HOUR_MS, postedAt + Math.floor((post.deadlineAt - postedAt) / 2));
  }

  /** Start-up: posts published while the process died before scheduling them (and before this feature existed). */
  backfill(now: Date): void {
    const waiting = this.services.sqlite
      .prepare(
        `SELECT id FROM daily_post WHERE reviews_offered_at IS NULL AND deadline_at IS NOT NULL AND deadline_at > ?
            AND status = 'posted' AND review_assign_at IS NULL AND reviews_assigned_at IS NULL`,
      )
      .all(now.getTime()) as DuePost[];
    for (const post of waiting) this.schedulePost(post.id);
  }

  async tick(now: Date): Promise<void> {
    await this.assignDue(now);
    await this.offerDue(now);
  }

  // ------------------------------------------------------------------------------ assignment

  private async assignDue(now: Date): Promise<void> {
    const due = this.sql.dueAssign.all(now.getTime()) as DuePost[];
    if (due.length === 0) return;
    const made: NewAssignment[] = [];
    // One transaction for the batch, a savepoint per post: a post that fails is rolled back alone,
    // then claimed anyway so it never blocks every later tick.
    const assignOne = this.services.sqlite.transaction((postId: number) => made.push(...this.assign(postId, now)));
    this.services.sqlite.transaction(() => {
      for (const { id } of due) {
        try {
          assignOne(id);
        } catch (err) {
          this.services.log.error({ err, post: id }, 'assigning reviewers failed');
          this.sql.claimAssign.run(now.getTime(), id);
        }
      }
    })();
    await forEachBounded(made, SEND_CONCURRENCY, (a) => this.notifyReviewer(a));
  }

  /** Claims the post and records its assignments. Runs inside a transaction. */
  private assign(postId: number, now: Date): NewAssignment[] {
    const claimed = this.sql.claimAssign.run(now.getTime(), postId);
    const post = this.sql.post.get(postId) as PostForReviews | undefined;
    // Nothing to do for a post claimed elsewhere, never posted, or whose next post is already out.
    if (claimed.changes === 0 || !post || post.status !== 'posted' || !post.deadlineAt || post.deadlineAt <= now.getTime()) return [];
    const rows = this.sql.answers.all({ post: postId, now: now.getTime() }) as Array<{
      id: number;
      authorId: number;
      authorRef: string;
      authorName: string;
      reviewed: number;
      assigned: number;
      away: number;
    }>;
    const todo = rows.filter((r) => !r.reviewed && !r.assigned).map((r) => ({ id: r.id, authorId: r.authorId }));
    if (todo.length === 0) return [];
    const reviewers = new Map(rows.filter((r) => !r.away).map((r) => [r.authorId, r.authorRef]));
    // Fewer past assignments first: who gets the odd extra answer rotates from day to day.
    const ordered = [...reviewers.keys()]
      .map((id) => ({ id, past: (this.sql.pastLoad.get(id) as { n: number }).n }))
      .sort((a, b) => a.past - b.past || a.id - b.id)
      .map((c) => c.id);
    const plan = planAssignments(todo, ordered);
    const names = new Map(rows.map((r) => [r.id, r.authorName]));
    return [...plan].map(([answerId, reviewerId]) => {
      this.sql.insertAssignment.run(answerId, reviewerId, now.getTime());
      return { answerId, reviewerRef: reviewers.get(reviewerId)!, authorName: names.get(answerId) || 'a classmate', post };
    });
  }

  private async notifyReviewer(a: NewAssignment): Promise<void> {
    const question = this.services.catalog.question(a.post.questionId);
    try {
      await this.services.port.sendDirect(
        a.reviewerRef,
        assignmentDoc({
          answerId: a.answerId,
          authorName: a.authorName,
          questionPrompt: question?.prompt ?? '',
          round: a.post.round,
          deadline: formatInstant(new Date(a.post.deadlineAt!), a.post.timezone),
        }),
      );
    } catch (err) {
      this.services.log.warn({ err, answer: a.answerId }, 'could not tell a reviewer about an assignment');
    }
  }

  // ------------------------------------------------------------------------------ offer in the thread

  private async offerDue(now: Date): Promise<void> {
    const due = this.sql.dueOffer.all(now.getTime() + OFFER_BEFORE_MS) as DuePost[];
    if (due.length === 0) return;
    const offers: Array<{ post: PostForReviews; answers: Array<{ answerId: number; authorName: string }> }> = [];
    const claimOne = this.services.sqlite.transaction((postId: number) => {
      const claimed = this.sql.claimOffer.run(now.getTime(), postId);
      const post = this.sql.post.get(postId) as PostForReviews | undefined;
      if (claimed.changes === 0 || !post?.threadRef || post.status !== 'posted' || post.deadlineAt! <= now.getTime()) return;
      const answers = this.sql.unreviewed.all(postId) as Array<{ answerId: number; authorName: string }>;
      if (answers.length > 0) offers.push({ post, answers });
    });
    // One transaction for the batch: posts whose time passed (a long downtime) are cleared in one go.
    this.services.sqlite.transaction(() => {
      for (const { id } of due) claimOne(id);
    })();
    await forEachBounded(offers, SEND_CONCURRENCY, async ({ post, answers }) => {
      try {
        await this.services.port.reply(
          post.threadRef!,
          offerDoc({ answers: answers.map((a) => ({ ...a, authorName: a.authorName || 'a classmate' })), deadline: formatInstant(new Date(post.deadlineAt!), post.timezone) }),
        );
      } catch (err) {
        this.services.log.warn({ err, post: post.id }, 'could not offer unreviewed answers in the thread');
      }
    });
  }
}
