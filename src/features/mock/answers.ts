import type Database from 'better-sqlite3';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Catalog } from '../../catalog/load.js';
import type { Db } from '../../db/open.js';
import { answerMessages, answers } from '../../db/schema.js';
import { analyzeAnswer, type Analysis } from '../answers/analyzer.js';
import { scoreAnalysis } from '../answers/score.js';

export type AnswerRow = typeof answers.$inferSelect;

export interface SavedMockAnswer {
  readonly answer: AnswerRow;
  readonly analysis: Analysis;
  readonly created: boolean;
}

export interface MockMessage {
  readonly turnId: number;
  readonly questionId: string;
  readonly memberId: number;
  readonly communityId: string;
  readonly channelId: string;
  /** Platform message id: the idempotency key, shared with daily answers (answer_message). */
  readonly messageId: string;
  readonly messageRef: string;
  readonly text: string;
  readonly at: number;
}

/** A turn's answer as the scorecard reads it. */
export interface TurnAnswer {
  readonly answer: AnswerRow;
  readonly analysis: Analysis;
  readonly messageTimes: readonly number[];
}

/**
 * Mock answers live in the answer table (source 'mock', post_id null, mock_turn_id set), one per
 * turn: every message the candidate writes on a question, the follow-up answer included, joins
 * that turn's answer. So they feed stats and the story bank with the same analysis and score as
 * daily answers, while nothing about them looks like an answer to a daily post (no streak).
 */
export class MockAnswers {
  private readonly mockMessage: Database.Statement;

  constructor(
    private readonly db: Db,
    sqlite: Database.Database,
    private readonly catalog: Catalog,
  ) {
    // Asked for every edited or deleted message in the workspace: keep it one indexed lookup.
    this.mockMessage = sqlite.prepare(
      "SELECT a.id FROM answer_message m JOIN answer a ON a.id = m.answer_id WHERE m.message_id = ? AND a.source = 'mock'",
    );
  }

  hasMessage(messageId: string): boolean {
    return Boolean(
      this.db.select({ id: answerMessages.messageId }).from(answerMessages).where(eq(answerMessages.messageId, messageId)).get(),
    );
  }

  isMockMessage(messageId: string): boolean {
    return this.mockMessage.get(messageId) !== undefined;
  }

  /** Adds a message to its turn's answer. Null when this message id was already recorded. */
  record(input: MockMessage): SavedMockAnswer | null {
    const question = this.catalog.question(input.questionId);
    return this.db.transaction((tx) => {
      if (this.hasMessage(input.messageId)) return null;
      const existing = tx
        .select({ id: answers.id })
        .from(answers)
        .where(and(eq(answers.mockTurnId, input.turnId), eq(answers.memberId, input.memberId)))
        .get();
      const answerId =
        existing?.id ??
        tx
          .insert(answers)
          .values({
            communityId: input.communityId,
            channelId: input.channelId,
            postId: null,
            mockTurnId: input.turnId,
            memberId: input.memberId,
            questionId: input.questionId,
            round: question?.round ?? 0,
            source: 'mock',
            messageRef: input.messageRef,
            text: input.text,
            onTime: false, // never counts for a streak
            createdAt: input.at,
            updatedAt: input.at,
            lastMessageAt: input.at,
          })
          .returning({ id: answers.id })
          .get().id;
      tx.insert(answerMessages)
        .values({ messageId: input.messageId, answerId, messageRef: input.messageRef, text: input.text, postedAt: input.at })
        .run();
      return this.reanalyse(answerId, input.at, existing === undefined, true);
    });
  }

  /** Follows an edit of a mock answer message; null when the message is not one. */
  edit(messageId: string, text: string, at: number): SavedMockAnswer | null {
    if (!this.isMockMessage(messageId)) return null;
    return this.db.transaction((tx) => {
      const message = tx.select().from(answerMessages).where(eq(answerMessages.messageId, messageId)).get()!;
      tx.update(answerMessages).set({ text }).where(eq(answerMessages.messageId, messageId)).run();
      return this.reanalyse(message.answerId, at, false, false);
    });
  }

  /** Follows a deletion; the answer goes with its last message. Null when the message is not a mock answer's. */
  remove(messageId: string, at: number): { answer: AnswerRow; removed: boolean } | null {
    if (!this.isMockMessage(messageId)) return null;
    return this.db.transaction((tx) => {
      const message = tx.select().from(answerMessages).where(eq(answerMessages.messageId, messageId)).get()!;
      tx.delete(answerMessages).where(eq(answerMessages.messageId, messageId)).run();
      const answer = tx.select().from(answers).where(eq(answers.id, message.answerId)).get()!;
      const left = tx.select({ id: answerMessages.messageId }).from(answerMessages).where(eq(answerMessages.answerId, answer.id)).all();
      if (left.length === 0) {
        tx.delete(answers).where(eq(answers.id, answer.id)).run();
        return { answer, removed: true };
      }
      this.reanalyse(answer.id, at, false, false);
      return { answer, removed: false };
    });
  }

  /** The answers of some turns, by turn id, with the times of their messages. */
  forTurns(turnIds: readonly number[]): Map<number, TurnAnswer> {
    const found = new Map<number, TurnAnswer>();
    if (turnIds.length === 0) return found;
    const rows = this.db
      .select()
      .from(answers)
      .where(inArray(answers.mockTurnId, [...turnIds]))
      .all();
    for (const answer of rows) {
      const times = this.db
        .select({ at: answerMessages.postedAt })
        .from(answerMessages)
        .where(eq(answerMessages.answerId, answer.id))
        .orderBy(asc(answerMessages.postedAt))
        .all()
        .map((m) => m.at);
      found.set(answer.mockTurnId!, { answer, analysis: answer.analysis as Analysis, messageTimes: times });
    }
    return found;
  }

  /** Recomputes text, analysis and score from the messages, with the same analyzer and score as daily answers. */
  private reanalyse(answerId: number, at: number, created: boolean, touch: boolean): SavedMockAnswer {
    const parts = this.db
      .select({ text: answerMessages.text })
      .from(answerMessages)
      .where(eq(answerMessages.answerId, answerId))
      // rowid breaks ties in arrival order (message ids are text: "10" sorts before "9").
      .orderBy(asc(answerMessages.postedAt), sql`rowid`)
      .all();
    const text = parts.map((p) => p.text).join('\n\n');
    const existing = this.db.select().from(answers).where(eq(answers.id, answerId)).get()!;
    const question = this.catalog.question(existing.questionId);
    const analysis = analyzeAnswer(text, { question, principles: this.catalog.principles });
    const score = scoreAnalysis(analysis, question);
    const answer = this.db
      .update(answers)
      .set({ text, analysis, score, principles: analysis.principles, updatedAt: at, ...(touch ? { lastMessageAt: at } : {}) })
      .where(eq(answers.id, answerId))
      .returning()
      .get()!;
    return { answer, analysis, created };
  }
}
