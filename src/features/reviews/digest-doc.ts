import { DateTime } from 'luxon';
import type { Catalog } from '../../catalog/load.js';
import { ROUND_TITLES, type Round } from '../../catalog/schema.js';
import type { MessageDoc } from '../../core/ports.js';
import type { DigestData } from './digest-data.js';
import { firstLine, truncate } from './text.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "Tue 1 Dec" for a local date. */
function dayName(localDate: string): string {
  return DateTime.fromISO(localDate).toFormat('ccc d LLL');
}

/**
 * The weekly digest. Refs are opaque in the core, so an answer cannot be a link: it is named by
 * author, question and first line, and the thread it is in by the day of its question.
 */
export function digestDoc(input: { data: DigestData; catalog: Catalog; weekEnd: Date; timezone: string }): MessageDoc {
  const { data, catalog } = input;
  const end = DateTime.fromJSDate(input.weekEnd, { zone: input.timezone });
  const sections: string[] = [
    `**This week:** ${plural(data.answers, 'answer')} from ${plural(data.answerers, 'member')}, ${plural(data.reviews, 'review')}.`,
  ];
  if (data.streaks.length > 0) {
    sections.push(
      `**Longest streaks:** ${data.streaks.map((s) => `${s.name} ${s.current}${s.longest > s.current ? ` (best ${s.longest})` : ''}`).join(' · ')}`,
    );
  }
  if (data.reviewers.length > 0) {
    sections.push(
      `**Top reviewers:** ${data.reviewers
        .map((r) => `${r.name} ${plural(r.reviews, 'review')}${r.helpful > 0 ? ` (${r.helpful} helpful)` : ''}`)
        .join(' · ')}`,
    );
  }
  if (data.best.length > 0) {
    const lines = data.best.map((b) => {
      const prompt = truncate(catalog.question(b.questionId)?.prompt ?? b.questionId, 80);
      const thread = b.postDate ? ` (in the thread of ${dayName(b.postDate)}'s question)` : '';
      return `- Round ${b.round} (${ROUND_TITLES[b.round as Round] ?? ''}): **${b.authorName}** on _${prompt}_\n  > ${firstLine(b.text, 120)}\n  ${b.average.toFixed(1)}/4 from ${plural(b.reviews, 'review')}${thread}`;
    });
    sections.push(`**Best-reviewed answers:**\n${lines.join('\n')}`);
  }
  const missing = catalog.principles.filter((p) => !data.principlesCovered.has(p.id)).map((p) => p.name);
  sections.push(
    missing.length === 0
      ? `**Leadership Principles:** the group has a story for all ${catalog.principles.length}. 🎉`
      : `**No story in the group yet (${missing.length} of ${catalog.principles.length} principles):** ${missing.join(', ')}`,
  );
  return {
    title: `Weekly digest: the week to ${end.toFormat('ccc d LLL')}`,
    text: sections.join('\n\n'),
    context: 'Answer the daily question to fill the gaps; /prep stats shows your own progress.',
  };
}
