import type { Catalog } from '../../catalog/load.js';
import type { FormDoc, MessageDoc } from '../../core/ports.js';
import { RATING_LABELS, type PrincipleRating } from './scorecard.js';
import { VERDICTS, type Verdict } from './verdict.js';

export const SCORECARD_FORM_ID = 'mock.scorecard';

/** What the interviewer sends. Stored in mock_session.scorecard.interviewer. */
export interface InterviewerCard {
  readonly by: string;
  readonly verdict: Verdict;
  readonly overall: number;
  readonly principles: PrincipleRating[];
  readonly comments: string;
}

/** Ascending, so that option N is rating N wherever options are numbered (the playground). */
const RATING_OPTIONS = [1, 2, 3, 4].map((n) => ({ value: String(n), label: `${n} - ${RATING_LABELS[n]}` }));

/**
 * The interviewer's scorecard. Discord modals hold at most 5 inputs (Slack allows many), so the
 * form keeps to four: verdict and overall rating as choices, per-principle ratings as one text
 * line ("Ownership 3, Dive Deep 2") and free comments.
 */
export function scorecardForm(sessionId: number, principleNames: readonly string[]): FormDoc {
  const example = principleNames.slice(0, 3).map((name, i) => `${name} ${3 - (i % 2)}`).join(', ') || 'Ownership 3, Dive Deep 2';
  return {
    id: SCORECARD_FORM_ID,
    title: 'Interviewer scorecard',
    submitLabel: 'Post scorecard',
    state: String(sessionId),
    inputs: [
      { kind: 'choice', id: 'verdict', label: 'Verdict', required: true, options: VERDICTS.map((v) => ({ value: v, label: v })) },
      { kind: 'choice', id: 'overall', label: 'Overall rating', required: true, options: RATING_OPTIONS },
      {
        kind: 'text',
        id: 'principles',
        label: 'Leadership Principles, rated 1-4',
        required: false,
        maxLength: 500,
        placeholder: example,
      },
      { kind: 'text', id: 'comments', label: 'Comments: what went well, what to work on', multiline: true, required: false, maxLength: 2000 },
    ],
  };
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Splits the ratings line on commas, newlines and semicolons, except that a semicolon inside a
 * principle's name ("Have Backbone; Disagree and Commit 3") does not end an item: a piece without
 * a rating joins the next one.
 */
function ratingItems(text: string): string[] {
  const items: string[] = [];
  for (const chunk of text.split(/[,\n]+/)) {
    let pending = '';
    for (const part of chunk.split(';')) {
      const joined = pending ? `${pending};${part}` : part;
      if (/[1-4](\s*\/\s*4)?\s*$/.test(joined)) {
        items.push(joined);
        pending = '';
      } else pending = joined;
    }
    if (pending.trim()) items.push(pending);
  }
  return items;
}

/**
 * Reads "Ownership 3, Dive Deep: 2; insist 4" into ratings. A principle is named by its name or id,
 * or by the start of either when only one principle starts that way.
 */
export function parsePrincipleRatings(text: string, catalog: Catalog): { ratings: PrincipleRating[] } | { error: string } {
  const ratings: PrincipleRating[] = [];
  const problems: string[] = [];
  for (const raw of ratingItems(text)) {
    const item = raw.trim();
    if (item === '') continue;
    const match = /^(.*?)[\s:=-]*([1-4])(?:\s*\/\s*4)?$/.exec(item);
    const name = normalize(match?.[1] ?? '');
    if (!match || name === '') {
      problems.push(`"${item}" (write a principle and a rating 1-4, e.g. "Ownership 3")`);
      continue;
    }
    const candidates = catalog.principles.filter((p) => normalize(p.name) === name || normalize(p.id) === name);
    const byPrefix = catalog.principles.filter((p) => normalize(p.name).startsWith(name) || normalize(p.id).startsWith(name));
    const principle = candidates[0] ?? (byPrefix.length === 1 ? byPrefix[0] : undefined);
    if (!principle) {
      problems.push(`"${item}" (${byPrefix.length > 1 ? 'several principles start that way' : 'not a Leadership Principle'})`);
      continue;
    }
    const rating = { id: principle.id, name: principle.name, rating: Number(match[2]) };
    const existing = ratings.findIndex((r) => r.id === principle.id);
    if (existing >= 0) ratings[existing] = rating;
    else ratings.push(rating);
  }
  return problems.length > 0 ? { error: `Could not read ${problems.join(', ')}.` } : { ratings };
}

/** Validates a submission; field id → problem, or the card. */
export function readScorecard(
  values: Readonly<Record<string, string>>,
  catalog: Catalog,
  by: string,
): { card: InterviewerCard } | { fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const verdict = VERDICTS.find((v) => v.toLowerCase() === (values.verdict ?? '').trim().toLowerCase());
  if (!verdict) fieldErrors.verdict = `Choose one of: ${VERDICTS.join(', ')}.`;
  const overall = Number((values.overall ?? '').trim());
  if (!Number.isInteger(overall) || overall < 1 || overall > 4) fieldErrors.overall = 'Choose a rating from 1 to 4.';
  const parsed = parsePrincipleRatings(values.principles ?? '', catalog);
  if ('error' in parsed) fieldErrors.principles = parsed.error;
  const comments = (values.comments ?? '').trim();
  if (comments.length > 2000) fieldErrors.comments = `Too long (${comments.length} characters; at most 2000).`;
  if (Object.keys(fieldErrors).length > 0 || !verdict || 'error' in parsed) return { fieldErrors };
  return { card: { by, verdict, overall, principles: parsed.ratings, comments } };
}

export function interviewerCardDoc(card: InterviewerCard, candidate: string, round: number): MessageDoc {
  const lines = [`**Verdict: ${card.verdict}**`, `Overall rating: ${card.overall}/4 (${RATING_LABELS[card.overall]})`];
  if (card.principles.length > 0) {
    lines.push(`Leadership Principles: ${card.principles.map((p) => `${p.name} ${p.rating}/4`).join(' · ')}`);
  }
  if (card.comments) lines.push('', card.comments);
  return {
    title: `Interviewer scorecard by @${card.by} - Round ${round} - @${candidate}`,
    text: lines.join('\n'),
    context: 'Filled in by the interviewer. The automatic analysis above is the bot’s own reading of the answers.',
  };
}
