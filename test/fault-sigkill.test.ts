import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-sigkill-'));
const databasePath = join(dir, 'bot.db');
const platformLog = join(dir, 'platform.jsonl');
const CHANNELS = 200;
const KILLS = 20;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bot; kills it with SIGKILL after `killAfterMs` unless it finishes first. Resolves with the exit code or signal. */
function runBot(killAfterMs: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fault/scheduler-child.ts', databasePath, platformLog, String(CHANNELS)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== null && code !== 0) reject(new Error(`bot exited ${code}: ${stderr}`));
      else resolve({ code, signal });
    });
  });
}

describe('a scheduler killed with SIGKILL at random moments', () => {
  it('gives every channel exactly one post for the day', async () => {
    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      // Start-up takes a few hundred ms; the fan-out of 200 slow sends about a second after that.
      const { signal } = await runBot(300 + Math.floor(Math.random() * 1500));
      if (signal === 'SIGKILL') killed++;
    }
    const last = await runBot(null);
    expect(last.code).toBe(0);
    expect(killed).toBeGreaterThan(0);

    const posts = readFileSync(platformLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { channel: string; key: string });
    const perChannel = new Map<string, number>();
    for (const post of posts) perChannel.set(post.channel, (perChannel.get(post.channel) ?? 0) + 1);
    expect(perChannel.size).toBe(CHANNELS);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);

    const db = new Database(databasePath, { readonly: true });
    const rows = db.prepare("SELECT status, count(*) AS n FROM daily_post GROUP BY status").all();
    db.close();
    expect(rows).toEqual([{ status: 'posted', n: CHANNELS }]);
  }, 180_000);
});
