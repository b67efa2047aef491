import { and, asc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { equalsLiteral } from '../../db/literal.js';
import { answers, awayPeriods, dailyPosts } from '../../db/schema.js';
import type { ChannelHistory, AwaySpan } from './replay.js';
import type { PublishedPost } from './rules.js';

/** Reads what streaks are computed from, out of the database. */

/**
 * The per-answer queries, prepared once per database: every answer saved runs them, and building
 * the SQL each time would cost more than running it.
 */
function prepare(db: Db) {
  const p = sql.placeholder;
  return {
    published: db
      .select({ seq: dailyPosts.seq, publishedAt: dailyPosts.postedAt })
      .from(dailyPosts)
      .where(
        and(
          eq(dailyPosts.channelId, p('channelId')),
          gt(dailyPosts.seq, p('afterSeq')),
          equalsLiteral(dailyPosts.status, 'posted'),
          isNotNull(dailyPosts.postedAt),
        ),
      )
      .orderBy(asc(dailyPosts.seq))
      .prepare(),
    onTimeOfMember: db
      .select({ memberId: answers.memberId, seq: dailyPosts.seq })
      .from(answers)
      .innerJoin(dailyPosts, eq(dailyPosts.id, answers.postId))
      .where(
        and(
          eq(dailyPosts.channelId, p('channelId')),
          gt(dailyPosts.seq, p('afterSeq')),
          eq(answers.onTime, true),
          eq(answers.memberId, p('memberId')),
        ),
      )
      .prepare(),
    awayOfMember: db
      .select({ memberId: awayPeriods.memberId, startAt: awayPeriods.startAt, endAt: awayPeriods.endAt })
      .from(awayPeriods)
      .where(eq(awayPeriods.memberId, p('memberId')))
      .prepare(),
  };
}

const preparedByDb = new WeakMap<Db, ReturnType<typeof prepare>>();
function statements(db: Db): ReturnType<typeof prepare> {
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = prepare(db);
    preparedByDb.set(db, prepared);
  }
  return prepared;
}

/** Published posts of a channel after `afterSeq`, in seq order. */
export function publishedPosts(db: Db, channelId: string, afterSeq = 0): PublishedPost[] {
  return statements(db).published.all({ channelId, afterSeq }) as PublishedPost[];
}

/** (member, seq) of every on-time answer to the channel's posts after `afterSeq`; one member when `memberId` is given. */
export function onTimeAnswers(db: Db, channelId: string, afterSeq: number, memberId?: number): { memberId: number; seq: number }[] {
  if (memberId !== undefined) return statements(db).onTimeOfMember.all({ channelId, afterSeq, memberId });
  return db
    .select({ memberId: answers.memberId, seq: dailyPosts.seq })
    .from(answers)
    .innerJoin(dailyPosts, eq(dailyPosts.id, answers.postId))
    .where(
      and(
        eq(dailyPosts.channelId, channelId),
        gt(dailyPosts.seq, afterSeq),
        eq(answers.onTime, true),
      ),
    )
    .all();
}

export function awaySpans(db: Db, memberIds: readonly number[]): AwaySpan[] {
  if (memberIds.length === 0) return [];
  if (memberIds.length === 1) return statements(db).awayOfMember.all({ memberId: memberIds[0]! });
  const spans: AwaySpan[] = [];
  // Chunked: SQLite limits the number of bound parameters in one statement.
  for (let i = 0; i < memberIds.length; i += 500) {
    spans.push(
      ...db
        .select({ memberId: awayPeriods.memberId, startAt: awayPeriods.startAt, endAt: awayPeriods.endAt })
        .from(awayPeriods)
        .where(inArray(awayPeriods.memberId, memberIds.slice(i, i + 500)))
        .all(),
    );
  }
  return spans;
}

/** A channel's whole history, for the replay; `memberId` narrows answers and aways to one member. */
export function channelHistory(db: Db, channelId: string, memberId?: number): ChannelHistory {
  const answerRows = db
    .select({ memberId: answers.memberId, seq: dailyPosts.seq, onTime: answers.onTime })
    .from(answers)
    .innerJoin(dailyPosts, eq(dailyPosts.id, answers.postId))
    .where(and(eq(dailyPosts.channelId, channelId), memberId === undefined ? undefined : eq(answers.memberId, memberId)))
    .all();
  const members = [...new Set(answerRows.map((a) => a.memberId))];
  return { posts: publishedPosts(db, channelId), answers: answerRows, aways: awaySpans(db, members) };
}
