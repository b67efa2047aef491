import { and, asc, desc, eq, gt, gte, inArray, ne, sql } from 'drizzle-orm';
import type { Question } from '../../catalog/schema.js';
import type { Services } from '../../core/feature.js';
import { answerMessages, answers, dailyPosts } from '../../db/schema.js';
import { analyzeAnswer, type Analysis, type PartSpan } from './analyzer.js';
import { scoreAnalysis } from './score.js';

export type AnswerRow = typeof answers.$inferSelect;
export type PostRow = typeof dailyPosts.$inferSelect;

/**
 * What is kept of an analysis: everything but the copies of the answer's own words (span texts,
 * recoverable from answer.text with start/end) and the catalog's synonyms (recoverable from the
 * question). The row is a third of the size, and the bytes written per answer are what ingest
 * speed is made of.
 */
export function storedAnalysis(analysis: Analysis): string {
  // Spelled out rather than mapped over entries: this runs for every answer.
  const { situation, task, action, result } = analysis.parts;
  const parts = { situation: withoutText(situation), task: withoutText(task), action: withoutText(action), result: withoutText(result) };
  const keyPoints = analysis.keyPoints && {
    covered: analysis.keyPoints.covered,
    missed: analysis.keyPoints.missed.map((m) => ({ point: m.point, synonyms: [] })),
  };
  return JSON.stringify({ ...analysis, parts, keyPoints });
}

const withoutText = (span: PartSpan | null): PartSpan | null =>
  span && { start: span.start, end: span.end, text: '', labelled: span.labelled };

/**
 * The text stored for the message of a one-message answer: the answer row already holds it, and
 * writing 2 KB twice per answer is a third of the cost of taking one. It is filled in when a
 * second message joins.
 */
const SAME_AS_ANSWER = '';

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
  // Prepared once: answers are the hot path (every thread message), and re-preparing statements
  // per call costs more than the writes themselves.
  private readonly statements;

  constructor(private readonly services: Services) {
    const { db } = services;
    const p = sql.placeholder;
    this.statements = {
      postByThread: db.select().from(dailyPosts).where(eq(dailyPosts.threadRef, p('thread'))).prepare(),
      postById: db.select().from(dailyPosts).where(eq(dailyPosts.id, p('id'))).prepare(),
      hasMessage: db
        .select({ id: answerMessages.messageId })
        .from(answerMessages)
        .where(eq(answerMessages.messageId, p('messageId')))
        .prepare(),
      joinable: db
        .select()
        .from(answers)
        .where(
          and(
            eq(answers.postId, p('postId')),
            eq(answers.memberId, p('memberId')),
            eq(answers.source, 'thread'),
            gte(answers.lastMessageAt, p('since')),
          ),
        )
        // No .limit(1): drizzle binds it as a parameter, and a bound LIMIT made SQLite's lookup
        // 10-40 µs slower than none at all. .get() reads the first row of the index order and stops.
        .orderBy(desc(answers.lastMessageAt))
        .prepare(),
      // The next post that went out (or is going out): a post that failed never closed anything.
      nextPost: db
        .select({ postedAt: dailyPosts.postedAt, claimedAt: dailyPosts.claimedAt })
        .from(dailyPosts)
        .where(and(eq(dailyPosts.channelId, p('channelId')), gt(dailyPosts.seq, p('seq')), ne(dailyPosts.status, 'failed')))
        .orderBy(asc(dailyPosts.seq)) // first row only, through .get() (see joinable)
        .prepare(),
      insertMessage: db
        .insert(answerMessages)
        .values({
          messageId: p('messageId'),
          answerId: p('answerId'),
          messageRef: p('messageRef'),
          text: p('text'),
          postedAt: p('postedAt'),
        })
        .prepare(),
      messagesOf: db
        .select({ text: answerMessages.text })
        .from(answerMessages)
        .where(eq(answerMessages.answerId, p('answerId')))
        // Insertion order breaks ties: message ids are text ("10" sorts before "9").
        .orderBy(asc(answerMessages.postedAt), sql`rowid`)
        .prepare(),
      answerById: db.select().from(answers).where(eq(answers.id, p('id'))).prepare(),
      backfillFirstMessage: db
        .update(answerMessages)
        .set({ text: sql`${p('text')}` })
        .where(and(eq(answerMessages.answerId, p('answerId')), eq(answerMessages.text, SAME_AS_ANSWER)))
        .prepare(),
      insertAnswer: db
        .insert(answers)
        .values({
          communityId: p('communityId'),
          channelId: p('channelId'),
          postId: p('postId'),
          memberId: p('memberId'),
          questionId: p('questionId'),
          round: p('round'),
          source: p('source'),
          messageRef: p('messageRef'),
          text: p('text'),
          analysis: sql`${p('analysis')}`,
          score: p('score'),
          principles: sql`${p('principles')}`,
          onTime: p('onTime'),
          createdAt: p('at'),
          updatedAt: p('at'),
          lastMessageAt: p('at'),
        })
        .prepare(),
      // JSON columns are written pre-serialised through sql``: drizzle would otherwise walk the
      // analysis object while building the query, which costs more than the write.
      saveAnalysis: db
        .update(answers)
        .set({
          text: sql`${p('text')}`,
          analysis: sql`${p('analysis')}`,
          score: sql`${p('score')}`,
          principles: sql`${p('principles')}`,
          updatedAt: sql`${p('at')}`,
          lastMessageAt: sql`${p('lastMessageAt')}`,
        })
        .where(eq(answers.id, p('id')))
        .prepare(),
    };
  }

  postByThread(thread: string): PostRow | undefined {
    return this.statements.postByThread.get({ thread });
  }

  /**
   * The daily post a thread belongs to, for the answer path, which reads only what never changes
   * once a post is out (id, channel, question, round, seq): remembered per thread, since every
   * message of a busy thread asks. Threads that are not (yet) a post's are not remembered.
   */
  dailyPostOfThread(thread: string): PostRow | undefined {
    const known = this.postsByThread.get(thread);
    if (known) return known;
    const post = this.postByThread(thread);
    if (post) {
      if (this.postsByThread.size >= 10_000) this.postsByThread.clear();
      this.postsByThread.set(thread, post);
    }
    return post;
  }

  private readonly postsByThread = new Map<string, PostRow>();

  post(id: number): PostRow | undefined {
    return this.statements.postById.get({ id });
  }

  hasMessage(messageId: string): boolean {
    return this.statements.hasMessage.get({ messageId }) !== undefined;
  }

  /** Records a message as (part of) an answer. Null when this message id was already recorded, or for chatter. */
  recordMessage(input: NewMessage): SavedAnswer | null {
    const { atomic, catalog } = this.services;
    const at = input.at.getTime();
    // Most messages start a new answer: analyse before the transaction so it stays short, and
    // write the answer with its analysis in one insert. A message that joins an earlier answer
    // is re-analysed with the whole text instead.
    const question = catalog.question(input.post.questionId);
    const analysis = analyzeAnswer(input.text, { question, principles: catalog.principles });
    const score = scoreAnalysis(analysis, question);
    return atomic(() => {
      if (this.hasMessage(input.messageId)) return null;
      const joinable =
        input.source === 'thread'
          ? this.statements.joinable.get({ postId: input.post.id, memberId: input.memberId, since: at - JOIN_WINDOW_MS })
          : undefined;
      if (joinable) {
        // The first message stored no copy of its text while it was the whole answer.
        this.statements.backfillFirstMessage.run({ answerId: joinable.id, text: joinable.text });
        this.insertMessage(input, joinable.id, at, input.text);
        return this.reanalyse(joinable, at, false, true);
      }
      // The analyzer has counted the words (splitting 2 KB again here cost 30 µs an answer).
      if (analysis.words < input.minWords) return null;
      const row = {
        communityId: input.communityId,
        channelId: input.post.channelId,
        postId: input.post.id,
        mockTurnId: null,
        memberId: input.memberId,
        questionId: input.post.questionId,
        round: input.post.round,
        source: input.source,
        messageRef: input.messageRef,
        text: input.text,
        analysis,
        score,
        principles: analysis.principles as string[],
        onTime: this.isOnTime(input.post, at),
        createdAt: at,
        updatedAt: at,
        lastMessageAt: at,
      };
      const id = Number(
        this.statements.insertAnswer.run({
          ...row,
          analysis: storedAnalysis(analysis),
          principles: JSON.stringify(analysis.principles),
          at,
        }).lastInsertRowid,
      );
      this.insertMessage(input, id, at, SAME_AS_ANSWER);
      return { answer: { id, ...row }, analysis, score, created: true, messages: 1 };
    });
  }

  private insertMessage(input: NewMessage, answerId: number, at: number, text: string): void {
    this.statements.insertMessage.run({ messageId: input.messageId, answerId, messageRef: input.messageRef, text, postedAt: at });
  }

  /** Applies an edit to a recorded message; null when the message is not part of an answer. */
  editMessage(messageId: string, text: string, at: Date): SavedAnswer | null {
    const { db, atomic } = this.services;
    return atomic(() => {
      const message = db.select().from(answerMessages).where(eq(answerMessages.messageId, messageId)).get();
      if (!message) return null;
      const answer = this.statements.answerById.get({ id: message.answerId })!;
      if (message.text === SAME_AS_ANSWER) return this.reanalyse(answer, at.getTime(), false, false, text);
      db.update(answerMessages).set({ text }).where(eq(answerMessages.messageId, messageId)).run();
      return this.reanalyse(answer, at.getTime(), false, false);
    });
  }

  /** Removes a deleted message; the answer goes with its last message. */
  deleteMessage(messageId: string, at: Date): { answer: AnswerRow; removed: boolean } | null {
    const { db, atomic } = this.services;
    return atomic(() => {
      const message = db.select().from(answerMessages).where(eq(answerMessages.messageId, messageId)).get();
      if (!message) return null;
      db.delete(answerMessages).where(eq(answerMessages.messageId, messageId)).run();
      const answer = db.select().from(answers).where(eq(answers.id, message.answerId)).get()!;
      const left = db.select({ id: answerMessages.messageId }).from(answerMessages).where(eq(answerMessages.answerId, answer.id)).all();
      if (left.length === 0) {
        db.delete(answers).where(eq(answers.id, answer.id)).run();
        return { answer, removed: true };
      }
      this.reanalyse(answer, at.getTime(), false, false);
      return { answer, removed: false };
    });
  }

  /** After the form answer is posted in the thread, reviews and reactions can point at it. */
  setMessageRef(answerId: number, messageId: string, messageRef: string): void {
    const { db, atomic } = this.services;
    atomic(() => {
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
  private reanalyse(
    existing: AnswerRow,
    at: number,
    created: boolean,
    touch: boolean,
    /** The new text of a one-message answer (an edit). */
    wholeText?: string,
  ): SavedAnswer {
    const { catalog } = this.services;
    const parts = this.statements.messagesOf.all({ answerId: existing.id });
    const text =
      wholeText ?? (parts.length === 1 && parts[0]!.text === SAME_AS_ANSWER ? existing.text : parts.map((p) => p.text).join('\n\n'));
    const messages = parts.length;
    const question: Question | undefined = catalog.question(existing.questionId);
    const analysis = analyzeAnswer(text, { question, principles: catalog.principles });
    const score = scoreAnalysis(analysis, question);
    const lastMessageAt = touch ? at : existing.lastMessageAt;
    this.statements.saveAnalysis.run({
      id: existing.id,
      text,
      analysis: storedAnalysis(analysis),
      score,
      principles: JSON.stringify(analysis.principles),
      at,
      lastMessageAt,
    });
    const answer = { ...existing, text, analysis, score, principles: analysis.principles, updatedAt: at, lastMessageAt };
    return { answer, analysis, score, created, messages };
  }

  /** On time = before the channel's next post went out: only those keep a streak. */
  private isOnTime(post: PostRow, at: number): boolean {
    const next = this.statements.nextPost.get({ channelId: post.channelId, seq: post.seq });
    return !next || (next.postedAt ?? next.claimedAt) > at;
  }
}
