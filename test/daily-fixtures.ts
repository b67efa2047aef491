/**
 * Small helpers shared by the daily-question tests: a tiny question bank (so the tests do not
 * depend on questions/*.yaml), restarts on the same database, and reading back what was posted.
 */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { Harness, type HarnessOptions } from '../adapters/memory/harness.js';
import type { MemoryMessage } from '../adapters/memory/memory-chat.js';
import { makeCatalog, type Catalog } from '../src/catalog/load.js';
import { PRINCIPLE_IDS, type PrincipleId, type Question, type Round } from '../src/catalog/schema.js';
import type { Ref } from '../src/core/ports.js';
import { answers, channels, dailyPosts, members } from '../src/db/schema.js';

export function question(id: string, round: Round, principles: PrincipleId[] = ['ownership']): Question {
  return {
    id,
    round,
    kind: round === 5 ? 'behavioral' : 'technical',
    prompt: `Question ${id}: how would you design the settlement pipeline for partner banks?`,
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

/** `perRound` questions in each of the five rounds, ids "r<round>-q<n>". */
export function smallCatalog(perRound = 3, extra: Question[] = []): Catalog {
  const questions: Question[] = [];
  for (const round of [1, 2, 3, 4, 5] as Round[]) {
    for (let n = 1; n <= perRound; n++) questions.push(question(`r${round}-q${n}`, round));
  }
  return makeCatalog([...questions, ...extra], principles());
}

export function principles() {
  return PRINCIPLE_IDS.map((id) => ({
    id,
    name: id.replace(/-/g, ' '),
    summary: `What ${id} means for a data engineer, long enough to be a summary.`,
    signals: ['one', 'two', 'three', 'four'],
  }));
}

export function harness(options: HarnessOptions = {}): Harness {
  return new Harness({ catalog: smallCatalog(), ...options });
}

/** A new core on the same database, chat world and clock, as after a process restart. */
export async function restart(h: Harness, catalog: Catalog = h.app.services.catalog): Promise<Harness> {
  const next = new Harness({ storage: h.storage, chat: h.chat, clock: h.clock, catalog });
  await next.start();
  return next;
}

/** Moves the clock without running any minute's work: the bot is down meanwhile. */
export function downUntil(h: Harness, iso: string): void {
  h.clock.set(new Date(iso));
}

export async function admin(h: Harness, line: string, channel: Ref = h.channel): Promise<string> {
  const you = h.as('you', { admin: true });
  const before = you.inbox().length;
  await you.command(line, { channel });
  return you
    .inbox()
    .slice(before)
    .map((m) => m.text)
    .join('\n');
}

export interface SeenPost {
  readonly message: MemoryMessage;
  readonly round: number;
  readonly questionId: string;
  readonly localDate: string;
  /** When the platform got it. */
  readonly at: string;
}

/** The daily posts a channel shows, oldest first, with their round and question. */
export function postsIn(h: Harness, channel: Ref = h.channel): SeenPost[] {
  return h.threadStarts(channel).map((message) => {
    const id = Number(/^daily:(\d+)$/.exec(message.key ?? '')?.[1]);
    const row = h.storage.db.select().from(dailyPosts).where(eq(dailyPosts.id, id)).get();
    if (!row) throw new Error(`thread start ${message.ref} has no daily_post row (key ${message.key})`);
    return { message, round: row.round, questionId: row.questionId, localDate: row.localDate, at: message.at.toISOString() };
  });
}

/** Local date → number of posts the channel shows for it. */
export function postsPerDate(h: Harness, channel: Ref = h.channel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of postsIn(h, channel)) counts.set(p.localDate, (counts.get(p.localDate) ?? 0) + 1);
  return counts;
}

export function channelRow(h: Harness, channel: Ref = h.channel) {
  return h.storage.db.select().from(channels).where(eq(channels.id, channel)).get()!;
}

export function postRows(h: Harness, channel: Ref = h.channel) {
  return h.storage.db.select().from(dailyPosts).where(eq(dailyPosts.channelId, channel)).all();
}

/** Answers with a given score in a round, as the answers feature would have stored them. */
export function seedAnswers(h: Harness, rows: Array<{ round: number; score: number; questionId?: string; count?: number }>): void {
  const { db } = h.storage;
  const member = db.select().from(members).get();
  if (!member) throw new Error('seedAnswers needs a member: run a command first');
  const at = h.clock.now().getTime() - 86_400_000;
  for (const row of rows) {
    for (let i = 0; i < (row.count ?? 1); i++) {
      db.insert(answers)
        .values({
          communityId: member.communityId,
          channelId: h.channel,
          memberId: member.id,
          questionId: row.questionId ?? `r${row.round}-q1`,
          round: row.round,
          source: 'thread',
          text: 'seeded answer',
          score: row.score,
          createdAt: at,
          updatedAt: at,
          lastMessageAt: at,
        })
        .run();
    }
  }
}

/** The channel's local wall time of an instant, "2026-03-08 03:30". */
export function wallTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm');
}
