import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroupCommit } from './group-commit.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export interface Storage {
  readonly db: Db;
  /** Batches the writes of events handled together into one transaction (see group-commit.ts). */
  readonly writes: GroupCommit;
  /** The raw handle, for hot paths that use prepared statements and for backups. */
  readonly sqlite: Database.Database;
  /**
   * Runs `fn` atomically (a transaction, or a savepoint inside one). One wrapper built once:
   * drizzle's db.transaction() and a fresh sqlite.transaction() each cost 5-8 µs a call, a tenth
   * of an answer's whole write.
   */
  atomic<T>(fn: () => T): T;
  close(): void;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Start-up problems with the database file: one line for the operator, no stack trace. */
export class StorageError extends Error {
  readonly code = 'storage_unavailable';
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns on some paths (under
 * /proc, where a missing folder's parent "exists" but cannot hold folders); plain mkdir fails fast.
 */
function createFolder(folder: string): void {
  if (existsSync(folder)) return;
  const parent = dirname(folder);
  if (parent !== folder) createFolder(parent);
  mkdirSync(folder);
}

/**
 * Several bot processes may share one database (Discord shards do) because WAL lets them. What
 * would corrupt or wedge it is a file system without shared-memory locking (WAL cannot be
 * enabled, e.g. on some network mounts) or a process holding an exclusive lock: both stop
 * start-up with one clear line instead of failing later in the middle of a write.
 */
function assertSafeToShare(sqlite: Database.Database, path: string): void {
  const mode = String(sqlite.pragma('journal_mode', { simple: true }));
  if (mode !== 'wal') {
    sqlite.close();
    throw new StorageError(`DATABASE_PATH: ${path} cannot use WAL mode (got "${mode}"): put it on a local disk`);
  }
  try {
    sqlite.exec('BEGIN IMMEDIATE; ROLLBACK;');
  } catch (err) {
    sqlite.close();
    throw new StorageError(
      `DATABASE_PATH: ${path} is locked by another process (${(err as Error).message}); stop it or use another DATABASE_PATH`,
    );
  }
}

/**
 * Opens (creating if needed) and migrates the database.
 *
 * Durability choice: WAL with synchronous=NORMAL. A committed transaction survives a process
 * crash (SIGKILL); a power loss may lose the last few transactions but never corrupts the file.
 * Every write we make is idempotent (unique keys), so a lost tail is redone on the next tick.
 */
export function openStorage(path: string): Storage {
  const inMemory = path === ':memory:';
  if (!inMemory) {
    const folder = dirname(resolve(path));
    try {
      createFolder(folder);
      accessSync(folder, constants.W_OK);
    } catch {
      throw new StorageError(`DATABASE_PATH: cannot create or write to the folder ${folder}`);
    }
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { timeout: 5000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Statement journals (every savepoint inside a group commit) and sorts stay in memory: on
    // disk, a savepoint that touched a dozen pages spilled to a temp file and cost 2-3x as much.
    sqlite.pragma('temp_store = MEMORY');
    if (!inMemory) assertSafeToShare(sqlite, path);
  } catch (err) {
    if (err instanceof StorageError) throw err;
    const reason = (err as Error).message;
    if (/locked|busy/i.test(reason)) {
      throw new StorageError(`DATABASE_PATH: ${path} is locked by another process (${reason}); stop it or use another DATABASE_PATH`);
    }
    throw new StorageError(`DATABASE_PATH: cannot open ${path}: ${reason}`);
  }
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (err) {
    sqlite.close();
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new StorageError(`DATABASE_PATH: migrating ${path} failed: ${cause.split('\n')[0]}`);
  }
  const writes = new GroupCommit(sqlite);
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn());
  return {
    db,
    sqlite,
    writes,
    atomic: <T>(fn: () => T) => inTransaction(fn) as T,
    close: () => {
      writes.flush();
      if (sqlite.open) sqlite.close();
    },
  };
}
