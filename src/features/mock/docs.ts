import type { Catalog } from '../../catalog/load.js';
import { ROUND_TITLES, type Question, type Round } from '../../catalog/schema.js';
import type { MessageDoc } from '../../core/ports.js';

export const NEXT_BUTTON = 'mock.next';
export const FOLLOW_UP_BUTTON = 'mock.follow-up';
export const FINISH_BUTTON = 'mock.finish';
export const SCORECARD_BUTTON = 'mock.scorecard';
/** The warning comes this long before a question's time runs out. */
export const WARNING_MS = 2 * 60_000;

export function threadName(round: number, candidate: string): string {
  return `Mock interview - Round ${round} - @${candidate}`;
}

function principleNames(catalog: Catalog, question: Question): string {
  return question.principles.map((p) => catalog.principle(p)?.name ?? p).join(', ');
}

export function openingDoc(input: { round: number; candidate: string; partner: string | null; questions: number; minutes: number }): MessageDoc {
  const how = input.partner
    ? `@${input.partner} interviews you with a private guide and moves the interview on. Answer here, in one or more messages.`
    : 'Answer here, in one or more messages, then say `next` (or click Next). Before moving on I ask one dive-deep follow-up.';
  return {
    title: threadName(input.round, input.candidate),
    text: [
      `**Round ${input.round}: ${ROUND_TITLES[input.round as Round]}** · ${input.questions} question${input.questions === 1 ? '' : 's'} · ${input.minutes} min each`,
      how,
      `I warn you 2 minutes before a question's time runs out, and move on when it does. A scorecard follows the last question.`,
    ].join('\n'),
    context: '`/mock status` shows where you are · `/mock stop` ends the interview',
  };
}

/** A question in the thread. Solo questions carry a Next button; in partner mode the interviewer has the controls. */
export function questionDoc(input: {
  sessionId: number;
  index: number;
  total: number;
  minutes: number;
  question: Question;
  catalog: Catalog;
  solo: boolean;
  lead?: string;
}): MessageDoc {
  const { question } = input;
  return {
    title: `Question ${input.index + 1} of ${input.total} (${question.kind} · ${input.minutes} min)`,
    text: `${input.lead ? `${input.lead}\n\n` : ''}${question.prompt}`,
    context: `Leadership Principles: ${principleNames(input.catalog, question)}${input.solo ? ' · say `next` when you are done' : ''}`,
    buttons: input.solo ? [{ action: NEXT_BUTTON, label: 'Next', value: `${input.sessionId}:${input.index}:a`, style: 'primary' }] : undefined,
  };
}

export function followUpDoc(input: { sessionId: number; index: number; text: string; from: string | null }): MessageDoc {
  return {
    title: input.from ? `Follow-up from @${input.from}` : 'Dive deep',
    text: input.text,
    context: input.from ? undefined : 'Answer in the thread, then say `next` to move on',
    buttons: input.from ? undefined : [{ action: NEXT_BUTTON, label: 'Next', value: `${input.sessionId}:${input.index}:f`, style: 'primary' }],
  };
}

export function warningDoc(index: number): MessageDoc {
  return { text: `⏳ 2 minutes left on question ${index + 1}.` };
}

/**
 * The interviewer's private guide: the time plan, then every question with its follow-ups and what
 * a strong answer covers. One message per question: five questions run past 7,000 characters,
 * more than one Discord embed (4,096) or Slack section (3,000) holds.
 */
export function guideDocs(input: {
  candidate: string;
  round: number;
  minutes: number;
  questions: readonly Question[];
  catalog: Catalog;
}): MessageDoc[] {
  const n = input.questions.length;
  const overview: MessageDoc = {
    title: `Interviewer guide: @${input.candidate}, Round ${input.round} (${ROUND_TITLES[input.round as Round]})`,
    text: [
      `**Time plan:** ${n} × ${input.minutes} min = ${n * input.minutes} min. At ${Math.max(0, input.minutes - 2)} min into a question the bot warns; at ${input.minutes} min it moves on by itself.`,
      'The bot posts each question in the thread. Ask follow-ups (your own, or with the Follow-up button), then Next. Finish ends early; then you fill the scorecard.',
      ...input.questions.map((q, i) => `- Q${i + 1}: ${q.kind} · ${principleNames(input.catalog, q)}`),
    ].join('\n'),
    context: 'Only you can see this guide. You can also type next, follow-up or finish in the thread.',
  };
  const perQuestion = input.questions.map((q, i) => ({
    title: `Guide, Q${i + 1} of ${n} (${q.kind} · ${input.minutes} min)`,
    text: [
      q.prompt,
      `_Follow-ups:_${q.followUps.map((f) => `\n- ${f}`).join('')}`,
      `_A strong answer covers:_${q.keyPoints.map((k) => `\n- ${k.point}`).join('')}`,
    ].join('\n'),
    context: `Leadership Principles: ${principleNames(input.catalog, q)}`,
  }));
  return [overview, ...perQuestion];
}

/** The interviewer's controls for the current question (button values name the question, so an old click does nothing). */
export function controlsDoc(input: { sessionId: number; index: number; total: number; candidate: string; followUps: readonly string[] }): MessageDoc {
  const value = `${input.sessionId}:${input.index}:p`;
  return {
    title: `@${input.candidate} is on question ${input.index + 1} of ${input.total}`,
    text: `Suggested follow-ups: ${input.followUps.map((f) => `\n- ${f}`).join('')}`,
    buttons: [
      { action: NEXT_BUTTON, label: input.index + 1 < input.total ? 'Next' : 'Next (last question: end)', value, style: 'primary' },
      { action: FOLLOW_UP_BUTTON, label: 'Follow-up', value },
      { action: FINISH_BUTTON, label: 'Finish', value: String(input.sessionId), style: 'danger' },
    ],
  };
}

export function scoringDoc(input: { sessionId: number; partner: string }): MessageDoc {
  return {
    text: `The interview is over. Waiting for @${input.partner}'s scorecard (24 hours at most).`,
    buttons: [{ action: SCORECARD_BUTTON, label: 'Fill the scorecard', value: String(input.sessionId), style: 'primary' }],
  };
}
