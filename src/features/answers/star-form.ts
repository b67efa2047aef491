import type { FormDoc, FormInput } from '../../core/ports.js';

export const STAR_FORM_ID = 'answers.star';

interface StarField {
  readonly id: 'situation' | 'task' | 'action' | 'result' | 'learned';
  readonly label: string;
  readonly placeholder: string;
  readonly minLength: number;
  readonly required: boolean;
}

/** The four STAR parts plus an optional reflection. Minimums keep one-word parts out. */
export const STAR_FIELDS: readonly StarField[] = [
  { id: 'situation', label: 'Situation', placeholder: 'Where were you, what was going on, at what scale?', minLength: 20, required: true },
  { id: 'task', label: 'Task', placeholder: 'What were you responsible for? What was the goal?', minLength: 15, required: true },
  { id: 'action', label: 'Action', placeholder: 'What did *you* do, step by step? Decisions, tools, trade-offs.', minLength: 40, required: true },
  { id: 'result', label: 'Result', placeholder: 'What changed? Numbers: faster, cheaper, fewer incidents...', minLength: 15, required: true },
  { id: 'learned', label: 'What I learned', placeholder: 'Optional: what you would do differently.', minLength: 0, required: false },
];

/** Slack allows 3,000 characters per input; the smallest limit of our platforms wins. */
export const STAR_FIELD_MAX = 3000;

export function starForm(postId: number, initial: Readonly<Record<string, string>> = {}): FormDoc {
  const inputs: FormInput[] = STAR_FIELDS.map((f) => ({
    kind: 'text',
    id: f.id,
    label: f.label,
    multiline: true,
    required: f.required,
    minLength: f.minLength || undefined,
    maxLength: STAR_FIELD_MAX,
    placeholder: f.placeholder,
    initial: initial[f.id],
  }));
  return { id: STAR_FORM_ID, title: 'Your STAR answer', submitLabel: 'Post answer', inputs, state: String(postId) };
}

/** Field id → problem, for every field that is empty or too short. */
export function validateStar(values: Readonly<Record<string, string>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of STAR_FIELDS) {
    const value = (values[field.id] ?? '').trim();
    if (field.required && value === '') errors[field.id] = `${field.label} is required.`;
    else if (value !== '' && value.length < field.minLength) {
      errors[field.id] = `${field.label} is too short (${value.length} characters; at least ${field.minLength}).`;
    } else if (value.length > STAR_FIELD_MAX) {
      errors[field.id] = `${field.label} is too long (${value.length} characters; at most ${STAR_FIELD_MAX}).`;
    }
  }
  return errors;
}

/** The answer as posted in the thread, with labels the analyzer reads back. */
export function starText(values: Readonly<Record<string, string>>): string {
  return STAR_FIELDS.filter((f) => (values[f.id] ?? '').trim() !== '')
    .map((f) => `**${f.label}:** ${values[f.id]!.trim()}`)
    .join('\n\n');
}
