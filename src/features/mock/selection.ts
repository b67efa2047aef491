import type Database from 'better-sqlite3';
import type { Catalog } from '../../catalog/load.js';
import { type Question, type Round } from '../../catalog/schema.js';
import { weakestOf } from '../answers/weakest-round.js';

/** The member's weakest round over their daily and mock answers (the rule is weakestOf's). */
export function weakestRound(sqlite: Database.Database, memberId: number): Round {
  const rows = sqlite
    .prepare('SELECT round, avg(score) AS average FROM answer WHERE member_id = ? GROUP BY round')
    .all(memberId) as Array<{ round: number; average: number }>;
  return weakestOf(new Map(rows.map((r) => [r.round, r.average])));
}

/** What a member has already met: questions answered, and questions asked in earlier mocks. */
export function history(sqlite: Database.Database, memberId: number): { answered: Set<string>; asked: Set<string> } {
  const answered = new Set(
    (sqlite.prepare('SELECT DISTINCT question_id AS id FROM answer WHERE member_id = ?').all(memberId) as Array<{ id: string }>).map(
      (r) => r.id,
    ),
  );
  const asked = new Set<string>();
  for (const row of sqlite.prepare('SELECT question_ids AS ids FROM mock_session WHERE candidate_id = ?').all(memberId) as Array<{
    ids: string;
  }>) {
    for (const id of JSON.parse(row.ids) as string[]) asked.add(id);
  }
  return { answered, asked };
}

/** How many of `count` questions are behavioral in a technical round: 1 of 2-4, 2 of 5 (none of 1). */
export function behavioralShare(count: number): number {
  return Math.floor((count + 1) / 3);
}

/**
 * Picks a mock's questions. Real loops mix Leadership Principle questions into technical rounds,
 * and interviewers usually open with them: so the behavioral questions come first, then the
 * technical ones (round 5 is all behavioral). Within a kind, questions the member has never
 * answered come first, then ones not asked in an earlier mock, then the rest; a seeded shuffle
 * breaks ties so the same member at the same instant gets the same interview (reproducible
 * playground scripts) while different sessions differ.
 */
export function pickQuestions(
  catalog: Catalog,
  round: Round,
  count: number,
  seen: { answered: ReadonlySet<string>; asked: ReadonlySet<string> },
  seed: number,
): Question[] {
  const random = mulberry32(seed);
  const rank = (q: Question) => (seen.answered.has(q.id) ? 2 : 0) + (seen.asked.has(q.id) ? 1 : 0);
  const ordered = (pool: readonly Question[]) =>
    pool
      .map((q) => ({ q, rank: rank(q), tie: random() }))
      .sort((a, b) => a.rank - b.rank || a.tie - b.tie)
      .map((x) => x.q);
  const pool = catalog.byRound(round);
  const behavioral = ordered(pool.filter((q) => q.kind === 'behavioral'));
  const technical = ordered(pool.filter((q) => q.kind === 'technical'));
  const total = Math.min(count, pool.length);
  let wantBehavioral = technical.length === 0 ? total : Math.min(behavioralShare(total), behavioral.length);
  if (total - wantBehavioral > technical.length) wantBehavioral = total - technical.length;
  return [...behavioral.slice(0, wantBehavioral), ...technical.slice(0, total - wantBehavioral)];
}

/** A small seeded PRNG (mulberry32): deterministic, good enough to shuffle a question pool. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Seed from a member and an instant. */
export function seedOf(memberId: number, at: Date): number {
  return (Math.imul(memberId, 2_654_435_761) ^ Math.floor(at.getTime() / 1000)) >>> 0;
}
