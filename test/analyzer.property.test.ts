import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Principle, Question } from '../src/catalog/schema.js';
import { analyzeAnswer, STAR_PARTS, type Analysis, type StarPart } from '../src/features/answers/analyzer.js';

const principles: Principle[] = [
  {
    id: 'dive-deep',
    name: 'Dive Deep',
    summary: 'Stay connected to the details, audit frequently, and be skeptical when metrics and anecdote differ.',
    signals: ['root cause', 'dug into', 'c++', '99.9%'],
  },
  {
    id: 'ownership',
    name: 'Ownership',
    summary: 'Act on behalf of the whole company, beyond your own team, and never say that is not my job.',
    signals: ['i owned', 'not my job', 'on-call', 'took ownership'],
  },
];

const question: Question = {
  id: 'r2-property-question',
  round: 2,
  kind: 'technical',
  prompt: 'Design a pipeline that processes daily transaction logs with retries and alerting.',
  principles: ['ownership'],
  difficulty: 2,
  followUps: ['What reruns after a failure at 3am?', 'How do you know nothing was written twice?'],
  keyPoints: [
    { point: 'idempotency', synonyms: ['idempotent', 'upsert', 'dedup key'] },
    { point: 'retries', synonyms: ['exponential backoff', 'retry', '$'] },
  ],
  tags: ['idempotency'],
};

/** Invariants every analysis must satisfy, whatever the input. */
function expectWellFormed(text: string, a: Analysis): void {
  expect([...a.present, ...a.missing].sort()).toEqual([...STAR_PARTS].sort());
  expect(a.present).toEqual(STAR_PARTS.filter((p) => a.parts[p] !== null));
  for (const part of a.present) {
    const span = a.parts[part]!;
    expect(span.start).toBeLessThanOrEqual(span.end);
    expect(text.slice(span.start, span.end)).toBe(span.text);
  }
  expect(a.words).toBeGreaterThanOrEqual(0);
  expect(a.speakingSeconds).toBe(Math.round((a.words / 140) * 60));
  if (a.iShare !== null) expect(a.iShare >= 0 && a.iShare <= 1).toBe(true);
  expect(a.quantified).toBe(a.quantities.length > 0);
  expect(a.suggestions.length).toBeGreaterThanOrEqual(1);
  expect(a.suggestions.length).toBeLessThanOrEqual(4);
}

/** Fragments that stress the label, sentence and quantity code paths when mixed with noise. */
const tricky = fc.constantFrom(
  'Situation:', 'S:', 'T -', '**Task**', '## Action', '🎯 Result:', '1) ', '- ', '\n', '\n\n', '. ', '...', 'e.g.', '$2M',
  '40%', '3 hours', 'I ', 'we ', 'As a result', 'last year', 'I was asked to', ':', '**', '🏳️‍🌈', '\u0130', '\ud800', '\u2028',
);
const noisyText = fc.array(fc.oneof(fc.string({ unit: 'binary' }), tricky), { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('analyzeAnswer properties', () => {
  it('never throws and stays well-formed on arbitrary strings', () => {
    for (const unit of ['binary', 'grapheme', 'binary-ascii'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 400 }), (text) => {
          expectWellFormed(text, analyzeAnswer(text, { principles }));
          expectWellFormed(text, analyzeAnswer(text, { principles, question }));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('never throws on label-, number- and emoji-laden noise', () => {
    fc.assert(
      fc.property(noisyText, (text) => {
        expectWellFormed(text, analyzeAnswer(text, { principles, question }));
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(noisyText, (text) => {
        expect(analyzeAnswer(text, { principles, question })).toEqual(analyzeAnswer(text, { principles, question }));
      }),
      { numRuns: 200 },
    );
  });

  it('reports a key point covered once any of its synonyms is appended', () => {
    const synonym = fc.constantFrom(...question.keyPoints.flatMap((kp) => kp.synonyms.map((s) => [kp.point, s] as const)));
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), synonym, (text, [point, s]) => {
        expect(analyzeAnswer(`${text} ${s} done`, { principles, question }).keyPoints?.covered).toContain(point);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- Labelled answers: removing a part's paragraph never leaves that part "present". ----

const TITLES: Record<StarPart, string> = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };
const LABEL_STYLES: ((part: StarPart, index: number) => string)[] = [
  (p) => `${TITLES[p]}: `,
  (p) => `${TITLES[p][0]}: `,
  (p) => `${TITLES[p][0]} - `,
  (p) => `**${TITLES[p]}**\n`,
  (p) => `**${TITLES[p]}:** `,
  (p, i) => `${i + 1}) ${TITLES[p]} - `,
  (p) => `## ${TITLES[p]}\n`,
  (p) => `🎯 ${TITLES[p]}: `,
  (p) => `- ${TITLES[p].toUpperCase()}: `,
];

/** Sentences full of cues for every part, so bodies tempt the analyzer to see parts that are not labelled. */
const CUE_SENTENCES = [
  'Last year our team had a problem with late data.',
  'At my previous company the nightly jobs kept failing.',
  'I was asked to fix it within two weeks.',
  'My goal was to cut the runtime in half.',
  'I rewrote the join and added retries.',
  'I decided to partition the table by date.',
  'As a result, the runtime dropped by 40%.',
  'In the end we saved $2M a year.',
];
const LABEL_WORDS = new Set(['situation', 'context', 'background', 'challenge', 'problem', 'task', 'tasks', 'goal', 'goals',
  'objective', 'objectives', 'action', 'actions', 'approach', 'result', 'results', 'outcome', 'outcomes', 'impact', 'learnings']);
const plainWord = fc.stringMatching(/^[a-z]{3,9}$/).filter((w) => !LABEL_WORDS.has(w));
const sentence = fc.oneof(
  fc.constantFrom(...CUE_SENTENCES),
  fc.array(plainWord, { minLength: 1, maxLength: 8 }).map((words) => `${words.join(' ')}.`),
);
const body = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((sentences) => sentences.join(' '));

const labelledAnswer = fc.record({
  parts: fc.subarray([...STAR_PARTS], { minLength: 2 }),
  style: fc.integer({ min: 0, max: LABEL_STYLES.length - 1 }),
  separator: fc.constantFrom('\n', '\n\n', '\r\n\r\n'),
  bodies: fc.array(body, { minLength: 4, maxLength: 4 }),
  removeIndex: fc.nat(),
});

describe('labelled answers', () => {
  it('never reports a part present after its labelled paragraph is removed, and keeps the others', () => {
    fc.assert(
      fc.property(labelledAnswer, ({ parts, style, separator, bodies, removeIndex }) => {
        const removed = parts[removeIndex % parts.length]!;
        const label = LABEL_STYLES[style]!;
        const paragraphs = parts.map((part) => label(part, STAR_PARTS.indexOf(part)) + bodies[STAR_PARTS.indexOf(part)]);
        const full = analyzeAnswer(paragraphs.join(separator), { principles });
        expect(full.present).toEqual(parts);

        const kept = parts.filter((p) => p !== removed);
        const text = paragraphs.filter((_, i) => parts[i] !== removed).join(separator);
        const a = analyzeAnswer(text, { principles });
        expect(a.present).not.toContain(removed);
        expect(a.present).toEqual(kept);
        for (const part of kept) expect(a.parts[part]?.labelled).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
