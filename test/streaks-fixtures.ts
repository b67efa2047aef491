/**
 * Shared by the streaks, stats and privacy tests: a small question bank whose behavioral
 * questions all list Customer Obsession (so stories are predictable), answer texts, time travel
 * to an instant, and reading a member's streak against the replay from history.
 */
import { and, eq } from 'drizzle-orm';
import { Harness, type HarnessOptions, type UserDriver } from '../adapters/memory/harness.js';
import { loadCatalog, makeCatalog, type Catalog } from '../src/catalog/load.js';
import type { PrincipleId, Question, Round } from '../src/catalog/schema.js';
import { members, streaks } from '../src/db/schema.js';
import { channelHistory, replayStreaks } from '../src/features/streaks/index.js';
import { NO_STREAK, type StreakState } from '../src/features/streaks/rules.js';

function question(id: string, round: Round, kind: Question['kind'], principles: PrincipleId[]): Question {
  return {
    id,
    round,
    kind,
    prompt: `Question ${id}: tell me how you would handle late card transactions from partner banks.`,
    principles,
    difficulty: 2,
    followUps: ['What if the data is three days late?', 'How do you backfill safely?'],
    keyPoints: [
      { point: 'Idempotent writes', synonyms: ['idempotent'] },
      { point: 'Partition by date', synonyms: ['partition'] },
    ],
    tags: ['test'],
  };
}

let cached: Catalog | null = null;

/**
 * Rounds 1-4: technical questions (never stories). Round 5: behavioral questions that all list
 * Customer Obsession. No question lists Frugality or Think Big.
 */
export function streaksCatalog(): Catalog {
  if (cached) return cached;
  const questions: Question[] = [];
  for (const round of [1, 2, 3, 4] as Round[]) {
    for (let n = 1; n <= 4; n++) questions.push(question(`r${round}-t${n}`, round, 'technical', ['dive-deep']));
  }
  const behavioral: PrincipleId[][] = [
    ['customer-obsession', 'earn-trust'],
    ['customer-obsession', 'ownership'],
    ['customer-obsession', 'deliver-results'],
    ['customer-obsession', 'bias-for-action'],
  ];
  behavioral.forEach((principles, i) => questions.push(question(`r5-b${i + 1}`, 5, 'behavioral', principles)));
  cached = makeCatalog(questions, loadCatalog().principles);
  return cached;
}

/** A four-part story with a measured result; it shows no Frugality or Think Big signal. */
export const STORY = [
  'Situation: our fraud team found that the nightly card transaction load into Redshift was often two hours late, so the morning risk dashboards were stale.',
  'Task: I owned the pipeline and had to make the data available before 7 am.',
  'Action: I dug into the Glue job logs, found the root cause in a skewed join, rewrote it with salting and added a CloudWatch alarm on job duration.',
  'Result: the load finished by 5:30 am every day for three months and runtime dropped by 60%.',
].join('\n\n');

export function streaksHarness(options: HarnessOptions = {}): Harness {
  return new Harness({ catalog: streaksCatalog(), start: '2026-11-30T08:00:00Z', ...options });
}

/** Moves the simulated clock to `iso`, running every minute's work on the way. */
export async function advanceTo(h: Harness, iso: string): Promise<void> {
  const ms = new Date(iso).getTime() - h.clock.now().getTime();
  if (ms < 0) throw new Error(`advanceTo ${iso}: that is in the past (${h.clock.now().toISOString()})`);
  if (ms > 0) await h.advance(ms);
}

/** What `user` received privately since `from` messages ago, as one text. */
export function privateSince(user: UserDriver, from: number): string {
  return user
    .inbox()
    .slice(from)
    .map((m) => m.text)
    .join('\n');
}

/** Runs a command and returns what its author privately received from it. */
export async function run(user: UserDriver, line: string): Promise<string> {
  const before = user.inbox().length;
  await user.command(line);
  return privateSince(user, before);
}

export function memberId(h: Harness, name: string): number {
  const row = h.storage.db.select({ id: members.id }).from(members).where(eq(members.userRef, `mem:u:${name}`)).get();
  if (!row) throw new Error(`${name} has no member row`);
  return row.id;
}

/** The streak table's row for a member, as a state (no row = no streak). */
export function storedStreak(h: Harness, member: number, channel = h.channel): StreakState {
  const row = h.storage.db
    .select()
    .from(streaks)
    .where(and(eq(streaks.channelId, channel), eq(streaks.memberId, member)))
    .get();
  return row ? { current: row.current, longest: row.longest, freezes: row.freezes, sinceFreeze: row.sinceFreeze, lastSeq: row.lastSeq } : NO_STREAK;
}

export function replayedStreak(h: Harness, member: number, channel = h.channel): StreakState {
  return replayStreaks(channelHistory(h.storage.db, channel)).get(member) ?? NO_STREAK;
}
