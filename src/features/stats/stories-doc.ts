import { DateTime } from 'luxon';
import type { Catalog } from '../../catalog/load.js';
import { PRINCIPLE_IDS } from '../../catalog/schema.js';
import type { MessageDoc } from '../../core/ports.js';
import { bestStories, principleGrid, storiesOf, STORIES_PER_PRINCIPLE } from './progress.js';
import type { MemberRecord } from './record.js';
import { coverageMark, principleName } from './stats-doc.js';

/** The opening words of a story, to recognise it. */
function opening(text: string, words = 14): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ');
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}

/** `/prep stories`: the best story per principle, and the principles still without one. */
export function storiesDoc(record: MemberRecord, catalog: Catalog, zone: string): MessageDoc {
  const stories = storiesOf(record.answers, record.reviewsOf, catalog);
  const grid = principleGrid(stories);
  const best = bestStories(stories);
  const withStory = PRINCIPLE_IDS.filter((p) => best.has(p));
  const without = PRINCIPLE_IDS.filter((p) => !best.has(p));
  const lines: string[] = [];
  if (stories.length === 0) {
    lines.push('No stories yet. A story is your answer to a behavioral question (the daily question or a `/mock`); tell it as Situation, Task, Action, Result.');
  }
  for (const p of withStory) {
    const story = best.get(p)!;
    const count = grid.get(p)!;
    const when = DateTime.fromMillis(story.answer.createdAt, { zone }).toFormat('d LLL');
    const reviews = story.reviews ? `, ${story.reviews} review${story.reviews === 1 ? '' : 's'}` : '';
    lines.push(
      `${coverageMark(count)} **${principleName(catalog, p)}** (${count} stor${count === 1 ? 'y' : 'ies'}). Best: “${opening(story.answer.text)}” (${when}, \`${story.answer.questionId}\`, rank ${story.rank}/100${reviews})`,
    );
  }
  if (without.length) lines.push('', `**No story yet (${without.length}):** ${without.map((p) => principleName(catalog, p)).join(', ')}`);
  return {
    title: `📚 Your story bank: ${stories.length} stor${stories.length === 1 ? 'y' : 'ies'}, ${withStory.length}/16 principles`,
    text: lines.join('\n'),
    context: `Aim for ${STORIES_PER_PRINCIPLE} stories per principle. Best = the analysis score, averaged with peer reviews when there are some. /prep export sends them all.`,
  };
}
