import type { Context, Feature, Services } from '../../core/feature.js';
import type { ButtonEvent, FormSubmitEvent, MessageEvent } from '../../core/events.js';
import { feedbackDoc } from './feedback-doc.js';
import { starForm, starText, STAR_FIELDS, STAR_FORM_ID, validateStar } from './star-form.js';
import { AnswerStore, type SavedAnswer } from './store.js';

export { AnswerStore } from './store.js';
export const OPEN_FORM_BUTTON = 'answers.open-form';
/** Thread chatter ("thanks!", "+1") shorter than this is not taken as an answer. */
export const MIN_ANSWER_WORDS = 5;
/** The reaction that shows in the thread that an answer was counted. */
export const COUNTED_EMOJI = 'white_check_mark';

/** Answers in daily threads and through the STAR form, with private feedback within seconds. */
export function answersFeature(services: Services): Feature & { store: AnswerStore } {
  const { catalog, port, clock, events } = services;
  const store = new AnswerStore(services);

  const sendFeedback = async (ctx: Context<unknown>, saved: SavedAnswer, edited = false) => {
    const question = catalog.question(saved.answer.questionId);
    await ctx.reply(feedbackDoc({ analysis: saved.analysis, question, catalog, score: saved.score, joined: saved.messages, edited }));
  };

  const published = async (saved: SavedAnswer) =>
    events.emit('answer.saved', {
      answerId: saved.answer.id,
      memberId: saved.answer.memberId,
      channelId: saved.answer.channelId,
      postId: saved.answer.postId,
      created: saved.created,
      at: clock.now(),
    });

  const onThreadMessage = async (ctx: Context<MessageEvent>): Promise<boolean> => {
    const post = ctx.thread ? store.dailyPostOfThread(ctx.thread) : undefined;
    if (!post) return false;
    const { event } = ctx;
    const saved = store.recordMessage({
      post,
      memberId: ctx.memberId,
      communityId: ctx.community,
      messageId: event.messageId,
      messageRef: event.message,
      text: event.text,
      at: clock.now(),
      source: 'thread',
      minWords: MIN_ANSWER_WORDS,
    });
    if (!saved) return true; // chatter or a redelivery
    if (saved.created) {
      try {
        await port.addReaction(event.message, COUNTED_EMOJI);
      } catch (err) {
        services.log.warn({ err }, 'could not react to an answer');
      }
    }
    await published(saved);
    await sendFeedback(ctx, saved);
    return true;
  };

  const openForm = async (ctx: Context<ButtonEvent>) => {
    const post = store.post(Number(ctx.event.value));
    if (!post) {
      await ctx.reply('That question is no longer available.');
      return;
    }
    if (!ctx.interaction) {
      await ctx.reply('Forms open from buttons: click "Answer (STAR form)" on the question.');
      return;
    }
    await port.openForm(ctx.interaction, starForm(post.id));
  };

  const submitForm = async (ctx: Context<FormSubmitEvent>) => {
    const values = ctx.event.values;
    const post = store.post(Number(ctx.event.state));
    if (!post || !post.threadRef) {
      await ctx.reply(`That question is no longer available. Here is what you wrote, so nothing is lost:\n\n${starText(values)}`);
      return;
    }
    const fieldErrors = validateStar(values);
    if (Object.keys(fieldErrors).length > 0) return { fieldErrors };
    const text = starText(values);
    const key = `form:${ctx.interaction ?? `${ctx.memberId}:${clock.now().getTime()}`}`;
    if (store.hasMessage(key)) return;
    // Record first, then post: a crash in between leaves the answer counted, never lost.
    const saved = store.recordMessage({
      post,
      memberId: ctx.memberId,
      communityId: ctx.community,
      messageId: key,
      messageRef: '',
      text,
      at: clock.now(),
      source: 'form',
      minWords: 0,
    });
    if (!saved) return;
    const posted = await port.reply(post.threadRef, {
      title: `${ctx.actor.name}'s STAR answer`,
      text,
      context: 'Posted with the STAR form',
    });
    store.setMessageRef(saved.answer.id, key, posted);
    await published(saved);
    await sendFeedback(ctx, saved);
  };

  return {
    name: 'answers',
    store,
    onThreadMessage,
    async onMessageEdited(ctx) {
      const saved = store.editMessage(ctx.event.messageId, ctx.event.text, clock.now());
      if (!saved) return false;
      await published(saved);
      await sendFeedback(ctx, saved, true);
      return true;
    },
    async onMessageDeleted(event) {
      const result = store.deleteMessage(event.messageId, clock.now());
      if (!result) return false;
      if (result.removed) {
        const { answer } = result;
        await events.emit('answer.deleted', { answerId: answer.id, memberId: answer.memberId, channelId: answer.channelId, postId: answer.postId });
      }
      return true;
    },
    buttons: { [OPEN_FORM_BUTTON]: openForm },
    forms: { [STAR_FORM_ID]: submitForm },
  };
}

export { STAR_FIELDS };
