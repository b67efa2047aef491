import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { MemoryChat } from '../adapters/memory/memory-chat.js';
import { DeliveryError } from '../src/core/ports.js';

let h: Harness;
afterEach(() => h?.close());

describe('an adapter that fails 30% of sends', () => {
  it('delivers every post in the end, once, through rate limits and server errors', async () => {
    h = new Harness({ start: '2026-12-01T08:55:00Z' });
    const admin = h.as('admin', { admin: true });
    const channels = Array.from({ length: 200 }, (_, i) => MemoryChat.channelRef(`flaky-${i}`));
    for (const channel of channels) await admin.command('/prep setup time:09:00 days:daily', { channel });

    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let failures = 0;
    h.chat.fault = (method) => {
      if (method !== 'startThread' || random() >= 0.3) return undefined;
      failures++;
      return random() < 0.5
        ? new DeliveryError('rate limited', 'ratelimited', false, 1000 + Math.floor(random() * 5000))
        : new DeliveryError('upstream returned 503', 'server_error', false);
    };
    await h.advance('15m');

    expect(failures).toBeGreaterThan(30);
    const posts = h.threadStartsAll();
    expect(posts).toBe(200);
    for (const channel of channels) expect(h.threadStarts(channel)).toHaveLength(1);
    const statuses = h.storage.sqlite.prepare('SELECT status, count(*) AS n FROM daily_post GROUP BY status').all();
    expect(statuses).toEqual([{ status: 'posted', n: 200 }]);
  });
});
