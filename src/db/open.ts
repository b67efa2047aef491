import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export interface Storage {
  readonly db: Db;
  /** The raw handle, for hot paths that use prepared statements and for backups. */
  readonly sqlite: Database.Database;
  close(): void;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Start-up problems with the database file: one line for the operator, no stack trace. */
export class StorageError extends Error {
  readonly code = 'storage_unavailable';
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
      mkdirSync(folder, { recursive: true });
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
  } catch (err) {
    throw new StorageError(`DATABASE_PATH: cannot open ${path}: ${(err as Error).message}`);
  }
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (err) {
    sqlite.close();
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new StorageError(`DATABASE_PATH: migrating ${path} failed: ${cause.split('\n')[0]}`);
  }
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
