import { editDistance, type Args } from '../../core/args.js';
import { ROUND_TITLES, type Round } from '../../catalog/schema.js';

export const MOCK_USAGE = '/mock [round:1-5] [questions:1-5] [minutes:1-30] [partner:@name]';
export const MOCK_EXAMPLE = 'Example: `/mock round:2 questions:3 minutes:8` (add `partner:@bob` to be interviewed by a teammate)';
export const DEFAULT_QUESTIONS = 3;
export const DEFAULT_MINUTES = 8;
/** Discord declares the same bounds on its typed options (adapters/discord/commands.ts). */
export const MAX_QUESTIONS = 5;
export const MAX_MINUTES = 30;

export interface MockOptions {
  /** Null: the member's weakest round. */
  readonly round: Round | null;
  readonly questions: number;
  readonly minutes: number;
  /** The partner as typed (a name or a user ref), resolved later against the member table. */
  readonly partner: string | null;
}

const KNOWN = ['round', 'questions', 'minutes', 'partner'] as const;
/** Words people put before the options out of habit ("/mock start round:2"): harmless. */
const IGNORED_WORDS = new Set(['start', 'solo']);

function roundList(): string {
  return Object.entries(ROUND_TITLES)
    .map(([n, title]) => `${n} ${title}`)
    .join(', ');
}

function wholeNumber(value: string): number | null {
  return /^\d{1,3}$/.test(value) ? Number(value) : null;
}

/** Parses `/mock` options; returns every problem at once, each naming what is wrong and an example. */
export function parseMockOptions(args: Args): { options: MockOptions } | { errors: string[] } {
  const errors: string[] = [];
  let round: Round | null = null;
  let questions = DEFAULT_QUESTIONS;
  let minutes = DEFAULT_MINUTES;
  let partner: string | null = null;

  const stray = args.positional.filter((word) => !IGNORED_WORDS.has(word.toLowerCase()));
  if (stray.length > 0) {
    errors.push(`"${stray.join(' ')}" is not an option: options look like key:value, e.g. \`round:2\`.`);
  }
  for (const [key, raw] of args.options) {
    const value = raw.trim();
    if (!(KNOWN as readonly string[]).includes(key)) {
      const closest = KNOWN.map((k) => ({ k, d: editDistance(key, k) })).sort((a, b) => a.d - b.d)[0]!;
      const hint = closest.d <= 3 ? ` Did you mean \`${closest.k}:\`?` : '';
      errors.push(`\`${key}:\` is not a /mock option (options: round, questions, minutes, partner).${hint}`);
      continue;
    }
    switch (key) {
      case 'round': {
        const n = wholeNumber(value);
        if (n === null || n < 1 || n > 5) {
          errors.push(`round: "${value}" is not a round. Rounds are 1 to 5 (${roundList()}). Example: \`/mock round:2\``);
        } else round = n as Round;
        break;
      }
      case 'questions': {
        const n = wholeNumber(value);
        if (n === null || n < 1 || n > MAX_QUESTIONS) {
          errors.push(`questions: "${value}" must be a number of questions from 1 to ${MAX_QUESTIONS}. Example: \`/mock questions:3\``);
        } else questions = n;
        break;
      }
      case 'minutes': {
        // "8", "8m" and "8 min" all mean eight minutes per question.
        const match = /^(\d{1,3})\s*(m|min|mins|minutes?)?$/i.exec(value);
        const n = match ? Number(match[1]) : null;
        if (n === null || n < 1 || n > MAX_MINUTES) {
          errors.push(
            `minutes: "${value}" must be whole minutes per question, from 1 to ${MAX_MINUTES}. Example: \`/mock minutes:8\``,
          );
        } else minutes = n;
        break;
      }
      case 'partner':
        if (value === '') errors.push('partner: needs a teammate. Example: `/mock partner:@bob`');
        else partner = value;
        break;
    }
  }
  return errors.length > 0 ? { errors } : { options: { round, questions, minutes, partner } };
}
