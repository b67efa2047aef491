import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'bar-raiser-mock-playground-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The real entry point with a script on stdin, a fixed clock and no platform token. */
function playground(script: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SLACK|DISCORD|BAR_RAISER)_/.test(key)));
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/main.ts')], {
    cwd: temp,
    env: { ...env, BAR_RAISER_CLOCK: '2026-11-30T08:00:00Z', DEFAULT_TIMEZONE: 'UTC', DATABASE_PATH: join(temp, 'db.sqlite'), LOG_LEVEL: 'warn', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(`${script.join('\n')}\n`);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

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
