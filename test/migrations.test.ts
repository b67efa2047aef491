import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openStorage, type Storage } from '../src/db/open.js';
import * as schema from '../src/db/schema.js';

const ROOT = resolve(import.meta.dirname, '..');
const tables: SQLiteTable[] = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable));

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}
const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { dialect: string; entries: JournalEntry[] };

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(path: string): Storage {
  const storage = openStorage(path);
  cleanup.push(() => storage.close());
  return storage;
}

describe('openStorage on a fresh file', () => {
  it('creates the folder and every table, column and index of the drizzle schema', () => {
    const dir = tempDir('bar-raiser-db-');
    const path = join(dir, 'nested', 'folder', 'bar-raiser.db');
    const { sqlite } = open(path);
    expect(existsSync(path)).toBe(true);

    expect(tables.length).toBeGreaterThanOrEqual(10);
    const existing = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name),
    );
    const indexes = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name),
    );
    for (const table of tables) {
      const config = getTableConfig(table);
      expect(existing, `table ${config.name}`).toContain(config.name);
      const columns = (sqlite.prepare(`PRAGMA table_info("${config.name}")`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(columns.sort(), `columns of ${config.name}`).toEqual(config.columns.map((c) => c.name).sort());
      for (const index of config.indexes) expect(indexes, `index of ${config.name}`).toContain(index.config.name);
    }
    // The tables DESIGN.md names.
    for (const name of ['community', 'channel', 'member', 'daily_post', 'answer', 'review', 'streak', 'mock_session', 'mock_turn', 'question_usage']) {
      expect(existing).toContain(name);
    }
  });

  it('uses WAL, foreign keys and a busy timeout', () => {
    const { sqlite } = open(join(tempDir('bar-raiser-db-'), 'x.db'));
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    // Foreign keys are enforced, not just declared.
    expect(() => sqlite.prepare("INSERT INTO channel (id, community_id, created_at) VALUES ('c', 'no-such-community', 0)").run()).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('is idempotent: opening again keeps the data and applies nothing twice', () => {
    const path = join(tempDir('bar-raiser-db-'), 'x.db');
    const first = openStorage(path);
    first.sqlite.prepare("INSERT INTO community (id, name, created_at) VALUES ('mem:w:1', 'one', 1)").run();
    const applied = first.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    first.close();

    const second = open(path);
    expect(second.sqlite.prepare('SELECT name FROM community').all()).toEqual([{ name: 'one' }]);
    expect(second.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: journal.entries.length });
    // A third open while the second is still open (a second process, or a restart that overlaps).
    const third = open(path);
    expect(third.sqlite.prepare('SELECT COUNT(*) AS n FROM community').get()).toEqual({ n: 1 });
  });

  it('works in memory (the scripted playground and the tests)', () => {
    const { sqlite } = open(':memory:');
    expect(sqlite.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'daily_post'").get()).toEqual({ n: 1 });
  });
});

describe('the migrations folder', () => {
  it('has an SQL file and a snapshot for every journal entry, and no stray SQL', () => {
    expect(journal.dialect).toBe('sqlite');
    expect(journal.entries.length).toBeGreaterThanOrEqual(1);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(existsSync(join(MIGRATIONS_DIR, `${entry.tag}.sql`)), `${entry.tag}.sql`).toBe(true);
      const prefix = entry.tag.split('_')[0]!;
      expect(existsSync(join(MIGRATIONS_DIR, 'meta', `${prefix}_snapshot.json`)), `${prefix}_snapshot.json`).toBe(true);
    });
    const sqlFiles = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    expect(sqlFiles).toEqual(journal.entries.map((e) => `${e.tag}.sql`).sort());
    const whens = journal.entries.map((e) => e.when);
    expect([...whens].sort((a, b) => a - b)).toEqual(whens);
  });

  it('matches src/db/schema.ts (drizzle-kit finds nothing to generate)', () => {
    // A temporary copy, so that a pending change never writes into the repository.
    const dir = tempDir('bar-raiser-drizzle-');
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(MIGRATIONS_DIR, join(dir, 'migrations'), { recursive: true });
    cpSync(join(ROOT, 'drizzle.config.ts'), join(dir, 'drizzle.config.ts'));
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const result = spawnSync(join(ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', 'check'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 45_000,
    });
    expect(result.status, `drizzle-kit generate did not finish cleanly (it may be asking about a rename): ${result.stderr}`).toBe(0);
    const generated = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql'));
    expect(
      generated,
      'src/db/schema.ts changed without a migration: run `npm run db:generate -- --name what_changed` and commit the SQL',
    ).toEqual(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')));
    expect(result.stdout).toContain('No schema changes');
  }, 60_000);
});
