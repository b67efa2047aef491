import { describe, expect, it } from 'vitest';
import { makeCatalog } from '../src/catalog/load.js';
import type { Principle, Question } from '../src/catalog/schema.js';
import { analyzeAnswer, STAR_PARTS, type StarPart } from '../src/features/answers/analyzer.js';

// Small in-test fixtures: the tests must not depend on the question bank's content.
const principles: Principle[] = [
  {
    id: 'customer-obsession',
    name: 'Customer Obsession',
    summary: 'Start with the customer and work backwards from what they need.',
    signals: ['customer', 'end user', 'working backwards', 'pain point'],
  },
  {
    id: 'ownership',
    name: 'Ownership',
    summary: 'Act on behalf of the whole company, beyond your own team, and never say that is not my job.',
    signals: ['i owned', 'took ownership', 'on call', 'not my job', 'without being asked'],
  },
  {
    id: 'dive-deep',
    name: 'Dive Deep',
    summary: 'Stay connected to the details, audit frequently, and be skeptical when metrics and anecdote differ.',
    signals: ['root cause', 'dug into', 'profiled', 'investigated'],
  },
];

const technical: Question = {
  id: 'r2-test-idempotent-pipeline',
  round: 2,
  kind: 'technical',
  prompt: 'Design a pipeline that processes daily transaction logs with retries and alerting.',
  principles: ['ownership'],
  difficulty: 2,
  followUps: ['The job fails halfway at 3am: what reruns?', 'How do you know nothing was written twice?'],
  keyPoints: [
    { point: 'idempotency', synonyms: ['idempotent', 'upsert', 'dedup key'] },
    { point: 'retries with backoff', synonyms: ['exponential backoff', 'retry', 'dead-letter queue'] },
    { point: 'monitoring', synonyms: ['cloudwatch alarm', 'alerting', 'metric'] },
    { point: 'availability target', synonyms: ['99.9%', 'SLA'] },
  ],
  tags: ['idempotency'],
};

const behavioral: Question = {
  id: 'r5-test-ownership',
  round: 5,
  kind: 'behavioral',
  prompt: 'Tell me about a time you took on something outside your area of responsibility.',
  principles: ['ownership', 'customer-obsession'],
  difficulty: 2,
  followUps: ['Why was it not someone else’s job?', 'What would you do differently?'],
  keyPoints: [
    { point: 'Acting beyond your role', synonyms: ['not my job', 'outside my team', 'without being asked'] },
    { point: 'A lasting fix', synonyms: ['runbook', 'alarm', 'automated'] },
  ],
  tags: ['ownership'],
};

const catalog = makeCatalog([technical, behavioral], principles);
const analyze = (text: string, question?: Question) => analyzeAnswer(text, { question, principles: catalog.principles });

const SITUATION = 'Last year at my previous company our nightly Glue jobs kept failing, and the finance team had stale dashboards.';
const TASK = 'My manager asked me to make the pipeline reliable within two weeks.';
const ACTION =
  'I profiled the jobs, found the root cause in a skewed join, rewrote it and added retries with exponential backoff. ' +
  'I also set up a CloudWatch alarm on job duration.';
const RESULT = 'As a result, failures dropped by 90% and the dashboards were ready 3 hours earlier.';
const STORY = [SITUATION, TASK, ACTION, RESULT];

describe('STAR parts in labelled answers', () => {
  const formats: [string, (name: string, letter: string) => string][] = [
    ['Name:', (name) => `${name}: `],
    ['S:', (_, letter) => `${letter}: `],
    ['S -', (_, letter) => `${letter} - `],
    ['**Name**', (name) => `**${name}**\n`],
    ['**Name:**', (name) => `**${name}:** `],
    ['1) Name -', (name) => `${STAR_PARTS.findIndex((p) => p === name.toLowerCase()) + 1}) ${name} - `],
    ['1. Name:', (name) => `${STAR_PARTS.findIndex((p) => p === name.toLowerCase()) + 1}. ${name}: `],
    ['## Name', (name) => `## ${name}\n`],
    ['emoji Name:', (name) => `🎯 ${name}: `],
    ['- Name:', (name) => `- ${name}: `],
    ['NAME:', (name) => `${name.toUpperCase()}: `],
    ['name:', (name) => `${name.toLowerCase()}: `],
  ];

  it.each(formats)('reads "%s" labels and returns each body as its span', (_, label) => {
    const text = STAR_PARTS.map((part, i) => label(part[0]!.toUpperCase() + part.slice(1), part[0]!.toUpperCase()) + STORY[i]).join('\n\n');
    const a = analyze(text);
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    expect(a.missing).toEqual([]);
    STAR_PARTS.forEach((part, i) => {
      const span = a.parts[part]!;
      expect(span.text).toBe(STORY[i]);
      expect(span.labelled).toBe(true);
      expect(text.slice(span.start, span.end)).toBe(span.text);
    });
  });

  it('reads labels written inline in one paragraph', () => {
    const text = `Situation: ${SITUATION} Task: ${TASK} Action: ${ACTION} Result: ${RESULT}`;
    const a = analyze(text);
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    expect(a.parts.task?.text).toBe(TASK);
  });

  it('accepts synonyms of the labels (Context, Goal, Approach, Outcome)', () => {
    const text = `Context: ${SITUATION}\nGoal: ${TASK}\nApproach: ${ACTION}\nOutcome: ${RESULT}`;
    expect(analyze(text).present).toEqual(['situation', 'task', 'action', 'result']);
  });

  it.each(STAR_PARTS.map((p, i) => [p, i] as const))('reports %s missing when its labelled paragraph is removed', (removed, index) => {
    const labels = ['Situation', 'Task', 'Action', 'Result'];
    const text = STORY.map((body, i) => `${labels[i]}: ${body}`)
      .filter((_, i) => i !== index)
      .join('\n\n');
    const a = analyze(text);
    expect(a.missing).toEqual([removed]);
    expect(a.present).toEqual(STAR_PARTS.filter((p) => p !== removed));
  });

  it('trusts labels: a result sentence inside the labelled Action does not make a Result', () => {
    const text = `Situation: ${SITUATION}\nTask: ${TASK}\nAction: ${ACTION} As a result, failures dropped by 90%.`;
    expect(analyze(text).missing).toEqual(['result']);
  });

  it('reads an unlabelled preamble as the parts that come before the first label', () => {
    const text = `${SITUATION}\n\nTask: ${TASK}\nAction: ${ACTION}\nResult: ${RESULT}`;
    const a = analyze(text);
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    expect(a.parts.situation).toMatchObject({ labelled: false, text: SITUATION, start: 0 });
  });

  it('treats an empty labelled section as missing', () => {
    const text = `Situation: ${SITUATION}\nTask: ${TASK}\nAction: ${ACTION}\nResult:`;
    expect(analyze(text).missing).toEqual(['result']);
  });

  it('does not take ordinary words at the start of a line for labels', () => {
    const text = [
      'Background jobs at my previous company kept failing every night.',
      'A/B testing was blocked, so I was asked to fix the jobs.',
      'T-shirt sizing aside, I rewrote the loader and added retries.',
      'As a result, failures dropped by 90%.',
    ].join('\n\n');
    const a = analyze(text);
    expect(STAR_PARTS.map((p) => a.parts[p]?.labelled)).toEqual([false, false, false, false]);
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
  });
});

describe('STAR parts in unlabelled answers', () => {
  it('finds all four parts of a four-paragraph story, in order, with their paragraphs as spans', () => {
    const text = STORY.join('\n\n');
    const a = analyze(text);
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    STAR_PARTS.forEach((part, i) => {
      expect(a.parts[part]).toMatchObject({ text: STORY[i], labelled: false });
      expect(text.slice(a.parts[part]!.start, a.parts[part]!.end)).toBe(STORY[i]);
    });
  });

  it('finds all four parts in a single paragraph', () => {
    const a = analyze(STORY.join(' '));
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    expect(a.parts.task?.text).toBe(TASK);
    expect(a.parts.result?.text).toBe(RESULT);
  });

  it('finds all four parts in a bullet-point answer, without the bullet markers', () => {
    const text = [
      '- Our team’s nightly Glue jobs kept failing last quarter',
      '- I was asked to make them reliable',
      '- I added retries with backoff and made the writes idempotent',
      '- Failures dropped from 12 a month to zero',
    ].join('\n');
    const a = analyze(text);
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    expect(a.parts.action?.text).toBe('I added retries with backoff and made the writes idempotent');
    expect(a.quantities).toEqual(['12', 'zero']);
  });

  it.each(STAR_PARTS.map((p, i) => [p, i] as const))('reports %s missing when its paragraph is removed', (removed, index) => {
    const a = analyze(STORY.filter((_, i) => i !== index).join('\n\n'));
    expect(a.missing).toEqual([removed]);
  });

  it('keeps a context sentence without cues inside the Situation (position breaks the tie)', () => {
    const text = [`${SITUATION} The marketing dashboards depended on it.`, TASK, ACTION, RESULT].join('\n\n');
    expect(analyze(text).parts.situation?.text).toBe(`${SITUATION} The marketing dashboards depended on it.`);
  });
});

describe('result, quantities and "I" vs "we"', () => {
  it('extracts percentages, money, durations, counts, multipliers and number words', () => {
    const a = analyze(
      `${SITUATION}\n\n${ACTION}\n\nAs a result we cut cost by 40%, saved $2M and €300k, about 2 million dollars, ` +
        'in two weeks instead of 3 hours, across 12 tables, 5x faster over 2 billion rows, in half the time, twice a day.',
    );
    expect(a.quantified).toBe(true);
    expect(a.quantities).toEqual([
      '40%', '$2M', '€300k', '2 million dollars', 'two weeks', '3 hours', '12 tables', '5x', '2 billion rows', 'half', 'twice',
    ]);
  });

  it('does not count years, clock times, ordinals or product names as quantities', () => {
    const a = analyze(`${SITUATION}\n\nAs a result, since 2021 the 2nd run on S3 and EC2 finishes at 6am, at 6:30 latest, with no double counts.`);
    expect(a.quantities).toEqual([]);
    expect(a.quantified).toBe(false);
  });

  it('only counts numbers in the result when there is a result', () => {
    const a = analyze(`Last year our 40 TB warehouse on 12 nodes kept failing.\n\n${TASK}\n\n${ACTION}\n\nIn the end the jobs were much more reliable.`);
    expect(a.present).toContain('result');
    expect(a.quantified).toBe(false);
    expect(a.suggestions[0]).toBe('Your result has no number: how much faster, cheaper, fewer incidents?');
  });

  it('uses the whole answer for quantities when there is no result', () => {
    const a = analyze(`${SITUATION} We had 40 TB of data.\n\n${TASK}\n\n${ACTION}`);
    expect(a.missing).toEqual(['result']);
    expect(a.quantities).toContain('40 TB');
  });

  it('counts "I" against "we" in the action only', () => {
    const text = [
      'Last year we had a problem: we were losing events and we were paged every night.',
      TASK,
      'We met as a team. We rewrote the consumer, we added a dead-letter queue and we tuned batch sizes. I reviewed it.',
      RESULT,
    ].join('\n\n');
    const a = analyze(text);
    expect(a.iShare).toBe(0.2); // action: 4 × "we", 1 × "I"
    expect(a.suggestions).toContain("Your action says 'we' 4 times and 'I' once: interviewers want what *you* did.");
  });

  it('gives iShare null when neither pronoun appears, and uses the whole text without an action', () => {
    expect(analyze('The pipeline failed. It was fixed.').iShare).toBeNull();
    // No action: the whole answer counts (one "we", no "I"; "me" is not "I").
    const noAction = analyze(`${SITUATION} We were paged every night.\n\n${TASK}\n\n${RESULT}`);
    expect(noAction.missing).toEqual(['action']);
    expect(noAction.iShare).toBe(0);
  });
});

describe('length', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

  it('counts words and speaking time at 140 words per minute', () => {
    const a = analyze(words(280));
    expect(a.words).toBe(280);
    expect(a.speakingSeconds).toBe(120);
    expect(a.length).toBe('good');
  });

  it('classifies below 1.5 minutes as too short and above 3 minutes as too long', () => {
    expect(analyze(words(200)).length).toBe('too-short'); // 86 s
    expect(analyze(words(210)).length).toBe('good'); // 90 s
    expect(analyze(words(420)).length).toBe('good'); // 180 s
    expect(analyze(words(425)).length).toBe('too-long'); // 182 s
  });

  it('counts words with numbers and punctuation, not lone symbols', () => {
    expect(analyze('Cut cost by 40% — saved $2M! 🎉 🎉').words).toBe(6);
  });
});

describe('principles', () => {
  it('finds principles by their signals, most distinct signals first', () => {
    const a = analyze('I dug into the root cause, profiled the jobs and investigated the logs. Our customer was happy and our customers said so.');
    expect(a.principles).toEqual(['dive-deep']);
    const both = analyze('I dug into the root cause and investigated the logs. Our customer was happy, the end users too.');
    expect(both.principles).toEqual(['dive-deep', 'customer-obsession']);
  });

  it('leaves out a principle brushed by a single signal when others show more, at most three', () => {
    const a = analyze('I dug into the root cause and investigated the logs. Our customer was happy.');
    expect(a.principles).toEqual(['dive-deep']);
    expect(analyze('Our customer was happy.').principles).toEqual(['customer-obsession']);
  });

  it('matches whole words and phrases case-insensitively, tolerating a plural', () => {
    expect(analyze('Our CUSTOMERS noticed. I Took Ownership of it.').principles).toEqual(['customer-obsession', 'ownership']);
    expect(analyze('We were accustomed to customs forms and downtime.').principles).toEqual([]);
  });

  it('counts a repeated signal once', () => {
    // Four times "customer" is one signal: dive-deep's two distinct signals outrank it.
    const a = analyze('customer customer customer customer. I investigated the root cause.');
    expect(a.principles).toEqual(['dive-deep']);
  });
});

describe('key points', () => {
  it('reports covered and missed key points of a technical question', () => {
    const a = analyze('I would upsert on a dedup key so reruns are safe, with exponential backoff and a dead letter queue.', technical);
    expect(a.keyPoints).toEqual({
      covered: ['idempotency', 'retries with backoff'],
      missed: [
        { point: 'monitoring', synonyms: ['cloudwatch alarm', 'alerting', 'metric'] },
        { point: 'availability target', synonyms: ['99.9%', 'SLA'] },
      ],
    });
  });

  it('tolerates plurals, case and hyphens, and matches synonyms with punctuation literally', () => {
    const a = analyze('Dedup Keys everywhere, CloudWatch alarms on METRICS, retries, and a 99.9% target.', technical);
    expect(a.keyPoints?.covered).toEqual(['idempotency', 'retries with backoff', 'monitoring', 'availability target']);
    expect(analyze('We hit 99.95% uptime.', technical).keyPoints?.covered).toEqual([]);
  });

  it('matches punctuation synonyms literally, with optional spaces around the punctuation', () => {
    const sql: Question = {
      ...technical,
      id: 'r1-test-dedup',
      keyPoints: [
        { point: 'ROW_NUMBER dedup', synonyms: ['rn = 1'] },
        { point: 'C++ UDF', synonyms: ['c++'] },
      ],
    };
    expect(analyze('Keep rows WHERE rn=1, written in C++.', sql).keyPoints?.covered).toEqual(['ROW_NUMBER dedup', 'C++ UDF']);
    expect(analyze('Keep rows where rn = 10, written in C.', sql).keyPoints?.covered).toEqual([]);
  });

  it('does not match inside longer words', () => {
    expect(analyze('The metrical poem was retrying nothing.', technical).keyPoints?.covered).toEqual([]);
  });

  it('reports key points of behavioral questions the same way, and null without a question', () => {
    expect(analyze('It was not my job, but I wrote a runbook.', behavioral).keyPoints?.covered).toEqual(['Acting beyond your role', 'A lasting fix']);
    expect(analyze('It was not my job.').keyPoints).toBeNull();
  });
});

describe('suggestions', () => {
  it('orders them by importance: missing Result before "we", before missing Situation', () => {
    const text = [
      'My manager asked me to fix the flaky loader.',
      'We rewrote the loader, we added retries, we added alarms and we tested it.',
    ].join('\n\n');
    const a = analyze(text);
    expect(a.missing).toEqual(['situation', 'result']);
    expect(a.suggestions).toEqual([
      'No Result: close with what changed, with a number (how much faster, cheaper, fewer incidents).',
      "Your action says 'we' 4 times and 'I' not once: interviewers want what *you* did.",
      'Only 23 words: aim for 1.5-3 minutes spoken (about 210-420 words).',
      'No Situation: open with one or two sentences of context (team, system, scale).',
    ]);
  });

  it('puts missed key points first for technical questions and never asks for a Situation', () => {
    const a = analyze('I would upsert on a dedup key and add a CloudWatch alarm, with a 99.9% SLA.', technical);
    expect(a.missing).toContain('situation');
    expect(a.suggestions[0]).toBe(
      'You did not mention retries with backoff (e.g. exponential backoff, retry): a strong answer covers it.',
    );
    expect(a.suggestions.join(' ')).not.toMatch(/Situation/);
  });

  it('gives a strong answer one "next level" suggestion', () => {
    const filler = ' I documented each step, reviewed the change with the team and kept the stakeholders informed every day.';
    const text = [SITUATION, TASK, ACTION + filler.repeat(9), RESULT].join('\n\n');
    const a = analyze(text);
    expect(a.length).toBe('good');
    expect(a.suggestions).toHaveLength(1);
    expect(a.suggestions[0]).toMatch(/^Strong answer\. Next level:/);
    const owned = text.replace('I profiled', 'It was not my job, so I owned it: I profiled') + ' I wrote a runbook for our customer.';
    const withQuestion = analyze(owned, behavioral);
    expect(withQuestion.keyPoints?.missed).toEqual([]);
    expect(withQuestion.suggestions).toEqual([`Strong answer. Next level: rehearse the follow-up "${behavioral.followUps[0]}"`]);
  });

  it('always gives between one and four', () => {
    for (const text of ['', 'x', STORY.join('\n\n'), 'we '.repeat(500)]) {
      const { suggestions } = analyze(text);
      expect(suggestions.length).toBeGreaterThanOrEqual(1);
      expect(suggestions.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('robustness', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t \r\n '],
    ['emoji only', '🎉🔥🚀'],
    ['nonsense', 'asdf qwer zxcv uiop'],
  ])('handles %s input with all parts missing', (_, text) => {
    const a = analyze(text);
    expect(a.present).toEqual([]);
    expect(a.missing).toEqual([...STAR_PARTS]);
    expect(a.iShare).toBeNull();
    expect(a.suggestions.length).toBeGreaterThanOrEqual(1);
  });

  it('handles non-English answers without inventing parts', () => {
    const spanish = 'El año pasado nuestro equipo tenía un problema. Me pidieron arreglarlo. Reescribí el pipeline. El tiempo bajó un 40%.';
    const a = analyze(spanish);
    expect(a.present).toEqual([]);
    expect(a.words).toBe(19);
    expect(a.quantities).toEqual(['40%']);
    const chinese = analyze('去年我们的数据管道经常失败。');
    expect(chinese.words).toBe(13); // one word per character in scripts without spaces
    expect(chinese.present).toEqual([]);
  });

  it('analyses a 50,000-character answer: all words counted, parts from the beginning', () => {
    const story = `${STORY.join('\n\n')}\n\n`;
    const text = story.repeat(Math.ceil(50_000 / story.length)).slice(0, 50_000);
    const started = performance.now();
    const a = analyze(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(a.words).toBe(text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length);
    expect(a.words).toBeGreaterThan(7_000);
    expect(a.length).toBe('too-long');
    expect(a.present).toEqual(['situation', 'task', 'action', 'result']);
    for (const part of STAR_PARTS) expect(a.parts[part]!.end).toBeLessThanOrEqual(20_000);
    expect(a.quantities.length).toBeLessThanOrEqual(20);
  });

  it('is deterministic', () => {
    const text = STORY.join('\n\n');
    expect(analyze(text, technical)).toEqual(analyze(text, technical));
  });

  it('survives non-string input from untyped callers', () => {
    expect(() => analyzeAnswer(undefined as unknown as string, { principles })).not.toThrow();
    expect(() => analyzeAnswer(42 as unknown as string, undefined as unknown as { principles: Principle[] })).not.toThrow();
  });
});

// Keep the type import honest: the exported StarPart is the union the API promises.
const parts: readonly StarPart[] = STAR_PARTS;
void parts;
