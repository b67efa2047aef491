import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  BIGRAM_SIMILARITY_THRESHOLD,
  checkCatalog,
  findNearDuplicates,
  formatReport,
  normalizeWords,
  promptSimilarity,
  reportJson,
  SEED_PROMPTS,
  TOPICS,
  WORD_SIMILARITY_THRESHOLD,
} from '../src/catalog/check.js';
import { makeCatalog } from '../src/catalog/load.js';
import { PRINCIPLE_IDS, type Principle, type PrincipleId, type Question, type Round } from '../src/catalog/schema.js';

// ---------------------------------------------------------------------------------------------
// A small synthetic bank that passes every check; each test breaks one thing.

function principles(ids: readonly PrincipleId[] = PRINCIPLE_IDS): Principle[] {
  return ids.map((id) => ({
    id,
    name: id.replace(/-/g, ' '),
    summary: `A summary of ${id} that is long enough to satisfy the schema's minimum length.`,
    signals: ['signal one', 'signal two', 'signal three', 'signal four'],
  }));
}

let serial = 0;
/** Prompts made of words unique to the question, so that generated questions never look alike. */
function uniquePrompt(prefix = 'Explain'): string {
  serial++;
  return `${prefix} component q${serial}alpha with q${serial}beta and q${serial}gamma under q${serial}delta load.`;
}

function question(over: Partial<Question> & Pick<Question, 'id' | 'round' | 'kind'>): Question {
  const technical = over.kind === 'technical';
  return {
    prompt: uniquePrompt(),
    principles: ['dive-deep'],
    difficulty: 2,
    followUps: ['What breaks first at ten times the volume?', 'How would you test this before production?'],
    keyPoints: Array.from({ length: technical ? 4 : 2 }, (_, i) => ({ point: `key point ${i + 1}`, synonyms: [`kp${i + 1}`] })),
    tags: ['general'],
    ...over,
  };
}

const GATEWAY_PROMPT =
  'Design a secure banking API gateway with Spring Cloud Gateway on Java 21 microservices: OAuth2 and JWT stateless auth with role-based access, rate limiting, Resilience4j circuit breakers, REST and gRPC between services, and audit logging.';
const SQS_PROMPT =
  'SQS triggers a Lambda function through an event source mapping: choose the batch size, explain concurrency scaling, retries, dead-letter queues and monitoring at high volume.';

function completeBank(): Question[] {
  const questions: Question[] = [];
  for (const round of [1, 2, 3, 4] as const) {
    for (let i = 1; i <= 24; i++) questions.push(question({ id: `r${round}-t${i}`, round, kind: 'technical' }));
    for (let i = 1; i <= 6; i++) questions.push(question({ id: `r${round}-b${i}`, round, kind: 'behavioral', principles: ['ownership'] }));
  }
  for (const id of PRINCIPLE_IDS) {
    for (let i = 1; i <= 3; i++) {
      questions.push(question({ id: `r5-${id}-${i}`, round: 5, kind: 'behavioral', principles: [id], prompt: uniquePrompt('Describe') }));
    }
  }
  // The study guide's prompts and scenarios replace generated questions.
  const replace = (id: string, patch: Partial<Question>) => {
    const index = questions.findIndex((q) => q.id === id);
    questions[index] = { ...questions[index]!, ...patch };
  };
  replace('r1-t1', { prompt: SEED_PROMPTS[0]!.prompt });
  replace('r2-t1', { prompt: SEED_PROMPTS[1]!.prompt });
  replace('r3-t1', { prompt: GATEWAY_PROMPT });
  replace('r2-t2', { prompt: SQS_PROMPT });
  // Every study-guide topic by tag, spread over technical questions.
  TOPICS.forEach((topic, i) => {
    const round = ((i % 4) + 1) as Round;
    const id = `r${round}-t${10 + Math.floor(i / 4)}`;
    const existing = questions.find((q) => q.id === id)!;
    replace(id, { tags: [...existing.tags, topic.tags[0]!] });
  });
  return questions;
}

function check(questions: readonly Question[], defined: readonly Principle[] = principles()) {
  return checkCatalog(makeCatalog(questions, defined));
}

// ---------------------------------------------------------------------------------------------

describe('the synthetic complete bank', () => {
  it('passes every check', () => {
    const report = check(completeBank());
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.total).toBe(4 * 30 + 16 * 3);
    expect(report.byRound['1']).toEqual({ technical: 24, behavioral: 6 });
    expect(report.byRound['5']).toEqual({ technical: 0, behavioral: 48 });
    expect(report.round5Primary['frugality']).toBe(3);
    // dive-deep is the default principle of the 96 generated technical questions, plus its 3 round-5 ones.
    expect(report.byPrinciple['dive-deep']).toBe(96 + 3);
    expect(report.byPrinciple['ownership']).toBe(24 + 3);
  });
});

describe('near-duplicate prompts', () => {
  it('normalizes case, punctuation and stop words', () => {
    expect(normalizeWords("Tell me about a time you fixed the team's Kinesis-to-S3 pipeline!")).toEqual([
      'fixed',
      'teams',
      'kinesis',
      's3',
      'pipeline',
    ]);
  });

  it('flags a copy with one word changed, with both ids and the scores', () => {
    const bank = completeBank();
    const original = bank.find((q) => q.id === 'r2-t1')!;
    bank.push(
      question({
        id: 'r4-copy',
        round: 4,
        kind: 'technical',
        prompt: original.prompt.replace('daily', 'hourly'),
      }),
    );
    const report = check(bank);
    expect(report.ok).toBe(false);
    expect(report.nearDuplicates).toHaveLength(1);
    const [dup] = report.nearDuplicates;
    expect([dup!.a, dup!.b]).toEqual(['r2-t1', 'r4-copy']);
    // 11 content words each, 10 shared: 10 / 12.
    expect(dup!.similarity.words).toBeCloseTo(10 / 12, 5);
    expect(report.problems).toEqual([
      expect.stringMatching(/^near-duplicate prompts: r2-t1 and r4-copy \(word similarity 0\.83, bigram similarity 0\.67; limits 0\.6 \/ 0\.5\)$/),
    ]);
  });

  it('flags the same words in another order (word sets), and a long shared phrase (bigrams)', () => {
    const a = 'Design an idempotent Glue job that loads card settlements into Redshift every night.';
    const reordered = 'Every night, load card settlements into Redshift with an idempotent Glue job you design.';
    expect(promptSimilarity(a, reordered).words).toBeGreaterThan(WORD_SIMILARITY_THRESHOLD);

    const shared = 'How would you partition the card settlement fact table by settlement date for merchant reporting';
    const p1 = `${shared} in Redshift?`;
    const p2 = `${shared} when analysts also filter by issuer country and currency in Athena?`;
    const sim = promptSimilarity(p1, p2);
    expect(sim.words).toBeLessThanOrEqual(WORD_SIMILARITY_THRESHOLD);
    expect(sim.bigrams).toBeGreaterThan(BIGRAM_SIMILARITY_THRESHOLD);
    const found = findNearDuplicates([
      question({ id: 'x1', round: 1, kind: 'technical', prompt: p1 }),
      question({ id: 'x2', round: 1, kind: 'technical', prompt: p2 }),
    ]);
    expect(found.map((d) => [d.a, d.b])).toEqual([['x1', 'x2']]);
  });

  it('does not flag two different questions on the same topic', () => {
    const found = findNearDuplicates([
      question({ id: 'k1', round: 2, kind: 'technical', prompt: 'How many shards does a Kinesis stream need for 20,000 card events per second?' }),
      question({ id: 'k2', round: 2, kind: 'technical', prompt: 'A Kinesis consumer falls two hours behind during a sale. How do you catch up without losing events?' }),
      question({ id: 'b1', round: 5, kind: 'behavioral', prompt: 'Tell me about a time you disagreed with your manager.' }),
      question({ id: 'b2', round: 5, kind: 'behavioral', prompt: 'Tell me about a time you missed a deadline.' }),
    ]);
    expect(found).toEqual([]);
  });
});

describe('count shortfalls', () => {
  it('reports a round with no questions at all, naming the missing file', () => {
    const report = check(completeBank().filter((q) => q.round !== 3));
    expect(report.byRound['3']).toEqual({ technical: 0, behavioral: 0 });
    expect(report.problems).toContain(
      'round 3 (Cloud Architecture & Security): only 0 technical (need >= 24) and 0 behavioral (need >= 6) (no questions at all: is its questions/round-3-*.yaml file missing?)',
    );
    expect(report.problems.some((p) => p.startsWith('study-guide question missing: the Spring Cloud Gateway'))).toBe(true);
  });

  it('reports one technical question too few', () => {
    const report = check(completeBank().filter((q) => q.id !== 'r4-t24'));
    expect(report.problems).toEqual(['round 4 (System Design): only 23 technical (need >= 24)']);
  });

  it('reports behavioral shortfalls', () => {
    const report = check(completeBank().filter((q) => !['r1-b1', 'r1-b2'].includes(q.id)));
    expect(report.problems).toEqual(['round 1 (Data Modeling & Warehousing): only 4 behavioral (need >= 6)']);
  });

  it('counts round 5 by primary principle only', () => {
    const bank = completeBank().map((q) =>
      // The third think-big story now leads with earn-trust: think-big is only its second principle.
      q.id === 'r5-think-big-3' ? { ...q, principles: ['earn-trust', 'think-big'] as PrincipleId[] } : q,
    );
    const report = check(bank);
    expect(report.round5Primary['think-big']).toBe(2);
    expect(report.round5Primary['earn-trust']).toBe(4);
    expect(report.problems).toEqual(['round 5: 2 behavioral questions with primary principle think-big (need >= 3)']);
  });

  it('checks key points of technical questions and follow-ups of every question', () => {
    const bank = completeBank().map((q) => {
      if (q.id === 'r1-t2') return { ...q, keyPoints: q.keyPoints.slice(0, 3) };
      if (q.id === 'r5-frugality-1') return { ...q, followUps: ['Only one follow-up here?'] };
      return q;
    });
    expect(check(bank).problems).toEqual([
      'question r1-t2: 3 key points (technical questions need 4-8)',
      'question r5-frugality-1: 1 follow-ups (need >= 2)',
    ]);
  });
});

describe('principles', () => {
  it('reports a principle that is neither defined nor covered', () => {
    const bank = completeBank().filter((q) => !q.principles.includes('frugality'));
    const defined = principles(PRINCIPLE_IDS.filter((id) => id !== 'frugality'));
    const report = check(bank, defined);
    expect(report.byPrinciple.frugality).toBe(0);
    expect(report.problems).toEqual([
      'principle frugality is not defined in leadership-principles.yaml',
      'principle frugality is not covered: no question lists it',
      'round 5: 0 behavioral questions with primary principle frugality (need >= 3)',
    ]);
  });
});

describe('the study guide', () => {
  it('wants the seed prompts word for word, in their round', () => {
    const bank = completeBank().map((q) => (q.id === 'r1-t1' ? { ...q, prompt: q.prompt.replace('fidelity', 'quality') } : q));
    expect(check(bank).problems).toEqual([`study-guide prompt missing (round 1, word for word): "${SEED_PROMPTS[0]!.prompt}"`]);

    const moved = completeBank().map((q) => (q.id === 'r2-t1' ? { ...q, prompt: 'Something else entirely, unrelated to logs.' } : q));
    moved.push(question({ id: 'r4-seed', round: 4, kind: 'technical', prompt: SEED_PROMPTS[1]!.prompt }));
    expect(check(moved).problems).toEqual([
      `study-guide prompt "${SEED_PROMPTS[1]!.prompt}" is in round 4 (r4-seed), expected round 2`,
    ]);
  });

  it('names what the gateway question leaves out', () => {
    const bank = completeBank().map((q) =>
      q.id === 'r3-t1' ? { ...q, prompt: 'Design a banking API gateway with Spring Cloud Gateway and OAuth2 tokens.' } : q,
    );
    expect(check(bank).problems).toEqual([
      'study-guide question r3-t1 (the Spring Cloud Gateway banking API question) does not mention: Java 21, JWT, role-based access, rate limiting, circuit breakers (Resilience4j), REST, gRPC, audit logging',
    ]);
  });

  it('accepts the SQS → Lambda question in round 4 but not in round 1', () => {
    const inRound4 = completeBank().map((q) => (q.id === 'r2-t2' ? { ...q, prompt: uniquePrompt() } : q));
    inRound4.push(question({ id: 'r4-sqs', round: 4, kind: 'technical', prompt: SQS_PROMPT }));
    expect(check(inRound4).ok).toBe(true);

    const inRound1 = completeBank().map((q) => (q.id === 'r2-t2' ? { ...q, prompt: uniquePrompt() } : q));
    inRound1.push(question({ id: 'r1-sqs', round: 1, kind: 'technical', prompt: SQS_PROMPT }));
    expect(check(inRound1).problems).toEqual([expect.stringMatching(/^study-guide question missing: the SQS → Lambda event source mapping question \(round 2 or 4;/)]);
  });

  it('reports an uncovered topic, and accepts a prompt that names it instead of a tag', () => {
    const untagged = completeBank().map((q) => ({ ...q, tags: q.tags.filter((t) => t !== 'guardduty') }));
    expect(check(untagged).problems).toEqual([
      'study-guide topic not covered: GuardDuty (tag one question guardduty, or mention it in a prompt)',
    ]);
    untagged.push(question({ id: 'r3-gd', round: 3, kind: 'technical', prompt: 'GuardDuty raises a finding about an EC2 instance mining crypto at 3 a.m.: walk through your response.' }));
    const report = check(untagged);
    expect(report.ok).toBe(true);
    expect(report.topics.find((t) => t.name === 'GuardDuty')!.questions).toEqual(['r3-gd']);
  });
});

describe('output', () => {
  it('prints one JSON line with exactly the agreed keys', () => {
    const line = reportJson(check(completeBank()));
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['total', 'byRound', 'byPrinciple', 'ok', 'problems']);
    expect(parsed.total).toBe(168);
    expect(Object.keys(parsed.byRound as object)).toEqual(['1', '2', '3', '4', '5']);
    expect(Object.keys(parsed.byPrinciple as object)).toEqual([...PRINCIPLE_IDS]);
    expect(parsed.ok).toBe(true);
  });

  it('prints a coverage table and one FAIL line per problem', () => {
    const report = check(completeBank().filter((q) => q.id !== 'r4-t24'));
    const text = formatReport(report, new Map([['customer-obsession', 'Customer Obsession']]));
    expect(text).toMatch(/^4 System Design\s+23\s+6\s+29$/m);
    expect(text).toMatch(/^Customer Obsession\s+3\s+3$/m);
    expect(text.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual(['FAIL round 4 (System Design): only 23 technical (need >= 24)']);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI over real files (loader + checks + exit codes).

describe('npm run questions:check', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function writeBank(questions: readonly Question[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-check-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'leadership-principles.yaml'), stringify({ principles: principles() }));
    for (const round of [1, 2, 3, 4, 5] as const) {
      // A round file must hold at least one question: a missing round has no file.
      if (!questions.some((q) => q.round === round)) continue;
      writeFileSync(
        join(dir, `round-${round}.yaml`),
        stringify({ round, title: `Round ${round}`, questions: questions.filter((q) => q.round === round) }),
      );
    }
    return dir;
  }

  function run(args: string[]) {
    return spawnSync('node_modules/.bin/tsx', ['src/catalog/check-cli.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 45_000,
    });
  }

  it('exits 0 with one JSON line for a complete bank', () => {
    const result = run(['--json', '--dir', writeBank(completeBank())]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ total: 168, ok: true, problems: [], byRound: { '3': { technical: 24, behavioral: 6 } } });
  }, 60_000);

  it('exits 1 and prints the table with the failures', () => {
    const result = run(['--dir', writeBank(completeBank().filter((q) => q.round !== 4))]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^Question bank: 138 questions$/m);
    expect(result.stdout).toContain(
      'FAIL round 4 (System Design): only 0 technical (need >= 24) and 0 behavioral (need >= 6) (no questions at all: is its questions/round-4-*.yaml file missing?)',
    );
  }, 60_000);

  it('prints a CatalogError on stderr and exits 1', () => {
    const dir = writeBank(completeBank());
    writeFileSync(join(dir, 'round-2.yaml'), 'round: 2\ntitle: [unclosed\n');
    const result = run(['--dir', dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^round-2\.yaml: not valid YAML: /);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 60_000);
});
