/**
 * A bot process for the SIGKILL test: it schedules 200 channels (first run only), then runs the
 * scheduler over a file database. Its "platform" is an append-only log file that survives the
 * process, so a post that reached the platform before a kill can be found again, as Slack
 * metadata or a Discord nonce would be. Exits 0 once every channel's post is recorded.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createApp } from '../../src/app.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { ChatPort, MessageDoc, Posted, PostOptions } from '../../src/core/ports.js';
import { openStorage } from '../../src/db/open.js';

const [databasePath, platformLog, channelCount = '200'] = process.argv.slice(2) as [string, string, string?];
const CHANNELS = Number(channelCount);
const clock = new ManualClock('2026-12-01T09:00:30Z');

interface LoggedPost {
  channel: string;
  key: string | null;
  ref: string;
}

function platformPosts(): LoggedPost[] {
  if (!existsSync(platformLog)) return [];
  return readFileSync(platformLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedPost);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sent = 0;

/** Slow enough (a few ms per send) that kills land in the middle of the fan-out. */
const port: ChatPort = {
  platform: 'fault',
  formsShowLongText: true,
  async startThread(channel: string, _doc: MessageDoc, options?: PostOptions): Promise<Posted> {
    await sleep(5 + Math.random() * 20);
    const ref = `fault:${channel}:${Date.now()}:${sent++}`;
    appendFileSync(platformLog, `${JSON.stringify({ channel, key: options?.key ?? null, ref })}\n`);
    await sleep(Math.random() * 5);
    return { message: ref, thread: ref };
  },
  async findPost(channel: string, key: string): Promise<Posted | null> {
    const found = platformPosts().find((p) => p.channel === channel && p.key === key);
    return found ? { message: found.ref, thread: found.ref } : null;
  },
  postMessage: async () => 'fault:msg',
  reply: async () => 'fault:reply',
  sendEphemeral: async () => undefined,
  sendDirect: async () => 'fault:dm',
  openForm: async () => undefined,
  addReaction: async () => undefined,
  updateMessage: async () => undefined,
  deleteMessage: async () => undefined,
};

const storage = openStorage(databasePath);
const app = createApp({
  storage,
  catalog: loadCatalog(),
  clock,
  port,
  log: silentLogger,
  settings: { defaultTimezone: 'UTC', adminUserIds: [] },
});

const { sqlite } = storage;
const seeded = (sqlite.prepare('SELECT count(*) AS n FROM channel').get() as { n: number }).n;
if (seeded === 0) {
  const now = clock.now().getTime();
  sqlite.transaction(() => {
    sqlite.prepare("INSERT INTO community (id, name, created_at) VALUES ('fault:w', 'fault', ?)").run(now);
    const insert = sqlite.prepare(
      `INSERT INTO channel (id, community_id, name, scheduled, timezone, post_time, weekdays, next_post_at, created_at)
       VALUES (?, 'fault:w', ?, 1, 'UTC', '09:00', '1,2,3,4,5,6,7', ?, ?)`,
    );
    for (let i = 0; i < CHANNELS; i++) insert.run(`fault:c${i}`, `c${i}`, Date.parse('2026-12-01T09:00:00Z'), now);
  })();
}

await app.dispatcher.start();
for (;;) {
  await app.dispatcher.tick(clock.now());
  const posted = (sqlite.prepare("SELECT count(*) AS n FROM daily_post WHERE status = 'posted'").get() as { n: number }).n;
  if (posted >= CHANNELS) break;
  clock.advance(60_000);
}
storage.close();
process.exit(0);
