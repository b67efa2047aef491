/**
 * `npm run db:backup -- FILE`: an online backup of the database (SQLite's backup API), safe while
 * the bot runs: it copies a consistent snapshot page by page without stopping writers.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfigOrExit } from '../config.js';

async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target || target.startsWith('-')) {
    process.stderr.write('usage: npm run db:backup -- FILE   (e.g. npm run db:backup -- backups/bar-raiser-2026-11-28.db)\n');
    return 2;
  }
  const source = loadConfigOrExit().DATABASE_PATH;
  if (!existsSync(source)) {
    process.stderr.write(`DATABASE_PATH: ${source} does not exist: nothing to back up\n`);
    return 1;
  }
  if (resolve(target) === resolve(source)) {
    process.stderr.write('the backup file must not be the database itself\n');
    return 2;
  }
  if (!existsSync(dirname(resolve(target)))) {
    process.stderr.write(`${dirname(resolve(target))}: folder does not exist\n`);
    return 1;
  }
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const result = await db.backup(target);
    process.stdout.write(`backed up ${source} to ${target} (${result.totalPages} pages)\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`backup failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = await main();
