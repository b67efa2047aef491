import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PRINCIPLE_IDS } from '../src/catalog/schema.js';

// The CLI runs against a small fixture bank, so these tests do not depend on questions/.
let catalogDir: string;

beforeAll(() => {
  catalogDir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
  writeFileSync(
    join(catalogDir, 'leadership-principles.yaml'),
    stringify({
      principles: PRINCIPLE_IDS.map((id) => ({
        id,
        name: id === 'dive-deep' ? 'Dive Deep' : `Principle ${id}`,
        summary: `What ${id} means for a data engineer, in a sentence long enough for the schema.`,
        signals: id === 'dive-deep' ? ['root cause', 'dug into', 'profiled', 'investigated'] : [`${id} one`, `${id} two`, `${id} three`, `${id} four`],
      })),
    }),
  );
  writeFileSync(
    join(catalogDir, 'round-2.yaml'),
    stringify({
      round: 2,
      title: 'Pipelines',
      questions: [
        {
          id: 'r2-cli-pipeline',
          round: 2,
          kind: 'technical',
          prompt: 'Design a pipeline for daily transaction logs with retries and alerting.',
          principles: ['ownership'],
          difficulty: 2,
          followUps: ['What reruns after a failure at 3am?', 'How do you know nothing was written twice?'],
          keyPoints: [
            { point: 'idempotency', synonyms: ['idempotent', 'upsert', 'dedup key'] },
            { point: 'monitoring', synonyms: ['cloudwatch alarm', 'alerting'] },
          ],
          tags: ['idempotency'],
        },
      ],
    }),
  );
});

afterAll(() => rmSync(catalogDir, { recursive: true, force: true }));

function cli(args: string[], input: string, catalog: string | null = catalogDir) {
  const result = spawnSync('node_modules/.bin/tsx', ['src/features/answers/analyze-cli.ts', ...(catalog === null ? [] : ['--catalog', catalog]), ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STORY = [
  'Last year at my previous company our nightly Glue jobs kept failing.',
  'My manager asked me to make them reliable within two weeks.',
  'I profiled the jobs, found the root cause in a skewed join and rewrote it with an upsert on a dedup key.',
  'As a result, failures dropped by 90% and the reports were ready 3 hours earlier.',
].join('\n\n');

// Each case spawns tsx (about half a second on an idle machine, several seconds on a busy CI box).
describe('analyze CLI', { timeout: 60_000 }, () => {
  it('--json prints the analysis as one JSON object', () => {
    const { status, stdout, stderr } = cli(['--json'], STORY);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const analysis = JSON.parse(stdout);
    expect(analysis.present).toEqual(['situation', 'task', 'action', 'result']);
    expect(analysis.quantities).toEqual(['90%', '3 hours']);
    expect(analysis.principles).toEqual(['dive-deep']);
    expect(analysis.keyPoints).toBeNull();
    expect(analysis.parts.task.text).toBe('My manager asked me to make them reliable within two weeks.');
  });

  it('prints a readable report by default, with principles by name and key points of --question', () => {
    const { status, stdout } = cli(['--question', 'r2-cli-pipeline'], STORY);
    expect(status).toBe(0);
    expect(stdout).toContain('STAR analysis: r2-cli-pipeline (technical, round 2)');
    expect(stdout).toContain('  ✓ Task       "My manager asked me to make them reliable within two weeks."');
    expect(stdout).toContain('Missing: none');
    expect(stdout).toContain('Result quantified: yes (90%, 3 hours)');
    expect(stdout).toContain('I vs we: 100% "I" in the action');
    expect(stdout).toContain('Principles: Dive Deep');
    expect(stdout).toContain('Key points: 1 of 2 covered');
    expect(stdout).toContain('  ✗ monitoring (e.g. cloudwatch alarm, alerting)');
    expect(stdout).toMatch(/Suggestions\n {2}1\. You did not mention monitoring/);
  });

  it('rejects an unknown question id with one line on stderr and exit 2', () => {
    const { status, stdout, stderr } = cli(['--question', 'no-such-question'], STORY);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual(['analyze: unknown question id "no-such-question"']);
  });

  it('--jsonl streams one line per input line, in order, with error lines for bad input', () => {
    const input = [
      JSON.stringify({ id: 'first', text: STORY }),
      'this is not json',
      '',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify({ id: 'bad-question', text: 'x', question: 'nope' }),
      JSON.stringify({ id: 'with-question', text: 'I would upsert on a dedup key.', question: 'r2-cli-pipeline' }),
      '   ',
      JSON.stringify({ id: 7, text: '' }),
    ].join('\n');
    const { status, stdout } = cli(['--jsonl'], input);
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['first', null, 'no-text', 'bad-question', 'with-question', 7]);
    expect(lines[0]).toMatchObject({
      present: ['situation', 'task', 'action', 'result'],
      missing: [],
      quantified: true,
      iShare: 1,
      words: 60,
      speakingSeconds: 26,
      principles: ['dive-deep'],
      keyPoints: null,
    });
    expect(lines[0].suggestions.length).toBeGreaterThanOrEqual(1);
    expect(lines[1]).toEqual({ id: null, line: 2, error: 'not valid JSON' });
    expect(lines[2]).toEqual({ id: 'no-text', line: 4, error: 'no "text" string' });
    expect(lines[3]).toEqual({ id: 'bad-question', line: 5, error: 'unknown question id "nope"' });
    expect(lines[4]).toMatchObject({ question: 'r2-cli-pipeline', keyPoints: { covered: ['idempotency'], missed: ['monitoring'] } });
    expect(lines[5]).toMatchObject({ id: 7, words: 0, present: [] });
  });

  it('--jsonl uses --question as the default question for lines without one', () => {
    const { stdout } = cli(['--jsonl', '--question', 'r2-cli-pipeline'], JSON.stringify({ id: 'a', text: 'A CloudWatch alarm.' }));
    expect(JSON.parse(stdout)).toMatchObject({ id: 'a', keyPoints: { covered: ['monitoring'], missed: ['idempotency'] } });
  });

  it.each([[['--bogus']], [['--json', '--jsonl']], [['--question']], [['stray']]])('rejects %j with usage on stderr and exit 2', (args) => {
    const { status, stdout, stderr } = cli(args, '');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('usage: npm run -s analyze --');
  });

  it('exits 1 with one line on stderr when the question bank cannot be loaded', () => {
    const broken = mkdtempSync(join(tmpdir(), 'analyze-cli-broken-'));
    try {
      writeFileSync(join(broken, 'leadership-principles.yaml'), 'principles: [}');
      const { status, stderr } = cli(['--json'], STORY, broken);
      expect(status).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^analyze: cannot load the question bank: leadership-principles\.yaml: not valid YAML/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
