import type { ButtonEvent, CommandEvent, FormSubmitEvent } from '../../core/events.js';
import type { Context, FormOutcome, Services } from '../../core/feature.js';
import { DeliveryError, type MessageDoc } from '../../core/ports.js';
import type { Delivered, ReviewDelivery } from './delivery.js';
import { ACTIONS, answerPreviewDoc, editButtons, nothingToReviewDoc } from './docs.js';
import { pickAnswer } from './picker.js';
import { parseRubric, rubricForm } from './rubric.js';
import type { AnswerRow, PostRow, ReviewStore } from './store.js';
import { plainText } from './text.js';

/**
 * Longest answer shown inside the form, as its read-only intro. A Slack modal holds 100 blocks
 * of up to 3,000 characters, but a reviewer should not scroll past pages of text to reach the
 * rubric: longer answers are shown as a message first, with a button that opens the form.
 */
export const ANSWER_IN_FORM_MAX = 6000;

type AnyContext = Context<ButtonEvent> | Context<CommandEvent> | Context<FormSubmitEvent>;

/** From "Review an answer" to a saved, delivered review. */
export class ReviewFlow {
  constructor(
    private readonly services: Services,
    private readonly store: ReviewStore,
    private readonly delivery: ReviewDelivery,
  ) {}

  /** The post a `/prep review` is about: the thread's question when run in one, else the channel's latest. */
  postForCommand(ctx: Context<CommandEvent>): PostRow | undefined {
    return (ctx.thread ? this.store.postByThread(ctx.thread) : undefined) ?? this.store.latestPost(ctx.channel);
  }

  /** The post a "Review an answer" button names; the channel's latest when it is gone. */
  postById(postId: number, channel: string): PostRow | undefined {
    return (Number.isInteger(postId) ? this.store.post(postId) : undefined) ?? this.store.latestPost(channel);
  }

  /** Finds the answer of `post` this member should review next and shows it, or says why there is none. */
  async startForPost(ctx: AnyContext, post: PostRow | undefined): Promise<void> {
    if (!post) {
      await ctx.reply(nothingToReviewDoc('no-post', []));
      return;
    }
    const pick = pickAnswer(this.store.answersForReviewer(post.id, ctx.memberId), ctx.memberId);
    if (pick.kind === 'none') {
      await ctx.reply(nothingToReviewDoc(pick.reason, pick.reviewed.map((id) => ({ answerId: id, authorName: this.authorName(id) }))));
      return;
    }
    await this.present(ctx, pick.answerId);
  }

  /**
   * Shows an answer with the rubric. Where forms hold long text the form opens at once with the
   * answer in it; elsewhere (Discord) the answer comes as a private message whose button opens
   * the form, so the reviewer has read it before the modal covers the screen.
   */
  async present(ctx: AnyContext, answerId: number): Promise<void> {
    const answer = await this.reviewable(ctx, answerId);
    if (!answer) return;
    const fits = answer.text.length <= ANSWER_IN_FORM_MAX;
    if (this.services.port.formsShowLongText && fits && (await this.openForm(ctx, answer, true))) return;
    await ctx.reply(this.preview(ctx, answer));
  }

  /** The form alone: from the button under a previewed answer. */
  async openFormFor(ctx: Context<ButtonEvent>, answerId: number): Promise<void> {
    const answer = await this.reviewable(ctx, answerId);
    if (!answer) return;
    if (!(await this.openForm(ctx, answer, false))) {
      await ctx.reply('The form could not open (the click may have expired). Press the button again.');
    }
  }

  async submit(ctx: Context<FormSubmitEvent>): Promise<FormOutcome | void> {
    const { values } = ctx.event;
    const answer = this.store.answer(Number(ctx.event.state));
    if (!answer) {
      await ctx.reply({
        title: 'That answer is gone (its author deleted it)',
        text: `Your review was not saved. Here is what you wrote, so nothing is lost:\n\n**Keep:** ${values.keep ?? ''}\n**Change:** ${values.change ?? ''}`,
      });
      return;
    }
    if (answer.memberId === ctx.memberId) {
      await ctx.reply(OWN_ANSWER);
      return;
    }
    const parsed = parseRubric(values, this.isTechnical(answer));
    if (!parsed.ok) return { fieldErrors: parsed.fieldErrors };
    const { review, created } = this.store.saveReview(answer.id, ctx.memberId, parsed.value, this.services.clock.now());
    const delivered = await this.delivery.deliver(review, created);
    await this.services.events.emit('review.saved', {
      reviewId: review.id,
      answerId: answer.id,
      reviewerId: ctx.memberId,
      authorId: answer.memberId,
      created,
    });
    await ctx.reply(this.confirmation(answer, ctx.memberId, created, delivered));
  }

  // -------------------------------------------------------------------------------------------

  /** The answer, when it exists and is not the member's own (both refusals are said). */
  private async reviewable(ctx: AnyContext, answerId: number): Promise<AnswerRow | null> {
    const answer = this.store.answer(answerId);
    if (!answer) {
      await ctx.reply('That answer is no longer there (its author deleted it). `/prep review` finds another one.');
      return null;
    }
    if (answer.memberId === ctx.memberId) {
      await ctx.reply(OWN_ANSWER);
      return null;
    }
    return answer;
  }

  /** Opens the rubric; false when this interaction cannot show a form (none, or expired). */
  private async openForm(ctx: AnyContext, answer: AnswerRow, withAnswer: boolean): Promise<boolean> {
    if (!ctx.interaction) return false;
    const previous = this.store.reviewOf(answer.id, ctx.memberId) ?? null;
    const form = rubricForm({
      answerId: answer.id,
      authorName: this.authorName(answer.id),
      technical: this.isTechnical(answer),
      previous,
      answerText: withAnswer ? plainText(answer.text) : undefined,
    });
    try {
      await this.services.port.openForm(ctx.interaction, form);
      return true;
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      this.services.log.warn({ err }, 'could not open the review form; showing the answer with a button instead');
      return false;
    }
  }

  private preview(ctx: AnyContext, answer: AnswerRow): MessageDoc {
    return answerPreviewDoc({
      answerId: answer.id,
      authorName: this.authorName(answer.id),
      questionPrompt: this.services.catalog.question(answer.questionId)?.prompt ?? '',
      answerText: answer.text,
      editing: Boolean(this.store.reviewOf(answer.id, ctx.memberId)),
    });
  }

  private confirmation(answer: AnswerRow, reviewerId: number, created: boolean, delivered: Delivered | null): MessageDoc {
    const name = this.authorName(answer.id);
    const where =
      delivered?.mode === 'thread'
        ? `It is in the question's thread and ${name} was notified.`
        : `It was sent to ${name} privately (this channel keeps reviews private).`;
    const credit = this.store.creditOf(reviewerId);
    return {
      title: created ? `Thanks! Your review of ${name}'s answer is in` : `Your review of ${name}'s answer is updated`,
      text: delivered?.problem ? `${where}\n⚠️ But ${delivered.problem}.` : where,
      buttons: [
        ...editButtons([{ answerId: answer.id, authorName: name }]),
        ...(answer.postId ? [{ action: ACTIONS.start, label: 'Review another answer', value: String(answer.postId) }] : []),
      ],
      context: `You have written ${credit.written} review${credit.written === 1 ? '' : 's'}; ${credit.helpful} marked helpful. Reviews count on /prep leaderboard.`,
    };
  }

  private isTechnical(answer: AnswerRow): boolean {
    return this.services.catalog.question(answer.questionId)?.kind === 'technical';
  }

  private authorName(answerId: number): string {
    const answer = this.store.answer(answerId);
    return (answer && this.store.member(answer.memberId)?.name) || 'a classmate';
  }
}

const OWN_ANSWER = 'You cannot review your own answer: reviews are for the others in the group. `/prep review` picks someone else\'s.';
