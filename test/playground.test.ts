import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/main.ts');

/** The environment without anything Bar Raiser reads: no platform token, so the playground starts. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|DISCORD_|BAR_RAISER_|DATABASE_PATH$|DEFAULT_TIMEZONE$|LOG_LEVEL$|ADMIN_USER_IDS$|HEALTH_PORT$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();
const folders: string[] = [];

afterEach(() => {
  // A test that failed half-way must not leave a playground behind.
  for (const child of running) child.kill('SIGTERM');
  running.clear();
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-playground-'));
  folders.push(dir);
  return dir;
}

/** Runs `npm start`'s command with `script` on stdin (then end of input), in an empty folder. */
function playground(script: string, extra: Record<string, string> = {}, cwd = folder()): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(TSX, [MAIN], {
      cwd,
      env: cleanEnv({ DATABASE_PATH: join(cwd, 'db', 'bar-raiser.db'), ...extra }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the playground did not exit within 50 s\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 50_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolveRun({ code, signal, stdout, stderr });
    });
    child.stdin.end(script);
  });
}

const CLOCK = { BAR_RAISER_CLOCK: '2026-12-01T08:00:00Z' };
/** Each test starts a real process (tsx compiles on the fly): allow for a busy machine. */
const SLOW = 60_000;

describe('the terminal playground (npm start without tokens)', () => {
  it('answers /prep help privately and exits 0 on :quit', async () => {
    const cwd = folder();
    const run = await playground('/prep help\n:quit\n', CLOCK, cwd);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Bar Raiser playground: you are "you" in #study-group. Type :help for help.');
    expect(run.stdout).toContain('you> /prep help\n[#study-group] (only you) Bar Raiser: Bar Raiser commands\n');
    expect(run.stdout).toContain('• `/prep help`: List every command');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('you> :quit');
    expect(run.stderr).not.toMatch(/"level":(50|60)|Error|\n\s+at /);
    // A scripted session (fixed clock) runs on an in-memory database: nothing is written.
    expect(readdirSync(cwd)).toEqual([]);
  }, SLOW);

  it('runs the playground commands', async () => {
    const script = [':help', ':now', ':as alice', '/prep help', ':foo', ':advance 90m', ':as you', ':leave', ':quit', 'never read'].join('\n');
    const run = await playground(`${script}\n`, CLOCK);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    // :help lists every playground command.
    for (const command of [':thread', ':leave', ':as NAME', ':click LABEL', ':react EMOJI', ':advance DURATION', ':now', ':help', ':quit']) {
      expect(out).toContain(command);
    }
    expect(out).toContain('you> :now\nIt is 2026-12-01T08:00:00.000Z (Tue, 01 Dec 2026 08:00:00 GMT).\n');
    expect(out).toContain('you> :as alice\n(you are now alice)\nalice> /prep help\n[#study-group] (only you) Bar Raiser: Bar Raiser commands\n');
    expect(out).toContain('alice> :foo\n! unknown playground command :foo (try :help)\n');
    expect(out).toContain('(it is now 2026-12-01T09:30:00.000Z)\n');
    expect(out).toContain('(you are now you)\nyou> :leave\n(back in #study-group)\n');
    expect(out).not.toContain('never read');
  }, SLOW);

  it('is reproducible with BAR_RAISER_CLOCK', async () => {
    const script = '/prep help\n:advance 2h\n:now\n:quit\n';
    const [first, second] = await Promise.all([playground(script, CLOCK), playground(script, CLOCK)]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('It is 2026-12-01T10:00:00.000Z');
    expect(second.stdout).toBe(first.stdout);
  }, SLOW);

  it('exits 0 at the end of input without :quit, using DATABASE_PATH when the clock is real', async () => {
    const cwd = folder();
    const run = await playground('/prep help\n', {}, cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(only you) Bar Raiser: Bar Raiser commands');
    expect(readdirSync(join(cwd, 'db'))).toContain('bar-raiser.db');
  }, SLOW);

  it('refuses a BAR_RAISER_CLOCK that is not an instant', async () => {
    const run = await playground(':quit\n', { BAR_RAISER_CLOCK: 'tomorrow' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('BAR_RAISER_CLOCK: "tomorrow" is not an ISO instant (e.g. 2026-12-01T08:00:00Z)\n');
  }, SLOW);
});
