import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { answers, channels, dailyPosts, questionUsage } from '../../db/schema.js';

/**
 * The per-channel queries of the scheduler, prepared once. A 09:00 fan-out runs each of them
 * for every channel; building the SQL each time would cost more than running it (10,000
 * channels: about 20 s instead of 2).
 */
export function prepareDailyStatements(db: Db) {
  const p = sql.placeholder;
  return {
    postOn: db
      .select()
      .from(dailyPosts)
      .where(and(eq(dailyPosts.channelId, p('channelId')), eq(dailyPosts.localDate, p('localDate'))))
      .prepare(),
    postById: db.select().from(dailyPosts).where(eq(dailyPosts.id, p('id'))).prepare(),
    channelById: db.select().from(channels).where(eq(channels.id, p('id'))).prepare(),
    takenDates: db
      .select({ localDate: dailyPosts.localDate })
      .from(dailyPosts)
      .where(and(eq(dailyPosts.channelId, p('channelId')), gte(dailyPosts.localDate, p('from'))))
      .prepare(),
    lastSeq: db
      .select({ seq: dailyPosts.seq })
      .from(dailyPosts)
      .where(eq(dailyPosts.channelId, p('channelId')))
      // No .limit(1): drizzle binds it as a parameter, which costs SQLite more than the lookup;
      // .get() reads the first row of the index order and stops.
      .orderBy(desc(dailyPosts.seq))
      .prepare(),
    insertClaim: db
      .insert(dailyPosts)
      .values({
        channelId: p('channelId'),
        localDate: p('localDate'),
        seq: p('seq'),
        round: p('round'),
        questionId: p('questionId'),
        status: 'claimed',
        claimedAt: p('claimedAt'),
        deadlineAt: p('deadlineAt'),
      })
      .onConflictDoNothing()
      .returning()
      .prepare(),
    useQuestion: db
      .insert(questionUsage)
      .values({ channelId: p('channelId'), questionId: p('questionId'), lastUsedAt: p('at') })
      .onConflictDoUpdate({
        target: [questionUsage.channelId, questionUsage.questionId],
        set: { lastUsedAt: sql`excluded.last_used_at`, timesUsed: sql`${questionUsage.timesUsed} + 1` },
      })
      .prepare(),
    usageOf: db
      .select({ questionId: questionUsage.questionId, lastUsedAt: questionUsage.lastUsedAt })
      .from(questionUsage)
      .where(eq(questionUsage.channelId, p('channelId')))
      .prepare(),
    answersPerQuestion: db
      .select({ questionId: answers.questionId, count: sql<number>`count(*)` })
      .from(answers)
      .where(eq(answers.channelId, p('channelId')))
      .groupBy(answers.questionId)
      .prepare(),
    setNextPost: db
      .update(channels)
      .set({ nextPostAt: sql`${p('nextPostAt')}`, skipDate: sql`${p('skipDate')}` })
      .where(eq(channels.id, p('id')))
      .prepare(),
    countAttempt: db
      .update(dailyPosts)
      .set({ attempts: sql`${dailyPosts.attempts} + 1` })
      .where(eq(dailyPosts.id, p('id')))
      .prepare(),
    markPosted: db
      .update(dailyPosts)
      .set({
        status: 'posted',
        messageRef: sql`${p('messageRef')}`,
        threadRef: sql`${p('threadRef')}`,
        postedAt: sql`${p('postedAt')}`,
        lastError: null,
      })
      .where(eq(dailyPosts.id, p('id')))
      .prepare(),
    resetFailures: db
      .update(channels)
      .set({ failureCount: 0, lastError: null })
      .where(and(eq(channels.id, p('id')), sql`(${channels.failureCount} <> 0 OR ${channels.lastError} IS NOT NULL)`))
      .prepare(),
  };
}

export type DailyStatements = ReturnType<typeof prepareDailyStatements>;

const byDb = new WeakMap<Db, DailyStatements>();

/** The statements for this database, prepared on first use. */
export function dailyStatements(db: Db): DailyStatements {
  let statements = byDb.get(db);
  if (!statements) {
    statements = prepareDailyStatements(db);
    byDb.set(db, statements);
  }
  return statements;
}
