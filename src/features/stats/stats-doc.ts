import type { Catalog } from '../../catalog/load.js';
import { PRINCIPLE_IDS, ROUND_TITLES, type PrincipleId } from '../../catalog/schema.js';
import type { MessageDoc } from '../../core/ports.js';
import { MAX_FREEZES } from '../streaks/rules.js';
import {
  nextQuestion,
  principleGrid,
  reviewAverages,
  roundSummaries,
  storiesOf,
  STORIES_PER_PRINCIPLE,
  weakestRound,
} from './progress.js';
import type { MemberRecord } from './record.js';

/** "●●" for a covered principle, "●○" half-way, "○○" none; more than the target shows as "●●+1". */
export function coverageMark(count: number, target = STORIES_PER_PRINCIPLE): string {
  const filled = Math.min(count, target);
  return `${'●'.repeat(filled)}${'○'.repeat(target - filled)}${count > target ? `+${count - target}` : ''}`;
}

export function principleName(catalog: Catalog, id: PrincipleId): string {
  return catalog.principle(id)?.name ?? id;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `/prep stats`: streak, answers per round, review averages, weakest round, the principle grid, what to try next. */
export function statsDoc(input: {
  record: MemberRecord;
  catalog: Catalog;
  channelId: string;
  awayUntil: string | null;
}): MessageDoc {
  const { record, catalog, channelId } = input;
  const lines: string[] = [];

  const here = record.streaks.find((s) => s.channelId === channelId);
  lines.push(
    here
      ? `**Streak here:** 🔥 ${here.current} (longest ${here.longest}) · freezes ${here.freezes}/${MAX_FREEZES}`
      : '**Streak here:** none yet. Answer the question of the day in its thread, before the next one is posted.',
  );
  const elsewhere = record.streaks.filter((s) => s.channelId !== channelId && (s.current > 0 || s.longest > 0));
  if (elsewhere.length) {
    lines.push(`Other channels: ${elsewhere.map((s) => `${s.current} in ${s.channelName || 'a channel'} (longest ${s.longest})`).join(', ')}`);
  }
  if (input.awayUntil) lines.push(`🏖 Away until ${input.awayUntil}: streaks paused.`);

  const rounds = roundSummaries(record.answers);
  lines.push('', `**Answers:** ${record.answers.length}`);
  for (const r of rounds) {
    lines.push(`- Round ${r.round}, ${ROUND_TITLES[r.round]}: ${r.answers}${r.averageScore === null ? '' : ` (average score ${r.averageScore}/100)`}`);
  }

  const received = [...record.reviewsOf.values()].flat();
  const averages = reviewAverages(received);
  lines.push(
    '',
    averages.length
      ? `**Peer reviews of your answers** (${received.length}, scores 1-4): ${averages.map((a) => `${a.label} ${a.average.toFixed(1)}`).join(' · ')}`
      : '**Peer reviews of your answers:** none yet.',
  );

  const weakest = weakestRound(rounds);
  const weak = rounds.find((r) => r.round === weakest)!;
  lines.push(
    `**Weakest round:** ${weakest}, ${ROUND_TITLES[weakest]} (${
      weak.answers === 0 ? 'no answers yet' : `${weak.answers} answer${weak.answers === 1 ? '' : 's'}, average score ${weak.averageScore}/100`
    })`,
  );

  const stories = storiesOf(record.answers, record.reviewsOf, catalog);
  const grid = principleGrid(stories);
  const covered = PRINCIPLE_IDS.filter((p) => grid.get(p)! >= STORIES_PER_PRINCIPLE).length;
  lines.push('', `**Leadership Principles** (stories per principle, target ${STORIES_PER_PRINCIPLE}; ${covered}/16 covered):`);
  for (const p of PRINCIPLE_IDS) lines.push(`${coverageMark(grid.get(p)!)} ${principleName(catalog, p)}`);

  const next = nextQuestion(catalog, record.answers, weakest, grid);
  lines.push(
    '',
    next
      ? `**Try next:** _${clip(next.question.prompt, 220)}_ (\`${next.question.id}\`: ${next.why})`
      : '**Try next:** you have answered every question in the bank. Try `/mock` on your weakest round.',
  );

  return {
    title: '📊 Your prep stats',
    text: lines.join('\n'),
    context: 'Only you can see this. /prep stories lists your stories; /prep export sends you everything.',
  };
}
