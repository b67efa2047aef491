import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPlayground } from './support/playground.js';

const temp = mkdtempSync(join(tmpdir(), 'bar-raiser-mock-playground-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const playground = (script: string[]) => runPlayground(script, temp);

describe('the playground (issue 8, "Done when")', () => {
  it('a scripted solo session of 2 questions (answers, next, a follow-up answered, one timed out) ends with a scorecard', async () => {
    const { code, stdout, stderr } = await playground([
      '/mock round:5 questions:2 minutes:5',
      ':thread last',
      'Situation: at a payments company our nightly Glue pipeline kept failing and finance got late reports. Task: I owned the fix before quarter close.',
      ':advance 1m',
      'Action: I added retries with idempotent writes and CloudWatch alarms. Result: failures dropped by 90% and reports were on time for 6 months.',
      'next',
      'I measured it on the job success dashboard: it went from 85% to 99.5%.',
      ':click next',
      'I once pushed back on skipping data quality checks before a board report.',
      ':advance 6m',
      ':quit',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const order = [
      '(opens thread 1) Bar Raiser: Mock interview - Round 5 - @you',
      'Bar Raiser: Question 1 of 2 (behavioral · 5 min)',
      'Bar Raiser: Dive deep',
      'Bar Raiser: Question 2 of 2 (behavioral · 5 min)',
      'Bar Raiser: ⏳ 2 minutes left on question 2.',
      'Bar Raiser: ⏰ Time is up for question 2. That was the last question.',
      'Bar Raiser: Scorecard - Mock interview - Round 5 - @you',
    ];
    let from = 0;
    for (const line of order) {
      const at = stdout.indexOf(line, from);
      expect(at, `"${line}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
    expect(stdout).toContain('follow-up answered');
    expect(stdout).toContain('(time ran out)');
    expect(stdout).toMatch(/Verdict: (Strong Hire|Hire|No Hire|Strong No Hire)/);
  });
});
