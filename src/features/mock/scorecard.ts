import type { Catalog } from '../../catalog/load.js';
import { STAR_PARTS, type StarPart } from '../answers/analyzer.js';
import type { MessageDoc } from '../../core/ports.js';
import type { TurnAnswer } from './answers.js';
import type { SessionRow, TurnRow } from './store.js';
import { decideVerdict, VERDICT_RULE, type QuestionOutcome, type Verdict } from './verdict.js';

/** One question of the scorecard. Plain data: it is stored as JSON in mock_session.scorecard. */
export interface TurnCard {
  readonly number: number;
  readonly questionId: string;
  readonly kind: 'technical' | 'behavioral';
  readonly prompt: string;
  readonly answered: boolean;
  readonly timedOut: boolean;
  readonly secondsUsed: number;
  readonly secondsAllowed: number;
  readonly words: number;
  readonly score: number;
  readonly present: StarPart[];
  readonly quantified: boolean;
  readonly keyPointsCovered: string[];
  readonly keyPointsTotal: number;
  readonly followUp: string | null;
  readonly followUpAnswered: boolean;
}

export interface PrincipleRating {
  readonly id: string;
  readonly name: string;
  /** 1-4, the scale interviewers use too. */
  readonly rating: number;
}

export interface Scorecard {
  readonly candidate: string;
  readonly round: number;
  readonly planned: number;
  readonly stoppedEarly: boolean;
  readonly turns: TurnCard[];
  readonly principles: PrincipleRating[];
  readonly verdict: Verdict;
  readonly average: number;
  readonly redFlags: string[];
  readonly reasons: string[];
}

export const RATING_LABELS: Record<number, string> = { 4: 'strong', 3: 'meets the bar', 2: 'developing', 1: 'not shown' };
export const PRINCIPLE_RULE =
  'Principle ratings: the average score of the answers to questions that test the principle or show its signals: 4 ≥ 75, 3 ≥ 55, 2 ≥ 35, else 1.';

export function ratingFor(average: number): number {
  return average >= 75 ? 4 : average >= 55 ? 3 : average >= 35 ? 2 : 1;
}

/** The scorecard of a session from its turns and their answers. */
export function buildScorecard(input: {
  session: SessionRow;
  turns: readonly TurnRow[];
  answers: ReadonlyMap<number, TurnAnswer>;
  catalog: Catalog;
  candidate: string;
  now: number;
}): Scorecard {
  const { session, catalog } = input;
  const allowed = session.minutesPerQuestion * 60;
  const related = new Map<string, number[]>(); // principle → scores of the turns touching it
  const turns: TurnCard[] = input.turns.map((turn) => {
    const question = catalog.question(turn.questionId);
    const found = input.answers.get(turn.id);
    const analysis = found?.analysis;
    const used = Math.round(((turn.endedAt ?? input.now) - turn.startedAt) / 1000);
    const score = found?.answer.score ?? 0;
    for (const id of new Set([...(question?.principles ?? []), ...(analysis?.principles ?? [])])) {
      related.set(id, [...(related.get(id) ?? []), score]);
    }
    return {
      number: turn.position + 1,
      questionId: turn.questionId,
      kind: question?.kind ?? 'behavioral',
      prompt: question?.prompt ?? turn.questionId,
      answered: found !== undefined,
      timedOut: turn.timedOut,
      secondsUsed: turn.timedOut ? allowed : Math.min(used, allowed),
      secondsAllowed: allowed,
      words: analysis?.words ?? 0,
      score,
      present: analysis?.present ?? [],
      quantified: analysis?.quantified ?? false,
      keyPointsCovered: analysis?.keyPoints?.covered ?? [],
      keyPointsTotal: question?.keyPoints.length ?? 0,
      followUp: turn.followUp,
      followUpAnswered: turn.followUpAt !== null && (found?.messageTimes.some((t) => t >= turn.followUpAt!) ?? false),
    };
  });
  const outcomes: QuestionOutcome[] = turns.map((t) => ({
    number: t.number,
    kind: t.kind,
    answered: t.answered,
    score: t.score,
    hasResult: t.present.includes('result'),
    keyPointsCovered: t.keyPointsCovered.length,
    keyPointsTotal: t.keyPointsTotal,
  }));
  const verdict = decideVerdict(outcomes);
  const principles = [...related.entries()].map(([id, scores]) => ({
    id,
    name: catalog.principle(id)?.name ?? id,
    rating: ratingFor(scores.reduce((a, b) => a + b, 0) / scores.length),
  }));
  return {
    candidate: input.candidate,
    round: session.round,
    planned: session.questionIds.length,
    stoppedEarly: input.turns.length < session.questionIds.length,
    turns,
    principles,
    ...verdict,
  };
}

const PART_NAMES: Record<StarPart, string> = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };

export function clockTime(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function turnSummary(t: TurnCard): string {
  const lines = [`_${shorten(t.prompt, 110)}_`];
  if (!t.answered) {
    lines.push(t.timedOut ? 'No answer before the time ran out.' : 'Not answered (skipped).');
    return lines.join('\n');
  }
  const keyPoints = `Key points ${t.keyPointsCovered.length}/${t.keyPointsTotal}`;
  if (t.kind === 'behavioral') {
    lines.push(`STAR: ${STAR_PARTS.map((p) => `${PART_NAMES[p]} ${t.present.includes(p) ? '✅' : '❌'}`).join(' ')}`);
    lines.push(`${keyPoints} · result ${t.quantified ? 'quantified' : 'has no number'}`);
  } else {
    lines.push(`${keyPoints}${t.keyPointsCovered.length ? `: ${t.keyPointsCovered.join('; ')}` : ''}`);
  }
  const followUp = t.followUp === null ? 'no follow-up' : t.followUpAnswered ? 'follow-up answered' : 'follow-up not answered';
  lines.push(`${t.words} words · ${followUp} · score ${t.score}/100`);
  return lines.join('\n');
}

/** The scorecard as posted in the thread. */
export function scorecardDoc(card: Scorecard, heading = 'Scorecard'): MessageDoc {
  const lines = [`**Verdict: ${card.verdict}**`, ...card.reasons.map((r) => `- ${r}`)];
  if (card.stoppedEarly) lines.push(`_Stopped after ${card.turns.length} of ${card.planned} questions: the verdict covers those asked._`);
  const fields = card.turns.map((t) => ({
    label: `Q${t.number} · ${t.kind} · ${clockTime(t.secondsUsed)} of ${clockTime(t.secondsAllowed)}${t.timedOut ? ' (time ran out)' : ''}`,
    value: turnSummary(t),
  }));
  if (card.principles.length > 0) {
    fields.push({
      label: 'Leadership Principles',
      value: card.principles.map((p) => `${p.name} ${p.rating}/4 (${RATING_LABELS[p.rating]})`).join(' · '),
    });
  }
  return {
    title: `${heading} - Mock interview - Round ${card.round} - @${card.candidate}`,
    text: lines.join('\n'),
    fields,
    context: `${VERDICT_RULE} ${PRINCIPLE_RULE}`,
  };
}
