import type { AnswerForReviewer } from './store.js';

export type Pick =
  | { readonly kind: 'answer'; readonly answerId: number }
  | {
      readonly kind: 'none';
      /** Why there is nothing: the reviewer is told, since "nothing to review" alone is a dead end. */
      readonly reason: 'no-answers' | 'only-yours' | 'all-reviewed';
      /** Answers this reviewer already reviewed (they can still edit those reviews). */
      readonly reviewed: readonly number[];
    };

/**
 * The answer a reviewer should review next: not theirs, not reviewed by them yet, the fewest
 * reviews first (every answer should get one before any gets two); among equals the one assigned
 * to them, then the oldest.
 */
export function pickAnswer(candidates: readonly AnswerForReviewer[], reviewerId: number): Pick {
  const reviewed = candidates.filter((a) => a.reviewedByMe).map((a) => a.id);
  const open = candidates.filter((a) => a.memberId !== reviewerId && !a.reviewedByMe);
  if (open.length === 0) {
    const reason = candidates.length === 0 ? 'no-answers' : candidates.every((a) => a.memberId === reviewerId) ? 'only-yours' : 'all-reviewed';
    return { kind: 'none', reason, reviewed };
  }
  const best = [...open].sort(
    (a, b) =>
      a.reviewCount - b.reviewCount ||
      Number(b.assignedToMe) - Number(a.assignedToMe) ||
      a.createdAt - b.createdAt ||
      a.id - b.id,
  )[0]!;
  return { kind: 'answer', answerId: best.id };
}
