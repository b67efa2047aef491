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
/** ~2 KB answers, as the raw-insert floor is measured with. */
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
    const raw = rawInserts(total, texts);
    return [
      figure('ingest', ingest, 'answers/s', { min: 3000 }),
      figure('ingest_raw', raw, 'inserts/s'),
      figure('ingest_ratio', ingest / raw, 'ratio', { min: 0.5 }),
    ];
  } finally {
    cleanup();
  }
}

/** The floor of the work: one INSERT of the answer row per transaction, same pragmas. */
function rawInserts(count: number, texts: string[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE answer (id INTEGER PRIMARY KEY, community_id TEXT NOT NULL, channel_id TEXT NOT NULL, post_id INTEGER,
      member_id INTEGER NOT NULL, question_id TEXT NOT NULL, round INTEGER NOT NULL, source TEXT NOT NULL, message_ref TEXT,
      text TEXT NOT NULL, created_at INTEGER NOT NULL)`);
    const insert = db.prepare(
      'INSERT INTO answer (community_id, channel_id, post_id, member_id, question_id, round, source, message_ref, text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    const write = db.transaction((i: number) =>
      insert.run('mem:w:bench', 'mem:c:ingest', 1, i % 300, 'r5-q', 5, 'thread', `mem:m:${i}`, texts[i % texts.length], Date.now()),
    );
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) write(i);
    return count / (elapsedMs(start) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
