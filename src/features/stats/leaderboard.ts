import { DateTime } from 'luxon';
import type { Services } from '../../core/feature.js';
import type { MessageDoc } from '../../core/ports.js';

/** Places shown per section. */
const TOP = 10;
const MEDALS = ['🥇', '🥈', '🥉'];

/** Monday 00:00 of the week `now` falls in, in `zone`: weekly sections start again then, so newcomers can climb. */
export function weekStart(now: Date, zone: string): Date {
  return DateTime.fromJSDate(now, { zone }).startOf('week').toJSDate();
}

function ranked<T>(rows: readonly T[], line: (row: T) => string, empty: string): string {
  if (rows.length === 0) return empty;
  return rows.map((row, i) => `${MEDALS[i] ?? `${i + 1}.`} ${line(row)}`).join('\n');
}

const nameOf = (name: string) => name || 'someone';

/**
 * `/prep leaderboard`: current streaks (all time, they reset by themselves), then answers and
 * reviewers of this week only. Plain SQL: three grouped queries on indexed columns.
 */
export function leaderboardDoc(services: Services, channelId: string, now: Date): MessageDoc {
  const { sqlite } = services;
  const channel = sqlite.prepare('SELECT name, timezone FROM channel WHERE id = ?').get(channelId) as { name: string; timezone: string } | undefined;
  const zone = channel?.timezone ?? services.settings.defaultTimezone;
  const since = weekStart(now, zone);

  const streakRows = sqlite
    .prepare(
      `SELECT m.name, s.current, s.longest FROM streak s JOIN member m ON m.id = s.member_id
       WHERE s.channel_id = ? AND s.current > 0 ORDER BY s.current DESC, s.longest DESC, m.name LIMIT ?`,
    )
    .all(channelId, TOP) as Array<{ name: string; current: number; longest: number }>;
  const answerRows = sqlite
    .prepare(
      `SELECT m.name, count(*) AS answers FROM answer a JOIN member m ON m.id = a.member_id
       WHERE a.channel_id = ? AND a.created_at >= ? GROUP BY a.member_id ORDER BY answers DESC, m.name LIMIT ?`,
    )
    .all(channelId, since.getTime(), TOP) as Array<{ name: string; answers: number }>;
  // Reviews written this week, and helpful marks given this week (to reviews of any week).
  const reviewerRows = sqlite
    .prepare(
      `SELECT m.name, sum(r.created_at >= @since) AS reviews, sum(r.helpful = 1 AND coalesce(r.helpful_at, 0) >= @since) AS helpful
       FROM review r JOIN answer a ON a.id = r.answer_id JOIN member m ON m.id = r.reviewer_id
       WHERE a.channel_id = @channel AND (r.created_at >= @since OR coalesce(r.helpful_at, 0) >= @since)
       GROUP BY r.reviewer_id ORDER BY reviews + helpful DESC, helpful DESC, m.name LIMIT @top`,
    )
    .all({ channel: channelId, since: since.getTime(), top: TOP }) as Array<{ name: string; reviews: number; helpful: number }>;

  const weekOf = DateTime.fromJSDate(since, { zone }).toFormat('ccc d LLL');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    title: `🏆 Leaderboard${channel?.name ? ` for ${channel.name}` : ''}`,
    text: [
      '**Current streaks**',
      ranked(streakRows, (r) => `${nameOf(r.name)}: ${r.current} 🔥${r.longest > r.current ? ` (best ${r.longest})` : ''}`, 'No running streak yet: answer today\'s question to start one.'),
      '',
      `**Answers this week** (since ${weekOf})`,
      ranked(answerRows, (r) => `${nameOf(r.name)}: ${plural(r.answers, 'answer')}`, 'No answers yet this week: be the first!'),
      '',
      `**Reviewers this week** (since ${weekOf})`,
      ranked(
        reviewerRows,
        (r) => `${nameOf(r.name)}: ${plural(r.reviews, 'review')}${r.helpful ? `, ${r.helpful} marked helpful` : ''}`,
        'No reviews yet this week: `/prep review` picks an answer for you.',
      ),
    ].join('\n'),
    context: `Weekly sections start again every Monday at 00:00 ${zone}.`,
  };
}
