import type { ButtonEvent, ReactionEvent } from '../../core/events.js';
import type { Context, Services } from '../../core/feature.js';
import type { ReviewDelivery } from './delivery.js';
import { authorDmDoc } from './docs.js';
import type { ReviewRow, ReviewStore } from './store.js';

/** Names a thumbs-up arrives under: Slack "+1"/"thumbsup" (maybe "+1::skin-tone-3"), Discord "👍🏽". */
const THUMBS_UP = new Set(['+1', 'thumbsup', 'thumbs_up', '👍']);

export function isHelpfulEmoji(emoji: string): boolean {
  const name = emoji
    .trim()
    .replace(/^:|:$/g, '')
    .replace(/::skin-tone-\d$/, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, '');
  return THUMBS_UP.has(name);
}

/**
 * Helpful marks: only the answer's author can give one, with the Helpful button on their DM or a
 * thumbs-up on the review message. review.helpful is what counts for the reviewer.
 */
export class HelpfulMarks {
  constructor(
    private readonly services: Services,
    private readonly store: ReviewStore,
    private readonly delivery: ReviewDelivery,
  ) {}

  async onButton(ctx: Context<ButtonEvent>): Promise<void> {
    const review = this.store.review(Number(ctx.event.value));
    const answer = review ? this.store.answer(review.answerId) : undefined;
    if (!review || !answer) {
      await ctx.reply('That review no longer exists.');
      return;
    }
    if (answer.memberId !== ctx.memberId) {
      await ctx.reply('Only the author of the answer can mark its review helpful.');
      return;
    }
    const changed = this.store.setHelpful(review.id, true, this.services.clock.now());
    const fresh = this.store.review(review.id)!;
    // The DM loses its button; in thread mode the posted review says it helped too.
    const view = this.delivery.view(fresh, fresh.updatedAt !== fresh.createdAt);
    if (view && ctx.event.message !== fresh.messageRef) {
      const mode = this.store.channel(answer.channelId)?.reviewMode === 'private' ? 'private' : 'thread';
      await this.quietly(() => this.services.port.updateMessage(ctx.event.message, authorDmDoc(view, mode)));
    }
    await this.quietly(() => this.delivery.refresh(fresh));
    if (changed) await this.thankReviewer(fresh);
    await ctx.reply(changed ? `Marked helpful: it counts for ${view?.reviewerName ?? 'the reviewer'}. Thanks!` : 'You already marked this review helpful.');
  }

  /** A thumbs-up on a review message (added or taken back). False when the message is not a review. */
  async onReaction(ctx: Context<ReactionEvent>): Promise<boolean> {
    if (!isHelpfulEmoji(ctx.event.emoji)) return false;
    const review = this.store.reviewByMessage(ctx.event.message);
    if (!review) return false;
    const answer = this.store.answer(review.answerId);
    // Others agreeing with a review is nice, but only the author's mark means "it helped me".
    if (!answer || answer.memberId !== ctx.memberId) return true;
    const changed = this.store.setHelpful(review.id, ctx.event.added, this.services.clock.now());
    if (!changed) return true;
    const fresh = this.store.review(review.id)!;
    await this.quietly(() => this.delivery.refresh(fresh));
    if (ctx.event.added) await this.thankReviewer(fresh);
    return true;
  }

  private async thankReviewer(review: ReviewRow): Promise<void> {
    const reviewer = this.store.member(review.reviewerId);
    const view = this.delivery.view(review, false);
    if (!reviewer || !view) return;
    await this.quietly(() =>
      this.services.port.sendDirect(reviewer.userRef, {
        text: `🎉 ${view.authorName} found your review of their answer helpful. It counts on /prep leaderboard.`,
      }),
    );
  }

  /** Cosmetic messages: a failure is logged, never shown as an error to the person who clicked. */
  private async quietly(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.services.log.warn({ err }, 'a helpful-mark message could not be updated');
    }
  }
}
