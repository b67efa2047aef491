import { and, eq, gte, sql } from 'drizzle-orm';
import type { Catalog } from '../../catalog/load.js';
import type { Question, Round } from '../../catalog/schema.js';
import type { Db } from '../../db/open.js';
import { answers, channels } from '../../db/schema.js';
import { weakestOf } from '../answers/weakest-round.js';
import { isoWeekdayOf } from './schedule.js';
import { dailyStatements } from './statements.js';

type ChannelRow = typeof channels.$inferSelect;

const WEAKEST_WINDOW_MS = 60 * 86_400_000;

/**
 * The round of a channel's post on `localDate`:
 * - weekday: Monday..Friday are rounds 1..5; weekend posts repeat the channel's weakest round;
 * - cycle: 1,2,3,4,5,1,... over posting days (the channel row remembers where it is);
 * - round: always the fixed round.
 */
export function roundFor(db: Db, channel: ChannelRow, localDate: string, now: Date): Round {
  if (channel.rotation === 'round' && channel.fixedRound) return channel.fixedRound as Round;
  if (channel.rotation === 'cycle') return (((channel.cycleNext - 1) % 5) + 1) as Round;
  const weekday = isoWeekdayOf(localDate);
  return weekday <= 5 ? (weekday as Round) : weakestRound(db, channel.id, now);
}

/** The round this channel's answers of the last 60 days score lowest in (the rule is weakestOf's). */
export function weakestRound(db: Db, channelId: string, now: Date): Round {
  const rows = db
    .select({ round: answers.round, average: sql<number>`avg(${answers.score})`, count: sql<number>`count(*)` })
    .from(answers)
    .where(and(eq(answers.channelId, channelId), gte(answers.createdAt, now.getTime() - WEAKEST_WINDOW_MS)))
    .groupBy(answers.round)
    .all();
  return weakestOf(new Map(rows.map((r) => [r.round, r.average])));
}

/**
 * Picks the question for a channel's post. Unused questions of the round come first; once the
 * pool is used up, the least recently used return. Among equals, prefer questions whose
 * principles the channel has answered least, then a stable per-day shuffle for variety.
 */
export function chooseQuestion(db: Db, catalog: Catalog, channelId: string, round: Round, localDate: string): Question {
  const pool = catalog.byRound(round);
  if (pool.length === 0) throw new Error(`the question bank has no questions for round ${round}`);
  const usage = new Map(
    dailyStatements(db)
      .usageOf.all({ channelId })
      .map((u) => [u.questionId, u.lastUsedAt]),
  );
  const unused = pool.filter((q) => !usage.has(q.id));
  let candidates: readonly Question[];
  if (unused.length > 0) {
    candidates = unused;
  } else {
    const oldest = Math.min(...pool.map((q) => usage.get(q.id)!));
    candidates = pool.filter((q) => usage.get(q.id) === oldest);
  }
  const practice = principlePractice(db, catalog, channelId);
  // One pass for the minimum: this runs for every channel of a fan-out.
  let best: Question | undefined;
  let bestNeed = Number.POSITIVE_INFINITY;
  let bestHash = Number.POSITIVE_INFINITY;
  for (const question of candidates) {
    let need = Number.POSITIVE_INFINITY;
    for (const principle of question.principles) need = Math.min(need, practice.get(principle) ?? 0);
    if (need > bestNeed) continue;
    const hash = stableHash(`${channelId}|${localDate}|${question.id}`);
    if (need < bestNeed || hash < bestHash) {
      best = question;
      bestNeed = need;
      bestHash = hash;
    }
  }
  return best!;
}

/** How many answers this channel has given per principle (through the questions answered). */
function principlePractice(db: Db, catalog: Catalog, channelId: string): Map<string, number> {
  const rows = dailyStatements(db).answersPerQuestion.all({ channelId });
  const practice = new Map<string, number>();
  for (const row of rows) {
    for (const principle of catalog.question(row.questionId)?.principles ?? []) {
      practice.set(principle, (practice.get(principle) ?? 0) + row.count);
    }
  }
  return practice;
}

function stableHash(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
