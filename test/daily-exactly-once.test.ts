import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { DeliveryError } from '../src/core/ports.js';
import { dailyPosts } from '../src/db/schema.js';
import { makeCatalog } from '../src/catalog/load.js';
import { admin, channelRow, downUntil, harness, postRows, postsIn, postsPerDate, principles, restart, smallCatalog } from './daily-fixtures.js';

// Monday 2026-11-30, an hour before the 09:00 UTC post.
const START = '2026-11-30T08:00:00Z';

async function scheduled(days = 'mon-fri'): Promise<Harness> {
  const h = harness({ start: START });
  await admin(h, `/prep setup time:09:00 tz:UTC days:${days}`);
  return h;
}

const failStartThread = (error: () => Error) => (method: string) => (method === 'startThread' ? error() : undefined);

describe('downtime', () => {
  it('down at post time, back the same local day: posts once, when it comes back', async () => {
    const h1 = await scheduled();
    downUntil(h1, '2026-11-30T13:00:00Z');
    const h = await restart(h1);
    await h.advance('1m');
    expect(postsIn(h).map((p) => p.at)).toEqual(['2026-11-30T13:01:00.000Z']);
    await h.advance('10h');
    expect(postsIn(h)).toHaveLength(1);
    await h.advance('1d');
    expect([...postsPerDate(h)]).toEqual([
      ['2026-11-30', 1],
      ['2026-12-01', 1],
    ]);
  });

  it("back days later: only today's question, never a backlog", async () => {
    const h1 = await scheduled();
    downUntil(h1, '2026-12-03T12:00:00Z');
    const h = await restart(h1);
    await h.advance('1m');
    expect(postsIn(h).map((p) => `${p.localDate} r${p.round}`)).toEqual(['2026-12-03 r4']);
    await h.advance('1d');
    expect(postsIn(h).map((p) => p.localDate)).toEqual(['2026-12-03', '2026-12-04']);
  });

  it("back before today's slot: waits for it", async () => {
    const h1 = await scheduled();
    downUntil(h1, '2026-12-03T07:00:00Z');
    const h = await restart(h1);
    await h.advance('1m');
    expect(postsIn(h)).toHaveLength(0);
    await h.advance('3h');
    expect(postsIn(h).map((p) => p.at)).toEqual(['2026-12-03T09:00:00.000Z']);
  });
});

describe('a crash at each step, then a restart', () => {
  it('(a) after the claim, before the send: the restart sends it, once', async () => {
    for (const attempts of [0, 1]) {
      const h1 = await scheduled();
      h1.chat.fault = failStartThread(() => new Error('the process died here'));
      await h1.advance('1h');
      expect(postsIn(h1)).toHaveLength(0);
      // attempts 0: died right after the claim committed; 1: died inside the send.
      h1.storage.db.update(dailyPosts).set({ attempts }).run();
      expect(postRows(h1)).toMatchObject([{ status: 'claimed', messageRef: null }]);
      h1.chat.fault = null;
      const h = await restart(h1);
      expect(postsIn(h).map((p) => p.localDate)).toEqual(['2026-11-30']);
      expect(postRows(h)).toMatchObject([{ status: 'posted', messageRef: postsIn(h)[0]!.message.ref }]);
      await h.advance('1d');
      expect([...postsPerDate(h).values()]).toEqual([1, 1]);
    }
  });

  it('(a) a claim left over from an earlier day is dropped, not posted late', async () => {
    const h1 = await scheduled();
    h1.chat.fault = failStartThread(() => new Error('the process died here'));
    await h1.advance('1h');
    h1.chat.fault = null;
    downUntil(h1, '2026-12-01T08:00:00Z');
    const h = await restart(h1);
    expect(postsIn(h)).toHaveLength(0);
    expect(postRows(h)).toMatchObject([{ localDate: '2026-11-30', status: 'failed' }]);
    await h.advance('2h');
    expect(postsIn(h).map((p) => p.localDate)).toEqual(['2026-12-01']);
  });

  it('(b) the send fails transiently: retried each minute until it goes out, once', async () => {
    const h = await scheduled();
    let failures = 0;
    h.chat.fault = (method) => (method === 'startThread' && ++failures <= 2 ? new DeliveryError('slow down', 'rate_limited', false, 1000) : undefined);
    await h.advance('1h10m');
    expect(postsIn(h).map((p) => p.at)).toEqual(['2026-11-30T09:02:00.000Z']);
    expect(postRows(h)).toMatchObject([{ status: 'posted', attempts: 3, lastError: null }]);
    expect(channelRow(h)).toMatchObject({ paused: false, failureCount: 0 });
  });

  it('(b) the send fails transiently, then the process restarts: sent once', async () => {
    const h1 = await scheduled();
    h1.chat.fault = failStartThread(() => new DeliveryError('gateway timeout', 'timeout', false));
    await h1.advance('1h1m');
    expect(postRows(h1)).toMatchObject([{ status: 'claimed', attempts: 2 }]);
    h1.chat.fault = null;
    const h = await restart(h1);
    await h.advance('5m');
    expect(postsIn(h)).toHaveLength(1);
  });

  it('(c) the platform took the post but the ref was never stored: found again, not re-sent', async () => {
    for (const restartAt of ['2026-11-30T09:00:30Z', '2026-12-01T08:00:00Z']) {
      const h1 = await scheduled();
      await h1.advance('1h');
      const sent = postsIn(h1)[0]!.message;
      // What the database holds when the process dies between the platform's answer and the write.
      h1.storage.db.update(dailyPosts).set({ status: 'claimed', messageRef: null, threadRef: null, postedAt: null, attempts: 1 }).run();
      downUntil(h1, restartAt);
      const h = await restart(h1);
      expect(h.threadStarts()).toEqual([sent]);
      expect(postRows(h)).toMatchObject([{ status: 'posted', messageRef: sent.ref, threadRef: h.chat.threadOf(sent) }]);
      const again = await restart(h);
      await again.advance('1m');
      expect(again.threadStarts()).toEqual([sent]);
    }
  });

  it('(d) a crash at every step, every day, in several zones: one post per channel per day, never none', async () => {
    // Each channel's 09:00, in UTC: Kolkata 03:30, UTC 09:00, New York 14:00.
    const channels = [
      { ref: 'mem:c:kolkata', tz: 'Asia/Kolkata', slot: 'T03:30:00Z' },
      { ref: 'mem:c:utc', tz: 'UTC', slot: 'T09:00:00Z' },
      { ref: 'mem:c:nyc', tz: 'America/New_York', slot: 'T14:00:00Z' },
    ];
    const dates = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
    let h = harness({ start: '2026-11-29T00:00:00Z' });
    for (const c of channels) await admin(h, `/prep setup time:09:00 tz:${c.tz} days:daily`, c.ref);

    /** Each step starts a minute before the slot and returns the core that runs afterwards. */
    type Step = (h: Harness, ref: string) => Promise<Harness>;
    const crashBeforeSend: Step = async (h, ref) => {
      h.chat.fault = failStartThread(() => new Error('died'));
      await h.advance('1m');
      expect(postRows(h, ref).at(-1)).toMatchObject({ status: 'claimed', attempts: 1 });
      h.chat.fault = null;
      return restart(await restart(h));
    };
    const transientThenRestart: Step = async (h, ref) => {
      h.chat.fault = failStartThread(() => new DeliveryError('try later', 'timeout', false));
      await h.advance('3m');
      expect(postRows(h, ref).at(-1)).toMatchObject({ status: 'claimed', attempts: 3 });
      h.chat.fault = null;
      return restart(h);
    };
    const lostRef: Step = async (h, ref) => {
      await h.advance('1m');
      const last = postRows(h, ref).at(-1)!;
      expect(last.status).toBe('posted');
      h.storage.db.update(dailyPosts).set({ status: 'claimed', messageRef: null, threadRef: null, attempts: 1 }).where(eq(dailyPosts.id, last.id)).run();
      return restart(await restart(h));
    };
    const downOverSlot: Step = async (h) => {
      downUntil(h, new Date(h.clock.now().getTime() + 3 * 3_600_000).toISOString());
      return restart(await restart(h));
    };
    const steps = [crashBeforeSend, transientThenRestart, lostRef, downOverSlot];

    for (const [day, date] of dates.entries()) {
      for (const [i, c] of channels.entries()) {
        const oneMinuteBefore = Date.parse(`${date}${c.slot}`) - 60_000;
        await h.advance(oneMinuteBefore - h.clock.now().getTime());
        h = await steps[(day + i) % steps.length]!(h, c.ref);
        await h.advance('5m');
      }
    }
    await h.advance('1d');
    for (const c of channels) {
      const perDate = [...postsPerDate(h, c.ref)].filter(([date]) => dates.includes(date));
      expect(perDate, c.ref).toEqual(dates.map((date) => [date, 1]));
      expect(postRows(h, c.ref).every((p) => p.status === 'posted' && p.messageRef !== null), c.ref).toBe(true);
    }
  });
});

describe('fan-out', () => {
  it('200 channels due at once: all post in the same minute although one fails for good, which is paused after 3 failures', async () => {
    const h = harness({ start: '2026-11-30T08:55:00Z' });
    const refs = Array.from({ length: 200 }, (_, i) => `mem:c:group-${i}`);
    for (const ref of refs) await admin(h, '/prep setup time:09:00 tz:UTC days:daily', ref);
    const broken = 'mem:c:group-17';
    h.chat.fault = (method, target) =>
      method === 'startThread' && target === broken ? new DeliveryError('the bot was removed from the channel', 'channel_not_found', true) : undefined;
    const errors = vi.spyOn(h.app.services.log, 'error');
    // Bounded concurrency: count sends in flight.
    const send = h.chat.startThread.bind(h.chat);
    let inFlight = 0;
    let most = 0;
    h.chat.startThread = async (...args) => {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        return await send(...args);
      } finally {
        inFlight--;
      }
    };

    await h.advance('5m');
    const healthy = refs.filter((r) => r !== broken);
    expect(healthy.map((r) => postsIn(h, r).map((p) => p.at).join())).toEqual(healthy.map(() => '2026-11-30T09:00:00.000Z'));
    expect(postsIn(h, broken)).toHaveLength(0);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(16);
    expect(channelRow(h, broken)).toMatchObject({ paused: false, failureCount: 1 });

    await h.advance('2m');
    expect(channelRow(h, broken)).toMatchObject({ paused: true, failureCount: 3, nextPostAt: null });
    expect(channelRow(h, broken).pausedReason).toContain('posting failed 3 times in a row (channel_not_found');
    expect(postRows(h, broken)).toMatchObject([{ status: 'failed' }]);
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ channel: broken, reason: expect.stringContaining('channel_not_found') }),
      expect.stringContaining('paused'),
    );
    const schedule = await admin(h, '/prep schedule', broken);
    expect(schedule).toContain('⏸ Paused: posting failed 3 times in a row (channel_not_found: the bot was removed from the channel)');
    expect(schedule).toContain('`/prep resume` restarts it');

    // The next day everyone else posts; the paused channel stays quiet until resumed.
    downUntil(h, '2026-12-01T08:58:00Z');
    await h.advance('3m');
    expect(healthy.every((r) => postsIn(h, r).length === 2)).toBe(true);
    expect(postsIn(h, broken)).toHaveLength(0);
  }, 60_000);

  it('a channel whose question cannot be chosen holds up no other channel', async () => {
    const catalog = makeCatalog(smallCatalog(2).questions.filter((q) => q.round !== 3), principles());
    const h = harness({ start: START, catalog });
    const refs = ['mem:c:first', 'mem:c:round-3', 'mem:c:last'];
    await admin(h, '/prep setup days:daily', refs[0]);
    await admin(h, '/prep setup days:daily rotation:round 3', refs[1]);
    await admin(h, '/prep setup days:daily', refs[2]);
    await h.advance('1h');
    expect(refs.map((r) => postsIn(h, r).length)).toEqual([1, 0, 1]);
    expect(await admin(h, '/prep schedule', refs[1])).toContain('the question bank has no questions for round 3');
  });

  it('a permanent failure followed by a success starts the count again', async () => {
    const h = await scheduled('daily');
    let failures = 0;
    h.chat.fault = (method) => (method === 'startThread' && ++failures <= 2 ? new DeliveryError('missing access', 'not_in_channel', true) : undefined);
    await h.advance('1h5m');
    expect(postsIn(h)).toHaveLength(1);
    expect(channelRow(h)).toMatchObject({ paused: false, failureCount: 0, lastError: null });
  });
});
