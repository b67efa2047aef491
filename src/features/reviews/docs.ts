import type { Button, MessageDoc } from '../../core/ports.js';
import { REVIEW_BUTTON } from '../daily/post-doc.js';
import { scoresText, type Scores } from './rubric.js';
import { firstLine, quote, truncate } from './text.js';

/** Button action ids of this feature. */
export const ACTIONS = {
  /** value = post id: pick an answer of that post for the clicker ("Review an answer" on the daily post). */
  start: REVIEW_BUTTON,
  /** value = answer id: review that answer (assignment DMs, thread offers, "edit your review"). */
  open: 'reviews.open',
  /** value = answer id: open the rubric form (the button under an answer shown as a message). */
  form: 'reviews.form',
  /** value = review id: the author found it helpful. */
  helpful: 'reviews.helpful',
} as const;

/** Everything a review message shows. */
export interface ReviewView {
  readonly reviewId: number;
  readonly answerId: number;
  readonly authorName: string;
  readonly reviewerName: string;
  readonly questionPrompt: string;
  readonly answerText: string;
  readonly scores: Scores;
  readonly keep: string;
  readonly change: string;
  readonly edited: boolean;
  readonly helpful: boolean;
}

function body(view: ReviewView): string {
  return [scoresText(view.scores), `**Keep:** ${view.keep}`, `**Change:** ${view.change}`].join('\n');
}

/** The review as posted in the question's thread, under the answer it is about. */
export function threadReviewDoc(view: ReviewView): MessageDoc {
  const status = view.helpful ? `${view.authorName} found this helpful ✅` : `@${view.authorName}: react 👍 if this helped`;
  return {
    title: `Review of @${view.authorName}'s answer`,
    text: `Replying to **@${view.authorName}**:\n${quote(firstLine(view.answerText))}\n\n${body(view)}`,
    context: `Reviewed by ${view.reviewerName}${view.edited ? ' (edited)' : ''} · ${status}`,
  };
}

/**
 * The DM to the author: the review itself (it is the only copy when the channel keeps reviews
 * private) and the Helpful button, until it is pressed.
 */
export function authorDmDoc(view: ReviewView, mode: 'thread' | 'private'): MessageDoc {
  const where =
    mode === 'thread'
      ? "It is also posted in the question's thread (react 👍 there, or press Helpful)."
      : 'This channel keeps reviews private: only you see it.';
  return {
    title: view.edited ? `${view.reviewerName} updated their review of your answer` : `${view.reviewerName} reviewed your answer`,
    text: `**Question:** ${truncate(view.questionPrompt, 200)}\n**Your answer:** _${firstLine(view.answerText, 100)}_\n\n${body(view)}`,
    buttons: view.helpful ? [] : [{ action: ACTIONS.helpful, label: 'Helpful 👍', value: String(view.reviewId), style: 'primary' }],
    context: view.helpful ? `You marked this review helpful: it counts for ${view.reviewerName}. Thanks!` : where,
  };
}

/** An older private review DM, once a newer version replaced it. */
export function supersededDoc(reviewerName: string): MessageDoc {
  return { text: `_${reviewerName} updated this review: the newer message has it._` };
}

/** The answer to review as a message, on platforms whose forms cannot hold it; its button opens the form. */
export function answerPreviewDoc(input: { answerId: number; authorName: string; questionPrompt: string; answerText: string; editing: boolean }): MessageDoc {
  return {
    title: `${input.authorName}'s answer`,
    text: `**Question:** ${truncate(input.questionPrompt, 300)}\n\n${quote(truncate(input.answerText, 2500))}`,
    buttons: [{ action: ACTIONS.form, label: input.editing ? 'Edit your review' : 'Review this answer', value: String(input.answerId), style: 'primary' }],
    context: 'Score each line 1-4, then one thing to keep and one to change (20+ characters each). Only you see this.',
  };
}

/** Buttons to reopen reviews already written, so "reviewing again edits it" has a way in. */
export function editButtons(items: readonly { answerId: number; authorName: string }[]): Button[] {
  return items.slice(0, 5).map((i) => ({ action: ACTIONS.open, label: `Edit review of ${truncate(i.authorName, 40)}`, value: String(i.answerId) }));
}

/** Said when the picker finds nothing, with the reason. */
export function nothingToReviewDoc(
  reason: 'no-post' | 'no-answers' | 'only-yours' | 'all-reviewed',
  reviewed: readonly { answerId: number; authorName: string }[],
): MessageDoc {
  switch (reason) {
    case 'no-post':
      return { text: 'Nothing to review yet: no question has been posted in this channel.' };
    case 'no-answers':
      return { text: 'Nothing to review yet: nobody has answered this question. Answer it in the thread, then come back to review the others.' };
    case 'only-yours':
      return { text: 'Nothing to review: the only answers so far are yours, and you cannot review your own. Check back when others have answered.' };
    case 'all-reviewed':
      return {
        text: `Nothing left to review: you have reviewed every other answer to this question (${reviewed.length}). Thank you! You can still edit a review.`,
        buttons: editButtons(reviewed),
      };
  }
}

/** The DM to an assigned reviewer. */
export function assignmentDoc(input: { answerId: number; authorName: string; questionPrompt: string; round: number; deadline: string }): MessageDoc {
  return {
    title: `Please review ${input.authorName}'s answer`,
    text: `You are ${input.authorName}'s reviewer for today's round ${input.round} question:\n_${truncate(input.questionPrompt, 200)}_\n\nThe next question comes **${input.deadline}**: a review before then helps most.`,
    buttons: [{ action: ACTIONS.open, label: `Review ${truncate(input.authorName, 50)}'s answer`, value: String(input.answerId), style: 'primary' }],
    context: 'Every answer gets a reviewer; assignments are spread evenly among everyone who answered.',
  };
}

/** The thread reply offering still-unreviewed answers to anyone. */
export function offerDoc(input: { answers: readonly { answerId: number; authorName: string }[]; deadline: string }): MessageDoc {
  const shown = input.answers.slice(0, 5);
  const more = input.answers.length - shown.length;
  return {
    title: input.answers.length === 1 ? 'One answer is still waiting for a review' : `${input.answers.length} answers are still waiting for a review`,
    text: `The next question comes **${input.deadline}**. Anyone can pick one up:\n${shown.map((a) => `- ${a.authorName}`).join('\n')}${
      more > 0 ? `\n…and ${more} more: \`/prep review\` picks the next one for you.` : ''
    }`,
    buttons: shown.map((a) => ({ action: ACTIONS.open, label: `Review ${truncate(a.authorName, 50)}`, value: String(a.answerId) })),
  };
}
