import type { Services } from '../../core/feature.js';
import type { MessageDoc } from '../../core/ports.js';
import { authorDmDoc, supersededDoc, threadReviewDoc, type ReviewView } from './docs.js';
import type { ReviewRow, ReviewStore } from './store.js';

export interface Delivered {
  /** Where the review went: the thread (and a DM), or only the author's DMs. */
  readonly mode: 'thread' | 'private';
  readonly authorName: string;
  /** A delivery that did not work, in words for the reviewer; the review is saved regardless. */
  readonly problem: string | null;
}

/**
 * Sends a saved review where the channel wants it: posted in the question's thread (edited in
 * place when it is a second version) or only to the author; the author gets a DM in both cases.
 * The review is in the database before any of this, so a failed send never loses it.
 */
export class ReviewDelivery {
  constructor(
    private readonly services: Services,
    private readonly store: ReviewStore,
  ) {}

  /** What review messages show, read fresh from the database. Null when the answer is gone. */
  view(review: ReviewRow, edited: boolean): ReviewView | null {
    const { store } = this;
    const answer = store.answer(review.answerId);
    if (!answer) return null;
    return {
      reviewId: review.id,
      answerId: answer.id,
      authorName: store.member(answer.memberId)?.name || 'a classmate',
      reviewerName: store.member(review.reviewerId)?.name || 'a classmate',
      questionPrompt: this.services.catalog.question(answer.questionId)?.prompt ?? 'a question that left the bank',
      answerText: answer.text,
      scores: review,
      keep: review.keep,
      change: review.change,
      edited,
      helpful: review.helpful,
    };
  }

  async deliver(review: ReviewRow, created: boolean): Promise<Delivered | null> {
    const { store } = this;
    const answer = store.answer(review.answerId);
    const view = this.view(review, !created);
    const author = answer ? store.member(answer.memberId) : undefined;
    if (!answer || !view || !author) return null;
    const post = answer.postId ? store.post(answer.postId) : undefined;
    const channel = store.channel(answer.channelId);
    const thread = post?.threadRef ?? null;
    if (channel?.reviewMode === 'private' || !thread) {
      return { mode: 'private', authorName: view.authorName, problem: await this.deliverPrivately(review, view, author.userRef) };
    }
    let problem: string | null = null;
    try {
      await this.postInThread(review, view, thread);
    } catch (err) {
      this.services.log.warn({ err, review: review.id }, 'could not post a review in its thread');
      problem = `it could not be posted in the thread (${(err as Error).message}), so ${view.authorName} only gets it by DM`;
    }
    const dm = await this.send(() => this.services.port.sendDirect(author.userRef, authorDmDoc(view, 'thread')));
    return { mode: 'thread', authorName: view.authorName, problem: problem ?? dm.problem };
  }

  /** Re-renders the posted review (after a helpful mark). Failures only cost the refresh. */
  async refresh(review: ReviewRow): Promise<void> {
    const view = this.view(review, review.updatedAt !== review.createdAt);
    if (!view || !review.messageRef) return;
    const answer = this.store.answer(review.answerId);
    const privately = this.store.channel(answer?.channelId ?? '')?.reviewMode === 'private';
    const doc: MessageDoc = privately ? authorDmDoc(view, 'private') : threadReviewDoc(view);
    await this.send(() => this.services.port.updateMessage(review.messageRef!, doc));
  }

  /** A second version edits the first message; a first version (or a message that is gone) is a new reply. */
  private async postInThread(review: ReviewRow, view: ReviewView, thread: string): Promise<void> {
    const { port } = this.services;
    const doc = threadReviewDoc(view);
    if (review.messageRef) {
      const updated = await this.send(() => port.updateMessage(review.messageRef!, doc));
      if (!updated.problem) return;
    }
    const ref = await port.reply(thread, doc);
    this.store.setMessageRef(review.id, ref);
  }

  /**
   * Private mode: the DM is the review. A new version is a new DM (so the author is notified)
   * and the old one is marked as replaced, so no stale scores stay on screen.
   */
  private async deliverPrivately(review: ReviewRow, view: ReviewView, authorRef: string): Promise<string | null> {
    const { port } = this.services;
    try {
      const ref = await port.sendDirect(authorRef, authorDmDoc(view, 'private'));
      if (review.messageRef) await this.send(() => port.updateMessage(review.messageRef!, supersededDoc(view.reviewerName)));
      this.store.setMessageRef(review.id, ref);
      return null;
    } catch (err) {
      this.services.log.warn({ err, review: review.id }, 'could not send a private review');
      return `${view.authorName} could not be reached by DM (${(err as Error).message}); the review is saved and counts`;
    }
  }

  private async send(work: () => Promise<unknown>): Promise<{ problem: string | null }> {
    try {
      await work();
      return { problem: null };
    } catch (err) {
      this.services.log.warn({ err }, 'a review message could not be sent');
      return { problem: `a message could not be delivered (${(err as Error).message})` };
    }
  }
}
