import { figure, type Figure } from './figures.js';
import { elapsedMs, fileHarness, median, seedChannels } from './world.js';

const FUTURE = Date.parse('2030-01-01T00:00:00Z');

/** One scheduler tick (every feature's minute work) with N scheduled channels, none due. */
async function idleTick(channels: number): Promise<number> {
  const { h, cleanup } = fileHarness();
  try {
    seedChannels(h, channels, FUTURE);
    h.storage.sqlite.pragma('optimize');
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = process.hrtime.bigint();
      await h.app.dispatcher.tick(h.clock.now());
      times.push(elapsedMs(start));
    }
    return median(times.slice(50));
  } finally {
    cleanup();
  }
}

export async function benchIdleTicks(): Promise<Figure[]> {
  const small = await idleTick(1_000);
  const large = await idleTick(100_000);
  return [
    figure('tick_idle_1k', small, 'ms'),
    figure('tick_idle_100k', large, 'ms', { max: 2 }),
    figure('tick_growth', large / small, 'ratio', { max: 5 }),
  ];
}

/** Seconds to claim, render and hand 10,000 due posts to the adapter in one tick. */
export async function benchFanout(): Promise<Figure[]> {
  const { h, cleanup } = fileHarness('2026-11-30T09:00:00Z');
  try {
    const channels = 10_000;
    seedChannels(h, channels, h.clock.now().getTime());
    const start = process.hrtime.bigint();
    await h.app.dispatcher.tick(h.clock.now());
    const seconds = elapsedMs(start) / 1000;
    const posted = h.threadStartsAll();
    if (posted !== channels) throw new Error(`fan-out posted ${posted} of ${channels}`);
    return [figure('fanout_10k', seconds, 's', { max: 3 })];
  } finally {
    cleanup();
  }
}
