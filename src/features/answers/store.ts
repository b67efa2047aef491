import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import type { Question } from '../../catalog/schema.js';
import type { Services } from '../../core/feature.js';
import { answerMessages, answers, dailyPosts } from '../../db/schema.js';
import { analyzeAnswer, type Analysis } from './analyzer.js';
import { scoreAnalysis } from './score.js';

export type AnswerRow = typeof answers.$inferSelect;
export type PostRow = typeof dailyPosts.$inferSelect;

/** Messages by one member in one thread within this window join into one answer. */
export const JOIN_WINDOW_MS = 10 * 60_000;

export interface SavedAnswer {
  readonly answer: AnswerRow;
  readonly analysis: Analysis;
  readonly score: number;
  readonly created: boolean;
  /** How many messages the answer is made of. */
  readonly messages: number;
}

export interface NewMessage {
  readonly post: PostRow;
  readonly memberId: number;
  readonly communityId: string;
  /** Platform message id: the idempotency key. */
  readonly messageId: string;
  readonly messageRef: string;
  readonly text: string;
  readonly at: Date;
  readonly source: 'thread' | 'form';
  /** A new answer needs at least this many words; joining an existing one needs none. */
  readonly minWords: number;
}

/**
 * Answers and the messages they are made of. Every write is one transaction keyed by the
 * platform message id, so a redelivered event never creates a second answer.
 */
export class AnswerStore {
  constructor(private readonly services: Services) {}

  postByThread(thread: string): PostRow | undefined {
    return this.services.db.select().from(dailyPosts).where(eq(dailyPosts.threadRef, thread)).get();
  }

  post(id: number): PostRow | undefined {
    return this.services.db.select().from(dailyPosts).where(eq(dailyPosts.id, id)).get();
  }

  hasMessage(messageId: string): boolean {
    return Boolean(
      this.services.db.select({ id: answerMessages.messageId }).from(answerMessages).where(eq(answerMessages.messageId, messageId)).get(),
    );
  }

  /** Records a message as (part of) an answer. Null when this message id was already recorded. */
  recordMessage(input: NewMessage): SavedAnswer | null {
    const { db } = this.services;
    return db.transaction(() => {
      if (this.hasMessage(input.messageId)) return null;
      const joinable =
        input.source === 'thread'
          ? db
              .select()
              .from(answers)
              .where(
                and(
                  eq(answers.postId, input.post.id),
                  eq(answers.memberId, input.memberId),
                  eq(answers.source, 'thread'),
                  gte(answers.lastMessageAt, input.at.getTime() - JOIN_WINDOW_MS),
                ),
              )
              .orderBy(desc(answers.lastMessageAt))
              .get()
          : undefined;
      if (!joinable && input.text.trim().split(/\s+/).filter(Boolean).length < input.minWords) return null;
      const at = input.at.getTime();
      const answerId =
        joinable?.id ??
        db
          .insert(answers)
          .values({
            communityId: input.communityId,
            channelId: input.post.channelId,
            postId: input.post.id,
            memberId: input.memberId,
            questionId: input.post.questionId,
            round: input.post.round,
            source: input.source,
            messageRef: input.messageRef,
            text: input.text,
            onTime: this.isOnTime(input.post, at),
            createdAt: at,
            updatedAt: at,
            lastMessageAt: at,
          })
          .returning({ id: answers.id })
          .get().id;
      db.insert(answerMessages)
        .values({ messageId: input.messageId, answerId, messageRef: input.messageRef, text: input.text, postedAt: at })
        .run();
      return this.reanalyse(answerId, at, !joinable);
    });
  }

  /** Applies an edit to a recorded message; null when the message is not part of an answer. */
  editMessage(messageId: string, text: string, at: Date): SavedAnswer | null {
    const { db } = this.services;
    return db.transaction(() => {
      const message = db.select().from(answerMessages).where(eq(answerMessages.messageId, messageId)).get();
      if (!message) return null;
      db.update(answerMessages).set({ text }).where(eq(answerMessages.messageId, messageId)).run();
      return this.reanalyse(message.answerId, at.getTime(), false, false);
    });
  }

  /** Removes a deleted message; the answer goes with its last message. */
  deleteMessage(messageId: string, at: Date): { answer: AnswerRow; removed: boolean } | null {
    const { db } = this.services;
    return db.transaction(() => {
      const message = db.select().from(answerMessages).where(eq(answerMessages.messageId, messageId)).get();
      if (!message) return null;
      db.delete(answerMessages).where(eq(answerMessages.messageId, messageId)).run();
      const answer = db.select().from(answers).where(eq(answers.id, message.answerId)).get()!;
      const left = db.select({ id: answerMessages.messageId }).from(answerMessages).where(eq(answerMessages.answerId, answer.id)).all();
      if (left.length === 0) {
        db.delete(answers).where(eq(answers.id, answer.id)).run();
        return { answer, removed: true };
      }
      this.reanalyse(answer.id, at.getTime(), false, false);
      return { answer, removed: false };
    });
  }

  /** After the form answer is posted in the thread, reviews and reactions can point at it. */
  setMessageRef(answerId: number, messageId: string, messageRef: string): void {
    const { db } = this.services;
    db.transaction(() => {
      db.update(answers).set({ messageRef }).where(eq(answers.id, answerId)).run();
      db.update(answerMessages).set({ messageRef }).where(eq(answerMessages.messageId, messageId)).run();
    });
  }

  answersOf(memberId: number, postIds: readonly number[]): AnswerRow[] {
    if (postIds.length === 0) return [];
    return this.services.db
      .select()
      .from(answers)
      .where(and(eq(answers.memberId, memberId), inArray(answers.postId, [...postIds])))
      .all();
  }

  /** Recomputes text, analysis and score of an answer from its messages. */
  private reanalyse(answerId: number, at: number, created: boolean, touch = true): SavedAnswer {
    const { db, catalog } = this.services;
    const parts = db
      .select({ text: answerMessages.text })
      .from(answerMessages)
      .where(eq(answerMessages.answerId, answerId))
      .orderBy(asc(answerMessages.postedAt), asc(answerMessages.messageId))
      .all();
    const text = parts.map((p) => p.text).join('\n\n');
    const existing = db.select().from(answers).where(eq(answers.id, answerId)).get()!;
    const question: Question | undefined = catalog.question(existing.questionId);
    const analysis = analyzeAnswer(text, { question, principles: catalog.principles });
    const score = scoreAnalysis(analysis, question);
    const answer = db
      .update(answers)
      .set({
        text,
        analysis,
        score,
        principles: analysis.principles,
        updatedAt: at,
        ...(touch ? { lastMessageAt: at } : {}),
      })
      .where(eq(answers.id, answerId))
      .returning()
      .get()!;
    return { answer, analysis, score, created, messages: parts.length };
  }

  /** On time = before the channel's next post went out: only those keep a streak. */
  private isOnTime(post: PostRow, at: number): boolean {
    const next = this.services.db
      .select({ postedAt: dailyPosts.postedAt, claimedAt: dailyPosts.claimedAt })
      .from(dailyPosts)
      .where(and(eq(dailyPosts.channelId, post.channelId), eq(dailyPosts.seq, post.seq + 1)))
      .get();
    return !next || (next.postedAt ?? next.claimedAt) > at;
  }
}
