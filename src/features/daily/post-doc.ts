import type { Catalog } from '../../catalog/load.js';
import { ROUND_TITLES, type Question } from '../../catalog/schema.js';
import type { MessageDoc } from '../../core/ports.js';
import { formatInstant } from './schedule.js';

export const ANSWER_BUTTON = 'answers.open-form';
export const REVIEW_BUTTON = 'reviews.start';

const HINTS = {
  behavioral:
    'Answer with a STAR story: Situation (context, scale), Task (your goal), Action (what *you* did), Result (with numbers). Aim for 1.5-3 minutes spoken.',
  technical:
    'Think out loud as in the loop: clarify requirements and scale, sketch the design, then trade-offs and failure modes. Name the AWS services you would use.',
} as const;

export function difficultyLabel(difficulty: number): string {
  return `${'●'.repeat(difficulty)}${'○'.repeat(3 - difficulty)} ${['easy', 'medium', 'hard'][difficulty - 1] ?? ''}`.trim();
}

/** The daily post: round, question, principles, difficulty, how to answer, deadline, buttons. */
export function dailyPostDoc(input: {
  catalog: Catalog;
  question: Question;
  postId: number;
  deadline: Date | null;
  timezone: string;
}): MessageDoc {
  const { catalog, question, postId, deadline, timezone } = input;
  const principles = question.principles.map((id) => catalog.principle(id)?.name ?? id).join(', ');
  return {
    title: `Round ${question.round}: ${ROUND_TITLES[question.round]}`,
    text: `**${question.prompt}**\n\n_How to answer:_ ${HINTS[question.kind]}`,
    fields: [
      { label: 'Leadership Principles', value: principles },
      { label: 'Difficulty', value: difficultyLabel(question.difficulty) },
      { label: 'Kind', value: question.kind === 'behavioral' ? 'Behavioral (STAR)' : 'Technical' },
      {
        label: 'Answer by',
        value: deadline ? `${formatInstant(deadline, timezone)} (the next question)` : 'no next question is scheduled',
      },
    ],
    buttons: [
      { action: ANSWER_BUTTON, label: 'Answer (STAR form)', value: String(postId), style: 'primary' },
      { action: REVIEW_BUTTON, label: 'Review an answer', value: String(postId) },
    ],
    context: `Answer in this thread: you get private feedback in seconds. Question ${question.id}`,
  };
}

export function threadNameFor(question: Question, localDate: string): string {
  return `Round ${question.round} · ${localDate} · ${question.prompt}`.slice(0, 100);
}
