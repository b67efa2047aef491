import type { ChoiceInput, FormDoc, FormInput, TextInput } from '../../core/ports.js';

export const RUBRIC_FORM_ID = 'reviews.rubric';

/** The scored lines, in the order a reviewer reads an answer. Ids are the form's input ids. */
export const RUBRIC_LINES = [
  { id: 'situation_task', label: 'Situation & Task clear', short: 'S&T' },
  // Plain words: form labels are plain text on Slack, so no Markdown emphasis.
  { id: 'action', label: 'Action shows what I did (not "we")', short: 'Action' },
  { id: 'result', label: 'Result measured', short: 'Result' },
  { id: 'principle_fit', label: 'Leadership Principle fit', short: 'LP fit' },
  { id: 'technical_depth', label: 'Technical depth', short: 'Depth' },
] as const;

export type RubricLineId = (typeof RUBRIC_LINES)[number]['id'];

/** Both comments must say something specific: one short line is not a review. */
export const COMMENT_MIN = 20;
export const COMMENT_MAX = 1500;

const COMMENTS = [
  { id: 'keep', label: 'Keep: what works, keep doing it', placeholder: 'e.g. "The result has hard numbers: 40% fewer failed loads."' },
  { id: 'change', label: 'Change: the one thing that would raise the bar', placeholder: 'e.g. "Say which decision was yours; the action is all \'we\'."' },
] as const;

const SCORE_OPTIONS = [
  { value: '1', label: '1 - missing' },
  { value: '2', label: '2 - weak' },
  { value: '3', label: '3 - solid' },
  { value: '4', label: '4 - bar raiser' },
] as const;

export interface Scores {
  readonly situationTask: number;
  readonly action: number;
  readonly result: number;
  readonly principleFit: number;
  /** Null for behavioral questions, which have no technical-depth line. */
  readonly technicalDepth: number | null;
}

export interface RubricValues extends Scores {
  readonly keep: string;
  readonly change: string;
}

/** The lines that apply to a question: technical depth only for technical questions. */
export function linesFor(technical: boolean): (typeof RUBRIC_LINES)[number][] {
  return RUBRIC_LINES.filter((line) => technical || line.id !== 'technical_depth');
}

export interface RubricFormInput {
  readonly answerId: number;
  readonly authorName: string;
  readonly technical: boolean;
  /** What the reviewer entered before (editing a review): the form opens filled in. */
  readonly previous?: RubricValues | null;
  /**
   * The answer text, shown read-only above the rubric (the form's intro) on platforms whose forms
   * can hold long text; callers only pass it when it fits (see ANSWER_IN_FORM_MAX).
   */
  readonly answerText?: string;
}

/** The rubric as a neutral form: one 1-4 choice per line, then the Keep and Change comments. */
export function rubricForm(input: RubricFormInput): FormDoc {
  const previous = input.previous ? valuesOf(input.previous) : {};
  const lines = linesFor(input.technical);
  const scores = lines.map(
    (line): ChoiceInput => ({
      kind: 'choice',
      id: line.id,
      label: line.label,
      options: SCORE_OPTIONS,
      required: true,
      initial: previous[line.id],
    }),
  );
  const comments = COMMENTS.map(
    (c): TextInput => ({
      kind: 'text',
      id: c.id,
      label: c.label,
      multiline: true,
      required: true,
      minLength: COMMENT_MIN,
      maxLength: COMMENT_MAX,
      placeholder: c.placeholder,
      initial: previous[c.id],
    }),
  );
  const inputs: FormInput[] = [...scores, ...comments];
  return {
    ...(input.answerText ? { intro: `**${input.authorName}'s answer:**\n\n${input.answerText}` } : {}),
    id: RUBRIC_FORM_ID,
    title: `Review ${input.authorName}'s answer`,
    submitLabel: input.previous ? 'Update review' : 'Send review',
    inputs,
    state: String(input.answerId),
  };
}

/** Form values (strings) of a saved review, to reopen the form filled in. */
function valuesOf(v: RubricValues): Record<string, string> {
  const out: Record<string, string> = {
    situation_task: String(v.situationTask),
    action: String(v.action),
    result: String(v.result),
    principle_fit: String(v.principleFit),
    keep: v.keep,
    change: v.change,
  };
  if (v.technicalDepth !== null) out.technical_depth = String(v.technicalDepth);
  return out;
}

/**
 * Checks a submission. Every problem is reported at once, keyed by input id, so adapters can show
 * them beside the fields and ask again for those only.
 */
export function parseRubric(
  values: Readonly<Record<string, string>>,
  technical: boolean,
): { ok: true; value: RubricValues } | { ok: false; fieldErrors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const score = (id: RubricLineId, label: string): number => {
    const raw = (values[id] ?? '').trim();
    const n = Number(raw);
    if (raw === '') errors[id] = `${label}: pick a score from 1 to 4.`;
    else if (!Number.isInteger(n) || n < 1 || n > 4) errors[id] = `${label}: "${raw}" is not a score; pick 1, 2, 3 or 4.`;
    return n;
  };
  const scores = Object.fromEntries(linesFor(technical).map((line) => [line.id, score(line.id, line.label)])) as Record<RubricLineId, number>;
  const comment = (id: 'keep' | 'change', name: string): string => {
    const text = (values[id] ?? '').trim();
    if (text === '') errors[id] = `${name} is required: one specific sentence helps the author most.`;
    else if (text.length < COMMENT_MIN) errors[id] = `${name} is too short (${text.length} characters; at least ${COMMENT_MIN}). Be specific.`;
    else if (text.length > COMMENT_MAX) errors[id] = `${name} is too long (${text.length} characters; at most ${COMMENT_MAX}).`;
    return text;
  };
  const keep = comment('keep', 'Keep');
  const change = comment('change', 'Change');
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return {
    ok: true,
    value: {
      situationTask: scores.situation_task,
      action: scores.action,
      result: scores.result,
      principleFit: scores.principle_fit,
      technicalDepth: technical ? scores.technical_depth : null,
      keep,
      change,
    },
  };
}

/** The scores of a review as (label, score) pairs, skipping technical depth when it does not apply. */
export function scoreLines(s: Scores): { label: string; short: string; score: number }[] {
  const byId: Record<RubricLineId, number | null> = {
    situation_task: s.situationTask,
    action: s.action,
    result: s.result,
    principle_fit: s.principleFit,
    technical_depth: s.technicalDepth,
  };
  return RUBRIC_LINES.flatMap((line) => {
    const score = byId[line.id];
    return score === null ? [] : [{ label: line.label, short: line.short, score }];
  });
}

/** The mean of the lines that apply: what "best-reviewed" compares. */
export function averageScore(s: Scores): number {
  const lines = scoreLines(s);
  return lines.reduce((sum, l) => sum + l.score, 0) / lines.length;
}

/** "S&T 3/4 · Action 2/4 · Result 4/4 · LP fit 3/4": the scores quoted in one line. */
export function scoresText(s: Scores): string {
  return scoreLines(s)
    .map((l) => `${l.short} **${l.score}**/4`)
    .join(' · ');
}
