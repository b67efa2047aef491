import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Harness } from '../../adapters/memory/harness.js';
import { MemoryChat } from '../../adapters/memory/memory-chat.js';

/** A whole core on a file-backed database in WAL mode (synchronous=NORMAL), as in production. */
export function fileHarness(start = '2026-11-30T10:00:00Z'): { h: Harness; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-bench-'));
  const h = new Harness({ start, databasePath: join(dir, 'bench.db') });
  return {
    h,
    cleanup: () => {
      h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts `count` scheduled channels (and their community) straight into the database. */
export function seedChannels(h: Harness, count: number, nextPostAt: number, prefix = 'bench'): string[] {
  const sqlite = h.storage.sqlite;
  const now = h.clock.now().getTime();
  const ids: string[] = [];
  sqlite.transaction(() => {
    sqlite.prepare('INSERT OR IGNORE INTO community (id, name, created_at) VALUES (?, ?, ?)').run(h.chat.community, 'bench', now);
    const insert = sqlite.prepare(
      `INSERT INTO channel (id, community_id, name, scheduled, timezone, post_time, weekdays, rotation, next_post_at, created_at)
       VALUES (?, ?, ?, 1, 'UTC', '09:00', '1,2,3,4,5,6,7', 'weekday', ?, ?)`,
    );
    for (let i = 0; i < count; i++) {
      const id = MemoryChat.channelRef(`${prefix}-${i}`);
      insert.run(id, h.chat.community, `#${prefix}-${i}`, nextPostAt, now);
      ids.push(id);
    }
  })();
  return ids;
}

/** Inserts `count` members with names bench-user-N. */
export function seedMembers(h: Harness, count: number): void {
  const sqlite = h.storage.sqlite;
  const now = h.clock.now().getTime();
  sqlite.transaction(() => {
    sqlite.prepare('INSERT OR IGNORE INTO community (id, name, created_at) VALUES (?, ?, ?)').run(h.chat.community, 'bench', now);
    const insert = sqlite.prepare('INSERT INTO member (community_id, user_ref, name, created_at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < count; i++) insert.run(h.chat.community, `mem:u:bench-user-${i}`, `bench-user-${i}`, now);
  })();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
