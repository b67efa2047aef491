import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './fakes/slack/fake-slack.js';

const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-ops-'));
let fake: FakeSlack;

beforeAll(async () => {
  fake = new FakeSlack({ port: 0 });
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('operations', () => {
  it('serves /healthz, and stops cleanly on SIGTERM within 10 s', async () => {
    const healthPort = await freePort();
    const slackPort = await freePort();
    const databasePath = join(dir, 'bot.db');
    const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: fake.apiUrl,
        SLACK_PORT: String(slackPort),
        HEALTH_PORT: String(healthPort),
        DATABASE_PATH: databasePath,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    bot.stderr.on('data', (chunk) => (logs += chunk));
    const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
    try {
      const health = await waitFor(async () => {
        const response = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }, 45_000);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: 'ok', adapters: { slack: 'connected' } });
      const missing = await fetch(`http://127.0.0.1:${healthPort}/nope`);
      expect(missing.status).toBe(404);

      const stopAsked = Date.now();
      bot.kill('SIGTERM');
      const code = await exited;
      expect(Date.now() - stopAsked).toBeLessThan(10_000);
      expect(code).toBe(0);
      expect(logs).toContain('stopped');
      // Closed cleanly: the WAL was checkpointed away and the file opens without recovery.
      expect(existsSync(`${databasePath}-wal`)).toBe(false);
    } finally {
      if (bot.exitCode === null) bot.kill('SIGKILL');
    }
  }, 90_000);

  it('backs up the database while it is open, and refuses bad arguments', () => {
    const source = join(dir, 'live.db');
    const live = new Database(source);
    live.pragma('journal_mode = WAL');
    live.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3);');
    const target = join(dir, 'backup.db');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/db/backup-cli.ts', ...args], {
        env: { ...process.env, DATABASE_PATH: source },
        encoding: 'utf8',
      });
    const ok = run([target]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('backed up');
    live.close();
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    copy.close();
    const usage = run([]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: npm run db:backup -- FILE');
  }, 60_000);
});

describe('/healthz report', () => {
  it('is 503-worthy when an adapter is down, ok when all are connected', async () => {
    const { healthReport } = await import('../src/health.js');
    const { openStorage } = await import('../src/db/open.js');
    const storage = openStorage(':memory:');
    const adapter = (name: string, up: boolean) => ({ name, healthy: () => up }) as never;
    expect(healthReport([adapter('slack', true), adapter('discord', true)], storage).ok).toBe(true);
    const down = healthReport([adapter('slack', true), adapter('discord', false)], storage);
    expect(down.ok).toBe(false);
    expect(down.body).toEqual({ status: 'degraded', database: 'ok', adapters: { slack: 'connected', discord: 'down' } });
    storage.close();
    expect(healthReport([adapter('slack', true)], storage).body).toMatchObject({ database: expect.stringContaining('error') });
  });
});

describe('a database another process holds', () => {
  it('stops start-up with one clear line instead of failing mid-write', async () => {
    const { openStorage, StorageError } = await import('../src/db/open.js');
    const path = join(dir, 'held.db');
    openStorage(path).close();
    const holder = new Database(path);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => openStorage(path)).toThrow(StorageError);
      expect(() => openStorage(path)).toThrow(/^DATABASE_PATH: .* is locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 30_000);
});
