import { DateTime } from 'luxon';
import type { Catalog } from '../../catalog/load.js';
import { ROUND_TITLES, type Round } from '../../catalog/schema.js';
import type { Analysis } from '../answers/analyzer.js';
import { RUBRIC_LINES } from './progress.js';
import type { AnswerRecord, MemberRecord, ReviewRow } from './record.js';

/** One DM of the export stays under this many characters (Slack sections hold 3,000, Discord embeds 4,096; both split). */
export const EXPORT_PART_CHARS = 3500;

const PART_NAMES = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' } as const;

/** "1 answer", "3 answers". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function when(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ccc d LLL yyyy, HH:mm');
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function scores(review: ReviewRow): string {
  return RUBRIC_LINES.flatMap(({ key, label }) => (review[key] === null ? [] : [`${label} ${review[key]}/4`])).join(' · ');
}

function analysisLine(analysis: Analysis | null, score: number, catalog: Catalog): string {
  if (!analysis) return `**Analysis:** score ${score}/100.`;
  const parts = [
    `score ${score}/100`,
    `STAR parts: ${analysis.present.map((p) => PART_NAMES[p]).join(', ') || 'none'}${analysis.missing.length ? ` (missing ${analysis.missing.map((p) => PART_NAMES[p]).join(', ')})` : ''}`,
    `result ${analysis.quantified ? `quantified (${analysis.quantities.join(', ')})` : 'has no number'}`,
    `${analysis.words} words, about ${Math.floor(analysis.speakingSeconds / 60)}:${String(analysis.speakingSeconds % 60).padStart(2, '0')} spoken`,
  ];
  if (analysis.iShare !== null) parts.push(`"I" ${Math.round(analysis.iShare * 100)}%`);
  if (analysis.keyPoints) parts.push(`key points ${analysis.keyPoints.covered.length}/${analysis.keyPoints.covered.length + analysis.keyPoints.missed.length}`);
  if (analysis.principles.length) parts.push(`principles: ${analysis.principles.map((p) => catalog.principle(p)?.name ?? p).join(', ')}`);
  const lines = [`**Analysis:** ${parts.join(' · ')}`];
  if (analysis.suggestions.length) lines.push('**Suggestions:**', ...analysis.suggestions.map((s) => `- ${s}`));
  return lines.join('\n');
}

function answerSection(index: number, answer: AnswerRecord, record: MemberRecord, catalog: Catalog, zone: string): string {
  const question = catalog.question(answer.questionId);
  const kind = answer.mockTurnId !== null ? 'mock interview' : answer.postId !== null ? `daily question${answer.onTime ? ', on time' : ', late'}` : answer.source;
  const lines = [
    `### ${index}. ${when(answer.createdAt, zone)} · Round ${answer.round} (${ROUND_TITLES[answer.round as Round] ?? '?'}) · ${kind}`,
    `**Question** (\`${answer.questionId}\`): ${question?.prompt ?? '(no longer in the question bank)'}`,
    '**Answer:**',
    quote(answer.text),
    analysisLine(answer.analysis, answer.score, catalog),
  ];
  const received = record.reviewsOf.get(answer.id) ?? [];
  if (received.length) {
    lines.push(`**Reviews received (${received.length}):**`);
    for (const r of received) {
      lines.push(`- ${r.reviewerName || 'a reviewer'}, ${when(r.createdAt, zone)}: ${scores(r)}${r.helpful ? ' (you marked it helpful)' : ''}`);
      lines.push(`  Keep: ${r.keep}`, `  Change: ${r.change}`);
    }
  }
  return lines.join('\n');
}

/** Everything stored about a member's practice, as one Markdown document. */
export function exportMarkdown(input: {
  name: string;
  community: string;
  record: MemberRecord;
  catalog: Catalog;
  zone: string;
  now: Date;
}): string {
  const { record, catalog, zone } = input;
  const received = [...record.reviewsOf.values()].flat().length;
  const out: string[] = [
    `# Bar Raiser export: ${input.name || 'you'}`,
    `Community: ${input.community} · exported ${when(input.now.getTime(), zone)} (${zone})`,
    `${plural(record.answers.length, 'answer')} · ${plural(received, 'review')} received · ${plural(record.reviewsWritten.length, 'review')} written`,
    '',
    '## Streaks',
    ...(record.streaks.length
      ? record.streaks.map((s) => `- ${s.channelName || s.channelId}: current ${s.current}, longest ${s.longest}, freezes ${s.freezes}`)
      : ['- none yet']),
    '',
    '## Answers',
  ];
  if (record.answers.length === 0) out.push('None yet.');
  record.answers.forEach((answer, i) => out.push(answerSection(i + 1, answer, record, catalog, zone), ''));
  out.push('## Reviews you wrote');
  if (record.reviewsWritten.length === 0) out.push('None yet.');
  for (const r of record.reviewsWritten) {
    out.push(
      `### ${when(r.createdAt, zone)} · ${r.authorName || 'a member'}'s answer to \`${r.questionId}\``,
      scores(r) + (r.helpful ? ' · marked helpful by the author' : ''),
      `Keep: ${r.keep}`,
      `Change: ${r.change}`,
      '',
    );
  }
  return out.join('\n').trimEnd();
}

/**
 * Splits a document into parts of at most `max` characters, between lines where it can, inside
 * a line (at a space if there is one) only when a single line is longer than a part.
 */
export function splitDocument(text: string, max = EXPORT_PART_CHARS): string[] {
  const pieces: string[] = [];
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      const space = rest.lastIndexOf(' ', max);
      const cut = space > max / 2 ? space : max;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    pieces.push(rest);
  }
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current === '' ? piece : `${current}\n${piece}`;
    if (joined.length <= max) {
      current = joined;
    } else {
      if (current.trim() !== '') parts.push(current); // never an empty DM for a run of blank lines
      current = piece;
    }
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}
