/** Helpers for the stats tests: answers by id, and reviews stored as the reviews feature stores them. */
import { desc, eq } from 'drizzle-orm';
import type { Harness } from '../adapters/memory/harness.js';
import { answers, reviews } from '../src/db/schema.js';

export function latestAnswerOf(h: Harness, member: number) {
  return h.storage.db.select().from(answers).where(eq(answers.memberId, member)).orderBy(desc(answers.id)).get()!;
}

export interface SeededReview {
  readonly scores: [number, number, number, number, number | null];
  readonly at: number;
  readonly helpfulAt?: number;
  readonly keep?: string;
  readonly change?: string;
}

/** A review row: situation & task, action, result, principle fit, technical depth (null for behavioral questions). */
export function seedReview(h: Harness, answerId: number, reviewerId: number, review: SeededReview): number {
  const [situationTask, action, result, principleFit, technicalDepth] = review.scores;
  return h.storage.db
    .insert(reviews)
    .values({
      answerId,
      reviewerId,
      situationTask,
      action,
      result,
      principleFit,
      technicalDepth,
      keep: review.keep ?? 'Clear situation and a measured result, keep that.',
      change: review.change ?? 'Say more about what you personally decided.',
      helpful: review.helpfulAt !== undefined,
      helpfulAt: review.helpfulAt ?? null,
      createdAt: review.at,
      updatedAt: review.at,
    })
    .returning({ id: reviews.id })
    .get().id;
}
