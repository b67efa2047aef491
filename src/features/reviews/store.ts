import { and, desc, eq, sql } from 'drizzle-orm';
import type { Services } from '../../core/feature.js';
import { answers, channels, dailyPosts, members, reviews } from '../../db/schema.js';
import { equalsLiteral } from '../../db/literal.js';
import type { RubricValues } from './rubric.js';

export type AnswerRow = typeof answers.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;
export type PostRow = typeof dailyPosts.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

/** An answer to a post, as the picker sees it from one reviewer's side. */
export interface AnswerForReviewer {
  readonly id: number;
  readonly memberId: number;
  readonly createdAt: number;
  readonly reviewCount: number;
  /** True when this reviewer already reviewed it. */
  readonly reviewedByMe: boolean;
  /** True when the assignment tick gave it to this reviewer. */
  readonly assignedToMe: boolean;
}

/** Reviews and what they hang on (answers, posts, members). Writes are keyed by (answer, reviewer). */
export class ReviewStore {
  constructor(private readonly services: Services) {}

  private get db() {
    return this.services.db;
  }

  post(id: number): PostRow | undefined {
    return this.db.select().from(dailyPosts).where(eq(dailyPosts.id, id)).get();
  }

  postByThread(thread: string): PostRow | undefined {
    return this.db.select().from(dailyPosts).where(eq(dailyPosts.threadRef, thread)).get();
  }

  /** The channel's latest posted question (by sequence number: the unique index serves it). */
  latestPost(channelId: string): PostRow | undefined {
    return this.db
      .select()
      .from(dailyPosts)
      .where(and(eq(dailyPosts.channelId, channelId), equalsLiteral(dailyPosts.status, 'posted')))
      .orderBy(desc(dailyPosts.seq))
      .get();
  }

  channel(id: string): ChannelRow | undefined {
    return this.db.select().from(channels).where(eq(channels.id, id)).get();
  }

  member(id: number): MemberRow | undefined {
    return this.db.select().from(members).where(eq(members.id, id)).get();
  }

  answer(id: number): AnswerRow | undefined {
    return this.db.select().from(answers).where(eq(answers.id, id)).get();
  }

  review(id: number): ReviewRow | undefined {
    return this.db.select().from(reviews).where(eq(reviews.id, id)).get();
  }

  reviewOf(answerId: number, reviewerId: number): ReviewRow | undefined {
    return this.db
      .select()
      .from(reviews)
      .where(and(eq(reviews.answerId, answerId), eq(reviews.reviewerId, reviewerId)))
      .get();
  }

  /** The review a platform message shows (for reactions); uses review_message_idx. */
  reviewByMessage(messageRef: string): ReviewRow | undefined {
    return this.db.select().from(reviews).where(eq(reviews.messageRef, messageRef)).get();
  }

  /** Every answer to a post with its review count and this reviewer's relation to it. */
  answersForReviewer(postId: number, reviewerId: number): AnswerForReviewer[] {
    return this.services.sqlite
      .prepare(
        `SELECT a.id AS id, a.member_id AS memberId, a.created_at AS createdAt,
                (SELECT count(*) FROM review r WHERE r.answer_id = a.id) AS reviewCount,
                EXISTS (SELECT 1 FROM review r WHERE r.answer_id = a.id AND r.reviewer_id = @reviewer) AS reviewedByMe,
                EXISTS (SELECT 1 FROM review_assignment ra WHERE ra.answer_id = a.id AND ra.reviewer_id = @reviewer) AS assignedToMe
           FROM answer a WHERE a.post_id = @post`,
      )
      .all({ post: postId, reviewer: reviewerId })
      .map((row) => {
        const r = row as { id: number; memberId: number; createdAt: number; reviewCount: number; reviewedByMe: number; assignedToMe: number };
        return { ...r, reviewedByMe: r.reviewedByMe === 1, assignedToMe: r.assignedToMe === 1 };
      });
  }

  /** Inserts or edits the one review of (answer, reviewer); `created` says which. */
  saveReview(answerId: number, reviewerId: number, values: RubricValues, at: Date): { review: ReviewRow; created: boolean } {
    const now = at.getTime();
    return this.services.atomic(() => {
      const before = this.reviewOf(answerId, reviewerId);
      const fields = {
        situationTask: values.situationTask,
        action: values.action,
        result: values.result,
        principleFit: values.principleFit,
        technicalDepth: values.technicalDepth,
        keep: values.keep,
        change: values.change,
        updatedAt: now,
      };
      const review = this.db
        .insert(reviews)
        .values({ answerId, reviewerId, ...fields, createdAt: now })
        .onConflictDoUpdate({ target: [reviews.answerId, reviews.reviewerId], set: fields })
        .returning()
        .get();
      return { review, created: !before };
    });
  }

  setMessageRef(reviewId: number, messageRef: string | null): void {
    this.db.update(reviews).set({ messageRef }).where(eq(reviews.id, reviewId)).run();
  }

  /** Marks or unmarks a review helpful; false when it already was in that state. */
  setHelpful(reviewId: number, helpful: boolean, at: Date): boolean {
    const result = this.db
      .update(reviews)
      .set({ helpful, helpfulAt: helpful ? at.getTime() : null })
      .where(and(eq(reviews.id, reviewId), eq(reviews.helpful, !helpful)))
      .run();
    return result.changes > 0;
  }

  /** How many reviews a member has written and how many were marked helpful (for confirmations). */
  creditOf(reviewerId: number): { written: number; helpful: number } {
    return (
      this.db
        .select({
          written: sql<number>`count(*)`,
          helpful: sql<number>`coalesce(sum(${reviews.helpful}), 0)`,
        })
        .from(reviews)
        .where(eq(reviews.reviewerId, reviewerId))
        .get() ?? { written: 0, helpful: 0 }
    );
  }
}
