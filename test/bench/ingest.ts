import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryChat } from '../../adapters/memory/memory-chat.js';
import { figure, type Figure } from './figures.js';
import { sampleAnswer } from './sample-answers.js';
import { elapsedMs, fileHarness } from './world.js';

const CHANNELS = 10;
const MEMBERS = 300;
/** ~2 KB answers, as the issue's raw-insert floor is measured with. */
const ANSWER_WORDS = 330;

/**
 * Answers per second through the whole dispatcher (memory adapter, file-backed SQLite in WAL,
 * analysis, streak update, feedback send), against raw better-sqlite3 inserts of the same rows
 * with one transaction each, in the same run and with the same durability setting.
 */
export async function benchIngest(): Promise<Figure[]> {
  const { h, cleanup } = fileHarness();
  try {
    const admin = h.as('admin', { admin: true });
    const threads: { channel: string; thread: string }[] = [];
    for (let c = 0; c < CHANNELS; c++) {
      const channel = MemoryChat.channelRef(`ingest-${c}`);
      await admin.command('/prep setup rotation:round 5', { channel });
      await admin.command('/prep post-now', { channel });
      threads.push({ channel, thread: h.chat.threadOf(h.lastThreadStart(channel)) });
    }
    const users = Array.from({ length: MEMBERS }, (_, i) => h.chat.user(`member-${i}`));
    const texts = Array.from({ length: 8 }, (_, i) => sampleAnswer(ANSWER_WORDS, i));
    const total = CHANNELS * MEMBERS;
    // Warm-up: members and statements are created once, as in a running bot.
    const start = process.hrtime.bigint();
    let n = 0;
    for (const { channel, thread } of threads) {
      for (const user of users) await h.chat.say(user, channel, texts[n++ % texts.length]!, thread);
    }
    const seconds = elapsedMs(start) / 1000;
    const answers = (h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get() as { n: number }).n;
    if (answers !== total) throw new Error(`ingest stored ${answers} answers, expected ${total}`);
    const ingest = total / seconds;
    const raw = rawInserts(h.storage.sqlite);
    return [
      figure('ingest', ingest, 'answers/s', { min: 3000 }),
      figure('ingest_raw', raw, 'inserts/s'),
      figure('ingest_ratio', ingest / raw, 'ratio', { min: 0.5 }),
    ];
  } finally {
    cleanup();
  }
}

/**
 * The floor of the work: the very rows ingest stored (text, stored analysis and all), inserted
 * again with raw better-sqlite3 into a table of the same columns and no secondary index, one
 * transaction each, same pragmas.
 */
function rawInserts(source: Database.Database): number {
  const rows = source.prepare('SELECT * FROM answer ORDER BY id').all() as Record<string, unknown>[];
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'id');
  const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY'); // as openStorage sets it (a plain insert uses no temp storage)
    db.exec(`CREATE TABLE answer (id INTEGER PRIMARY KEY, ${columns.join(', ')})`);
    const insert = db.prepare(`INSERT INTO answer (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    const write = db.transaction((row: Record<string, unknown>) => insert.run(row));
    const values = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
    const start = process.hrtime.bigint();
    for (const row of values) write(row);
    return values.length / (elapsedMs(start) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
