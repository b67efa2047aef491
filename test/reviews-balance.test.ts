import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAssignments, type AnswerToAssign } from '../src/features/reviews/balance.js';
import { pickAnswer } from '../src/features/reviews/picker.js';

function loadsOf(plan: Map<number, number>, candidates: readonly number[]): number[] {
  return candidates.map((c) => [...plan.values()].filter((r) => r === c).length);
}

/** The best achievable sum of squared loads, by trying every assignment (small cases only). */
function bruteForceBest(answers: readonly AnswerToAssign[], candidates: readonly number[]): { assigned: number; squares: number } {
  let best = { assigned: -1, squares: Infinity };
  const loads = new Map(candidates.map((c) => [c, 0]));
  const walk = (i: number, assigned: number) => {
    if (i === answers.length) {
      const squares = [...loads.values()].reduce((s, l) => s + l * l, 0);
      if (assigned > best.assigned || (assigned === best.assigned && squares < best.squares)) best = { assigned, squares };
      return;
    }
    const options = candidates.filter((c) => c !== answers[i]!.authorId);
    if (options.length === 0) walk(i + 1, assigned);
    for (const c of options) {
      loads.set(c, loads.get(c)! + 1);
      walk(i + 1, assigned + 1);
      loads.set(c, loads.get(c)! - 1);
    }
  };
  walk(0, 0);
  return best;
}

/** Answers by authors among the first `authors` members; the candidates are members 1..k. */
const instance = fc
  .record({ k: fc.integer({ min: 1, max: 4 }), authors: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 }) })
  .map(({ k, authors }) => ({
    candidates: Array.from({ length: k }, (_, i) => i + 1),
    answers: authors.map((a, i) => ({ id: 100 + i, authorId: Math.min(a, k) })),
  }));

describe('planAssignments', () => {
  it('a derangement when everyone answered once: nobody reviews themselves, everyone reviews one', () => {
    const plan = planAssignments(
      [1, 2, 3, 4, 5].map((m) => ({ id: m * 10, authorId: m })),
      [1, 2, 3, 4, 5],
    );
    expect(plan.size).toBe(5);
    for (const [answer, reviewer] of plan) expect(reviewer).not.toBe(answer / 10);
    expect(loadsOf(plan, [1, 2, 3, 4, 5])).toEqual([1, 1, 1, 1, 1]);
  });

  it('the case a greedy pass gets wrong: the last author would be left with nobody but the busy', () => {
    // Greedy in order: a1 → B, b1 → A, c1 → A or B (a second) while C has none. Balanced: a cycle.
    const plan = planAssignments(
      [
        { id: 1, authorId: 1 },
        { id: 2, authorId: 2 },
        { id: 3, authorId: 3 },
      ],
      [1, 2, 3],
    );
    expect(loadsOf(plan, [1, 2, 3])).toEqual([1, 1, 1]);
  });

  it('never the author, every answer that anyone else can take is taken, and the loads are optimal', () => {
    fc.assert(
      fc.property(instance, ({ candidates, answers }) => {
        const plan = planAssignments(answers, candidates);
        for (const a of answers) {
          const reviewer = plan.get(a.id);
          if (reviewer !== undefined) {
            expect(reviewer).not.toBe(a.authorId);
            expect(candidates).toContain(reviewer);
          }
        }
        const best = bruteForceBest(answers, candidates);
        const loads = loadsOf(plan, candidates);
        expect(plan.size).toBe(best.assigned);
        expect(loads.reduce((s, l) => s + l * l, 0)).toBe(best.squares);
        // "Nobody gets two before everyone has one": a reviewer two above another only holds
        // answers that other one wrote (moving any of them would be better otherwise).
        for (const [i, r] of candidates.entries()) {
          for (const [j, x] of candidates.entries()) {
            if (loads[i]! < loads[j]! + 2) continue;
            const held = answers.filter((a) => plan.get(a.id) === r);
            expect(held.every((a) => a.authorId === x)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('pickAnswer', () => {
  const row = (id: number, memberId: number, reviewCount: number, extra: { reviewedByMe?: boolean; assignedToMe?: boolean } = {}) => ({
    id,
    memberId,
    createdAt: id,
    reviewCount,
    reviewedByMe: extra.reviewedByMe ?? false,
    assignedToMe: extra.assignedToMe ?? false,
  });

  it('fewest reviews first, then the one assigned to you, then the oldest', () => {
    expect(pickAnswer([row(1, 2, 2), row(2, 3, 1), row(3, 4, 1)], 9)).toEqual({ kind: 'answer', answerId: 2 });
    expect(pickAnswer([row(1, 2, 1), row(2, 3, 1, { assignedToMe: true })], 9)).toEqual({ kind: 'answer', answerId: 2 });
  });

  it('says why nothing is left', () => {
    expect(pickAnswer([], 9)).toMatchObject({ kind: 'none', reason: 'no-answers' });
    expect(pickAnswer([row(1, 9, 0), row(2, 9, 3)], 9)).toMatchObject({ kind: 'none', reason: 'only-yours' });
    expect(pickAnswer([row(1, 9, 0), row(2, 3, 1, { reviewedByMe: true })], 9)).toEqual({ kind: 'none', reason: 'all-reviewed', reviewed: [2] });
  });
});
