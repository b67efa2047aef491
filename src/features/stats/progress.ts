import { weakestOf } from '../answers/weakest-round.js';
import type { Catalog } from '../../catalog/load.js';
import { PRINCIPLE_IDS, ROUNDS, type PrincipleId, type Question, type Round } from '../../catalog/schema.js';
import type { AnswerRecord, ReviewRow } from './record.js';

/**
 * Pure summaries of a member's practice: answers per round, peer-review averages, the weakest
 * round, the story bank and the question to try next. No database, no clock.
 */

/** A principle needs this many stories to be covered (interviewers ask for two per principle). */
export const STORIES_PER_PRINCIPLE = 2;

export const RUBRIC_LINES = [
  { key: 'situationTask', label: 'Situation & Task clear' },
  { key: 'action', label: 'Action shows what I did' },
  { key: 'result', label: 'Result measured' },
  { key: 'principleFit', label: 'Leadership Principle fit' },
  { key: 'technicalDepth', label: 'Technical depth' },
] as const;
export type RubricKey = (typeof RUBRIC_LINES)[number]['key'];

export interface RoundSummary {
  readonly round: Round;
  readonly answers: number;
  /** Average analysis score (0-100); null without answers. */
  readonly averageScore: number | null;
}

export function roundSummaries(answers: readonly AnswerRecord[]): RoundSummary[] {
  return ROUNDS.map((round) => {
    const inRound = answers.filter((a) => a.round === round);
    const averageScore = inRound.length ? Math.round(inRound.reduce((sum, a) => sum + a.score, 0) / inRound.length) : null;
    return { round, answers: inRound.length, averageScore };
  });
}

/** The round to work on (the rule is weakestOf's, shared with the daily rotation and /mock). */
export function weakestRound(summaries: readonly RoundSummary[]): Round {
  return weakestOf(new Map(summaries.map((s) => [s.round, s.averageScore])));
}

/** Average of each rubric line (1-4) over the reviews; lines nobody scored are left out. */
export function reviewAverages(reviews: readonly ReviewRow[]): Array<{ key: RubricKey; label: string; average: number; count: number }> {
  return RUBRIC_LINES.flatMap(({ key, label }) => {
    const scores = reviews.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    if (scores.length === 0) return [];
    return [{ key, label, average: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10, count: scores.length }];
  });
}

/** A review as a 0-100 figure: the mean of its rubric lines, 1 → 0 and 4 → 100. */
function reviewPercent(review: ReviewRow): number {
  const scores = RUBRIC_LINES.map(({ key }) => review[key]).filter((v): v is number => typeof v === 'number');
  const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length);
  return ((mean - 1) / 3) * 100;
}

export interface Story {
  readonly answer: AnswerRecord;
  readonly question: Question | undefined;
  readonly principles: readonly PrincipleId[];
  /** 0-100: the analysis score, averaged with the peer reviews when there are any. */
  readonly rank: number;
  readonly reviews: number;
}

/**
 * A story is an answer to a behavioral question (daily or mock). It stands for every principle
 * its analysis shows and every principle its question lists.
 */
export function storiesOf(answers: readonly AnswerRecord[], reviewsOf: ReadonlyMap<number, readonly ReviewRow[]>, catalog: Catalog): Story[] {
  const known = new Set<string>(PRINCIPLE_IDS);
  return answers.flatMap((answer) => {
    const question = catalog.question(answer.questionId);
    // A question that left the bank: round 5 is the behavioral round.
    const behavioral = question ? question.kind === 'behavioral' : answer.round === 5;
    if (!behavioral) return [];
    const principles = [...new Set([...(answer.principles ?? []), ...(question?.principles ?? [])])].filter((p): p is PrincipleId =>
      known.has(p),
    );
    const reviews = reviewsOf.get(answer.id) ?? [];
    const peer = reviews.length ? reviews.reduce((sum, r) => sum + reviewPercent(r), 0) / reviews.length : null;
    const rank = Math.round(peer === null ? answer.score : (answer.score + peer) / 2);
    return [{ answer, question, principles, rank, reviews: reviews.length }];
  });
}

/** Stories per principle, all sixteen, in the catalog's order. */
export function principleGrid(stories: readonly Story[]): Map<PrincipleId, number> {
  const grid = new Map<PrincipleId, number>(PRINCIPLE_IDS.map((p) => [p, 0]));
  for (const story of stories) for (const p of story.principles) grid.set(p, grid.get(p)! + 1);
  return grid;
}

/** The best story of each principle that has one: highest rank, then the most recent. */
export function bestStories(stories: readonly Story[]): Map<PrincipleId, Story> {
  const best = new Map<PrincipleId, Story>();
  for (const story of stories) {
    for (const p of story.principles) {
      const current = best.get(p);
      if (!current || story.rank > current.rank || (story.rank === current.rank && story.answer.createdAt > current.answer.createdAt)) {
        best.set(p, story);
      }
    }
  }
  return best;
}

export interface Suggestion {
  readonly question: Question;
  readonly why: string;
}

/**
 * The question to try next: one the member has never answered, from the weakest round, preferring
 * one that practises their least-covered principle; then easier before harder.
 */
export function nextQuestion(catalog: Catalog, answers: readonly AnswerRecord[], weakest: Round, grid: ReadonlyMap<PrincipleId, number>): Suggestion | null {
  const answered = new Set(answers.map((a) => a.questionId));
  const fresh = catalog.questions.filter((q) => !answered.has(q.id));
  if (fresh.length === 0) return null;
  const need = (q: Question) => Math.min(...q.principles.map((p) => grid.get(p) ?? 0));
  const [best] = [...fresh].sort(
    (a, b) =>
      Number(b.round === weakest) - Number(a.round === weakest) || need(a) - need(b) || a.difficulty - b.difficulty || a.id.localeCompare(b.id),
  );
  const lacking = best!.principles.filter((p) => (grid.get(p) ?? 0) < STORIES_PER_PRINCIPLE).map((p) => catalog.principle(p)?.name ?? p);
  const reasons = [best!.round === weakest ? `your weakest round (${weakest})` : `round ${best!.round}`];
  if (lacking.length) reasons.push(`practises ${lacking.join(', ')}`);
  return { question: best!, why: reasons.join('; ') };
}
