import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { answers, awayPeriods, dailyPosts } from '../../db/schema.js';
import type { ChannelHistory, AwaySpan } from './replay.js';
import type { PublishedPost } from './rules.js';

/** Reads what streaks are computed from, out of the database. */

/** Published posts of a channel after `afterSeq`, in seq order. */
export function publishedPosts(db: Db, channelId: string, afterSeq = 0): PublishedPost[] {
  return db
    .select({ seq: dailyPosts.seq, publishedAt: dailyPosts.postedAt })
    .from(dailyPosts)
    .where(
      and(eq(dailyPosts.channelId, channelId), gt(dailyPosts.seq, afterSeq), eq(dailyPosts.status, 'posted'), isNotNull(dailyPosts.postedAt)),
    )
    .orderBy(asc(dailyPosts.seq))
    .all() as PublishedPost[];
}

/** (member, seq) of every on-time answer to the channel's posts after `afterSeq`; one member when `memberId` is given. */
export function onTimeAnswers(db: Db, channelId: string, afterSeq: number, memberId?: number): { memberId: number; seq: number }[] {
  return db
    .select({ memberId: answers.memberId, seq: dailyPosts.seq })
    .from(answers)
    .innerJoin(dailyPosts, eq(dailyPosts.id, answers.postId))
    .where(
      and(
        eq(dailyPosts.channelId, channelId),
        gt(dailyPosts.seq, afterSeq),
        eq(answers.onTime, true),
        memberId === undefined ? undefined : eq(answers.memberId, memberId),
      ),
    )
    .all();
}

export function awaySpans(db: Db, memberIds: readonly number[]): AwaySpan[] {
  if (memberIds.length === 0) return [];
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
