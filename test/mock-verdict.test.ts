import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { decideVerdict, VERDICTS, type QuestionOutcome } from '../src/features/mock/verdict.js';
import { coveringAnswer, lastReply, NO_RESULT, questionsOf, STRONG_STAR } from './mock-support.js';

const behavioral = (number: number, score: number, hasResult = true): QuestionOutcome => ({
  number,
  kind: 'behavioral',
  answered: true,
  score,
  hasResult,
  keyPointsCovered: 2,
  keyPointsTotal: 4,
});
const technical = (number: number, score: number, covered: number, total = 6): QuestionOutcome => ({
  number,
  kind: 'technical',
  answered: true,
  score,
  hasResult: false,
  keyPointsCovered: covered,
  keyPointsTotal: total,
});
const skipped = (number: number): QuestionOutcome => ({ ...behavioral(number, 0), answered: false, hasResult: false });

describe('the verdict rule', () => {
  it.each([
    ['Strong Hire', [behavioral(1, 80), technical(2, 75, 4)], 'Strong Hire: average ≥ 75 with no red flag.'],
    ['Hire', [behavioral(1, 90, false), technical(2, 70, 5)], 'Hire: average ≥ 60 with at most one red flag (not Strong Hire: one red flag).'],
    ['Hire', [behavioral(1, 65), technical(2, 60, 3)], 'Hire: average ≥ 60 with at most one red flag (not Strong Hire: average below 75).'],
    ['No Hire', [behavioral(1, 95, false), technical(2, 80, 2)], 'No Hire: 2 red flags (Hire allows at most 1); average ≥ 40.'],
    ['No Hire', [behavioral(1, 50), technical(2, 45, 3)], 'No Hire: average below 60; average ≥ 40.'],
    ['Strong No Hire', [behavioral(1, 70), skipped(2)], 'Strong No Hire: average below 40.'],
  ] as const)('%s for %j', (verdict, outcomes, decisive) => {
    const result = decideVerdict(outcomes);
    expect(result.verdict).toBe(verdict);
    expect(result.reasons.at(-1)).toBe(decisive);
  });

  it('names the red flags and the average in its reasons', () => {
    const result = decideVerdict([behavioral(1, 70, false), technical(2, 40, 1, 4), skipped(3)]);
    expect(result.average).toBe(37);
    expect(result.redFlags).toEqual(['Q1 (behavioral) has no Result', 'Q2 covered 1 of 4 key points (< 50%)', 'Q3 was not answered']);
    expect(result.reasons[0]).toBe('Average score 37/100 over 3 questions.');
    expect(result.reasons[1]).toBe('Red flags: Q1 (behavioral) has no Result; Q2 covered 1 of 4 key points (< 50%); Q3 was not answered.');
  });

  const outcome = fc.record({
    number: fc.integer({ min: 1, max: 5 }),
    kind: fc.constantFrom('technical' as const, 'behavioral' as const),
    answered: fc.boolean(),
    score: fc.integer({ min: 0, max: 100 }),
    hasResult: fc.boolean(),
    keyPointsCovered: fc.integer({ min: 0, max: 4 }),
    keyPointsTotal: fc.constant(4),
  });
  const rank = (v: string) => VERDICTS.indexOf(v as (typeof VERDICTS)[number]); // 0 = best

  it('never gets worse when an answer scores higher, and never better when a red flag appears', () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 5 }), fc.nat(), fc.integer({ min: 1, max: 40 }), (outcomes, pick, bump) => {
        const i = pick % outcomes.length;
        const base = decideVerdict(outcomes);
        const higher = outcomes.map((o, j) => (j === i ? { ...o, score: Math.min(100, o.score + bump) } : o));
        expect(rank(decideVerdict(higher).verdict)).toBeLessThanOrEqual(rank(base.verdict));
        const flagged = outcomes.map((o, j) => (j === i ? { ...o, hasResult: false, keyPointsCovered: 0 } : o));
        expect(rank(decideVerdict(flagged).verdict)).toBeGreaterThanOrEqual(rank(base.verdict));
        expect(decideVerdict(outcomes)).toEqual(base); // deterministic
      }),
      { numRuns: 500 },
    );
  });
});

describe('the verdict on crafted answers, end to end', () => {
  let h: Harness;
  afterEach(() => h?.close());

  async function interview(round: number, answersFor: (prompt: ReturnType<typeof questionsOf>[number]) => string, count = 2) {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command(`/mock round:${round} questions:${count} minutes:10`);
    const start = h.lastThreadStart();
    for (const question of questionsOf(h)) {
      await h.advance('2m');
      await alice.answer(answersFor(question), start);
      await alice.answer('next', start); // the follow-up
      await alice.answer('next', start); // move on
    }
    return lastReply(h, start);
  }

  it('two full STAR stories with numbers: Strong Hire', async () => {
    const card = await interview(5, () => STRONG_STAR);
    expect(card.text).toContain('**Verdict: Strong Hire**');
    expect(card.text).toContain('No red flag.');
  });

  it('two stories without a result: two red flags, so no Hire whatever the average', async () => {
    const card = await interview(5, () => NO_RESULT);
    expect(card.text).toContain('Red flags: Q1 (behavioral) has no Result; Q2 (behavioral) has no Result.');
    expect(card.text).toMatch(/\*\*Verdict: (No Hire|Strong No Hire)\*\*/);
  });

  it('technical answers covering every key point pass; one covering a single key point is flagged', async () => {
    const good = await interview(2, (q) => (q.kind === 'technical' ? coveringAnswer(q) : STRONG_STAR), 2);
    expect(good.text).not.toContain('key points (< 50%)');
    expect(good.text).toMatch(/\*\*Verdict: (Strong Hire|Hire)\*\*/);
    h.close();
    const thin = await interview(2, (q) => (q.kind === 'technical' ? `I would use ${q.keyPoints[0]!.synonyms[0]} and see.` : STRONG_STAR), 2);
    expect(thin.text).toMatch(/Q2 covered 1 of \d key points \(< 50%\)/);
  });
});
