import type { ButtonHandler, Context, FormHandler, Services } from '../../core/feature.js';
import type { MessageEvent } from '../../core/events.js';
import { FINISH_BUTTON, FOLLOW_UP_BUTTON, NEXT_BUTTON, SCORECARD_BUTTON } from './docs.js';
import type { MockEngine } from './engine.js';
import { interviewerCardDoc, readScorecard, SCORECARD_FORM_ID } from './partner-form.js';
import { scorecardsOf, type SessionRow } from './store.js';

export type Control = 'next' | 'follow-up' | 'finish';

/** A whole message that is a control word ("next", "Next!", "follow up", "finish"); null for anything else. */
export function controlWord(text: string): Control | null {
  const word = text.trim().toLowerCase().replace(/[.!?\s]+$/, '');
  if (/^(next|next question|next please|skip|done)$/.test(word)) return 'next';
  if (/^follow[- ]?up$/.test(word)) return 'follow-up';
  if (/^(finish|end)$/.test(word)) return 'finish';
  return null;
}

const OVER = 'This mock interview is over. `/mock` starts a new one.';

/**
 * Everything said or clicked inside a session: the candidate's answers and "next", the
 * interviewer's typed or clicked controls, the scorecard form.
 */
export function sessionControls(services: Services, engine: MockEngine) {
  const { clock, events } = services;

  /** A message in a mock thread. Candidate messages are answers (or "next"); the interviewer's are controls or talk. */
  const onMessage = async (sessionId: number, ctx: Context<MessageEvent>): Promise<void> => {
    await engine.withSession(sessionId, async (session) => {
      if (!engine.isInterview(session) || session.phase === 'starting') return;
      const control = controlWord(ctx.event.text);
      const isCandidate = ctx.memberId === session.candidateId;
      if (ctx.memberId === session.partnerId && !isCandidate) {
        if (!control || !engine.store.claimControl(session.id, ctx.event.messageId)) return;
        if (control === 'next') await engine.next(session, null);
        else if (control === 'finish') await engine.finishEarly(session, null);
        else if (!(await engine.partnerFollowUp(session))) {
          await ctx.reply('All the suggested follow-ups of this question are asked: ask your own here, or say `next`.');
        }
        return;
      }
      if (!isCandidate) return; // onlookers may chat in the thread
      if (control === 'next') {
        if (session.partnerId !== null) {
          const partner = engine.person(session.partnerId)?.name ?? 'your interviewer';
          await ctx.reply(`In a partner interview @${partner} moves on (or the timer does). Keep answering, or wait for the next question.`);
          return;
        }
        if (engine.store.claimControl(session.id, ctx.event.messageId)) await engine.next(session, null);
        return;
      }
      const turn = engine.store.currentTurn(session);
      if (!turn) return;
      const saved = engine.answers.record({
        turnId: turn.id,
        questionId: turn.questionId,
        memberId: ctx.memberId,
        communityId: ctx.community,
        channelId: session.channelId,
        messageId: ctx.event.messageId,
        messageRef: ctx.event.message,
        text: ctx.event.text,
        at: clock.now().getTime(),
      });
      if (!saved) return; // a redelivery
      // postId null: a mock answer is no answer to a daily post, so it never counts for a streak.
      await events.emit('answer.saved', {
        answerId: saved.answer.id,
        memberId: saved.answer.memberId,
        channelId: saved.answer.channelId,
        postId: null,
        created: saved.created,
        at: clock.now(),
      });
    });
  };

  /** Button values are "<session>:<question index>:<step>" (a = question, f = follow-up, p = interviewer). */
  const parseValue = (value: string) => {
    const [id, index, step] = value.split(':');
    return { id: Number(id), index: Number(index), step: step ?? '' };
  };

  const onlyPartner = async (ctx: Context<unknown>, session: SessionRow): Promise<boolean> => {
    if (ctx.memberId === session.partnerId) return true;
    const partner = engine.person(session.partnerId)?.name ?? 'the interviewer';
    await ctx.reply(`Only @${partner}, the interviewer, can use this.`);
    return false;
  };

  const next: ButtonHandler = async (ctx) => {
    const { id, index, step } = parseValue(ctx.event.value);
    let exists = false;
    await engine.withSession(id, async (session) => {
      exists = true;
      if (!engine.isInterview(session)) return ctx.reply(OVER);
      if (step === 'p') {
        if (!(await onlyPartner(ctx, session))) return;
        if (index !== session.currentIndex) return ctx.reply('That question is already over: use the controls of the current one.');
        return engine.next(session, ctx.interaction);
      }
      if (ctx.memberId !== session.candidateId) {
        const candidate = engine.person(session.candidateId)?.name ?? 'the candidate';
        return ctx.reply(`Only @${candidate} moves this interview on.`);
      }
      // A second click on the same button (or an old one) must not move on twice.
      const expected = step === 'f' ? 'follow-up' : 'answering';
      if (index !== session.currentIndex || session.phase !== expected) {
        return ctx.reply('That step is already over: use the latest Next in the thread (or say `next`).');
      }
      return engine.next(session, ctx.interaction);
    });
    if (!exists) await ctx.reply(OVER);
  };

  const followUp: ButtonHandler = async (ctx) => {
    const { id, index } = parseValue(ctx.event.value);
    await engine.withSession(id, async (session) => {
      if (!engine.isInterview(session)) return ctx.reply(OVER);
      if (!(await onlyPartner(ctx, session))) return;
      if (index !== session.currentIndex) return ctx.reply('That question is already over: use the controls of the current one.');
      if (!(await engine.partnerFollowUp(session))) {
        await ctx.reply('All the suggested follow-ups of this question are asked: ask your own in the thread, or click Next.');
      }
    });
  };

  /** Finish (interviewer): ends the interview and, answering the click, opens the scorecard form at once. */
  const finish: ButtonHandler = async (ctx) => {
    await engine.withSession(Number(ctx.event.value), async (session) => {
      if (!(await onlyPartner(ctx, session))) return;
      if (engine.isInterview(session)) return engine.finishEarly(session, ctx.interaction);
      return openScorecard(ctx, session);
    });
  };

  const openScorecard = async (ctx: Context<unknown>, session: SessionRow): Promise<void> => {
    if (scorecardsOf(session).interviewer) return ctx.reply('The scorecard for this interview is already posted in its thread.');
    if (engine.isInterview(session)) return ctx.reply('The interview is still running: click Finish (or wait for the last question) first.');
    if (!ctx.interaction || !(await engine.openForm(ctx.interaction, session))) {
      await ctx.reply('The form could not open here: click "Fill the scorecard" in the interview thread.');
    }
  };

  const scorecardButton: ButtonHandler = async (ctx) => {
    await engine.withSession(Number(ctx.event.value), async (session) => {
      if (await onlyPartner(ctx, session)) await openScorecard(ctx, session);
    });
  };

  const submit: FormHandler = async (ctx) => {
    const outcome = await engine.withSession(Number(ctx.event.state), async (session) => {
      if (ctx.memberId !== session.partnerId) {
        await ctx.reply('Only the interviewer of this mock can fill its scorecard.');
        return undefined;
      }
      if (scorecardsOf(session).interviewer) {
        await ctx.reply('The scorecard for this interview is already posted in its thread.');
        return undefined;
      }
      if (engine.isInterview(session)) {
        await ctx.reply('The interview is still running: click Finish first.');
        return undefined;
      }
      const partner = engine.person(session.partnerId)!;
      const read = readScorecard(ctx.event.values, services.catalog, partner.name);
      if ('fieldErrors' in read) return { fieldErrors: read.fieldErrors };
      engine.store.close(session.id, 'finished', clock.now().getTime(), { ...scorecardsOf(session), interviewer: read.card });
      const candidate = engine.person(session.candidateId)?.name ?? 'someone';
      await engine.post(session, interviewerCardDoc(read.card, candidate, session.round));
      await ctx.reply('Thanks: your scorecard is posted in the interview thread.');
      return undefined;
    });
    return outcome;
  };

  return {
    onMessage,
    buttons: { [NEXT_BUTTON]: next, [FOLLOW_UP_BUTTON]: followUp, [FINISH_BUTTON]: finish, [SCORECARD_BUTTON]: scorecardButton },
    forms: { [SCORECARD_FORM_ID]: submit },
  };
}
