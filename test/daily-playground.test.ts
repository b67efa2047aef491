import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'bar-raiser-playground-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs the real entry point with a script on stdin, as a user of the playground would. */
function playground(script: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // No platform token may leak in from the environment: the playground starts only without them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SLACK|DISCORD)_/.test(key)));
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/main.ts')], {
    // A cwd without a .env file, so nothing but this environment configures the run.
    cwd: temp,
    env: {
      ...env,
      BAR_RAISER_CLOCK: '2026-11-30T08:00:00Z',
      DEFAULT_TIMEZONE: 'UTC',
      DATABASE_PATH: join(temp, 'bar-raiser.db'),
      LOG_LEVEL: 'warn',
    },
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

describe('the playground (issue 4, "Done when")', () => {
  it('five days after /prep setup: exactly five posts, rounds 1..5 in order, no repeated question', async () => {
    const { code, stdout, stderr } = await playground([
      '/prep setup time:09:00 tz:UTC days:mon-fri rotation:weekday',
      ':advance 5d',
      ':thread last',
      ':quit',
    ]);
    expect(code, stderr).toBe(0);
    // The terminal may or may not render Markdown emphasis: match the words only.
    expect(stdout).toMatch(/Next question: \**Mon 30 Nov, 09:00 UTC/);
    const posts = [...stdout.matchAll(/\(opens thread (\d+)\) Bar Raiser: Round (\d):[\s\S]*?Question ([a-z0-9-]+)\)/g)].map((m) => ({
      thread: Number(m[1]),
      round: Number(m[2]),
      question: m[3]!,
    }));
    expect(posts.map((p) => p.thread)).toEqual([1, 2, 3, 4, 5]);
    expect(posts.map((p) => p.round)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(posts.map((p) => p.question)).size).toBe(5);
    expect(posts.every((p) => p.question.startsWith(`r${p.round}-`))).toBe(true);
    expect(stdout.match(/opens thread/g)).toHaveLength(5);
    expect(stdout).toContain('Answer by: Tue 1 Dec, 09:00 UTC (the next question)');
    expect(stdout).toContain('(in #study-group > thread 5: Round 5: Behavioral & Leadership Principles)');
  }, 120_000);
});
