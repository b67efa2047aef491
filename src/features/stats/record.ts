import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open.js';
import { answers, channels, members, reviews, streaks } from '../../db/schema.js';
import type { Analysis } from '../answers/analyzer.js';

export type AnswerRow = typeof answers.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;

export interface AnswerRecord extends Omit<AnswerRow, 'analysis'> {
  readonly analysis: Analysis | null;
}

export interface ReceivedReview extends ReviewRow {
  readonly reviewerName: string;
}

export interface WrittenReview extends ReviewRow {
  readonly authorName: string;
  readonly questionId: string;
}

export interface StreakRecord {
  readonly channelId: string;
  readonly channelName: string;
  readonly current: number;
  readonly longest: number;
  readonly freezes: number;
}

/** Everything stored about one member's practice, read once for /prep stats, stories and export. */
export interface MemberRecord {
  readonly answers: readonly AnswerRecord[];
  /** Reviews of this member's answers, by answer id. */
  readonly reviewsOf: ReadonlyMap<number, readonly ReceivedReview[]>;
  readonly reviewsWritten: readonly WrittenReview[];
  readonly streaks: readonly StreakRecord[];
}

export function loadMemberRecord(db: Db, memberId: number): MemberRecord {
  const answerRows = db.select().from(answers).where(eq(answers.memberId, memberId)).orderBy(asc(answers.createdAt)).all();
  const reviewer = alias(members, 'reviewer');
  const received = db
    .select({ review: reviews, reviewerName: reviewer.name })
    .from(reviews)
    .innerJoin(answers, eq(answers.id, reviews.answerId))
    .innerJoin(reviewer, eq(reviewer.id, reviews.reviewerId))
    .where(eq(answers.memberId, memberId))
    .orderBy(asc(reviews.createdAt))
    .all()
    .map((r) => ({ ...r.review, reviewerName: r.reviewerName }));
  const reviewsOf = new Map<number, ReceivedReview[]>();
  for (const review of received) reviewsOf.set(review.answerId, [...(reviewsOf.get(review.answerId) ?? []), review]);
  const reviewsWritten = db
    .select({ review: reviews, authorName: members.name, questionId: answers.questionId })
    .from(reviews)
    .innerJoin(answers, eq(answers.id, reviews.answerId))
    .innerJoin(members, eq(members.id, answers.memberId))
    .where(eq(reviews.reviewerId, memberId))
    .orderBy(asc(reviews.createdAt))
    .all()
    .map((r) => ({ ...r.review, authorName: r.authorName, questionId: r.questionId }));
  const streakRows = db
    .select({ channelId: streaks.channelId, channelName: channels.name, current: streaks.current, longest: streaks.longest, freezes: streaks.freezes })
    .from(streaks)
    .innerJoin(channels, eq(channels.id, streaks.channelId))
    .where(eq(streaks.memberId, memberId))
    .all();
  return {
    answers: answerRows.map((a) => ({ ...a, analysis: (a.analysis as Analysis | null) ?? null })),
    reviewsOf,
    reviewsWritten,
    streaks: streakRows,
  };
}
