/**
 * The overall verdict of a solo mock: a documented, deterministic rule over the analysis.
 *
 *   average   = mean score (0-100, src/features/answers/score.ts) over the questions asked;
 *               a question left unanswered scores 0.
 *   red flags = a question asked but not answered;
 *               a behavioral answer without a Result;
 *               a technical answer covering fewer than half of the question's key points.
 *
 *   Strong Hire     average >= 75 and no red flag
 *   Hire            average >= 60 and at most one red flag
 *   No Hire         average >= 40 (and not Hire)
 *   Strong No Hire  average < 40
 *
 * Why these lines: 60 is where an answer has a full STAR shape and a measured result (or most key
 * points); a missing Result or a thin technical answer is what sinks real loops, so one is
 * forgiven for a Hire and none for a Strong Hire.
 */
export const VERDICTS = ['Strong Hire', 'Hire', 'No Hire', 'Strong No Hire'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_RULE =
  'Verdict rule: Strong Hire = average ≥ 75 and no red flag; Hire = average ≥ 60 and at most 1 red flag; No Hire = average ≥ 40; ' +
  'otherwise Strong No Hire. Red flags: a question not answered, a behavioral answer without a Result, a technical answer covering < 50% of its key points.';

export const STRONG_HIRE_AVERAGE = 75;
export const HIRE_AVERAGE = 60;
export const NO_HIRE_AVERAGE = 40;
export const KEY_POINT_FLOOR = 0.5;

export interface QuestionOutcome {
  /** 1-based, as shown ("Q2"). */
  readonly number: number;
  readonly kind: 'technical' | 'behavioral';
  readonly answered: boolean;
  readonly score: number;
  readonly hasResult: boolean;
  readonly keyPointsCovered: number;
  readonly keyPointsTotal: number;
}

export interface VerdictResult {
  readonly verdict: Verdict;
  readonly average: number;
  readonly redFlags: string[];
  /** The facts that decided it, in reading order. */
  readonly reasons: string[];
}

export function redFlagsOf(outcome: QuestionOutcome): string[] {
  const q = `Q${outcome.number}`;
  if (!outcome.answered) return [`${q} was not answered`];
  const flags: string[] = [];
  if (outcome.kind === 'behavioral' && !outcome.hasResult) flags.push(`${q} (behavioral) has no Result`);
  if (outcome.kind === 'technical' && outcome.keyPointsTotal > 0 && outcome.keyPointsCovered / outcome.keyPointsTotal < KEY_POINT_FLOOR) {
    flags.push(`${q} covered ${outcome.keyPointsCovered} of ${outcome.keyPointsTotal} key points (< 50%)`);
  }
  return flags;
}

export function decideVerdict(outcomes: readonly QuestionOutcome[]): VerdictResult {
  const average = outcomes.length === 0 ? 0 : Math.round(outcomes.reduce((sum, o) => sum + (o.answered ? o.score : 0), 0) / outcomes.length);
  const redFlags = outcomes.flatMap(redFlagsOf);
  const flags = redFlags.length;
  const reasons = [`Average score ${average}/100 over ${outcomes.length} question${outcomes.length === 1 ? '' : 's'}.`];
  reasons.push(flags === 0 ? 'No red flag.' : `Red flag${flags === 1 ? '' : 's'}: ${redFlags.join('; ')}.`);
  let verdict: Verdict;
  if (average >= STRONG_HIRE_AVERAGE && flags === 0) {
    verdict = 'Strong Hire';
    reasons.push(`Strong Hire: average ≥ ${STRONG_HIRE_AVERAGE} with no red flag.`);
  } else if (average >= HIRE_AVERAGE && flags <= 1) {
    verdict = 'Hire';
    const whyNotStrong = average < STRONG_HIRE_AVERAGE ? `average below ${STRONG_HIRE_AVERAGE}` : 'one red flag';
    reasons.push(`Hire: average ≥ ${HIRE_AVERAGE} with at most one red flag (not Strong Hire: ${whyNotStrong}).`);
  } else if (average >= NO_HIRE_AVERAGE) {
    verdict = 'No Hire';
    const whyNotHire = average < HIRE_AVERAGE ? `average below ${HIRE_AVERAGE}` : `${flags} red flags (Hire allows at most 1)`;
    reasons.push(`No Hire: ${whyNotHire}; average ≥ ${NO_HIRE_AVERAGE}.`);
  } else {
    verdict = 'Strong No Hire';
    reasons.push(`Strong No Hire: average below ${NO_HIRE_AVERAGE}.`);
  }
  return { verdict, average, redFlags, reasons };
}
