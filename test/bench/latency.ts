import { MemoryChat } from '../../adapters/memory/memory-chat.js';
import { figure, type Figure } from './figures.js';
import { sampleAnswer } from './sample-answers.js';
import { elapsedMs, fileHarness, percentile } from './world.js';

const RATE = 500;
const SECONDS = 10;

/**
 * Dispatcher latency under a steady 500 events/s for 10 s: answers in threads and commands, each
 * timed from the moment it was due to arrive to the moment the core finished with it (so queueing
 * behind a slow event counts).
 */
export async function benchLatency(): Promise<Figure[]> {
  const { h, cleanup } = fileHarness();
  try {
    const admin = h.as('admin', { admin: true });
    const channel = MemoryChat.channelRef('latency');
    await admin.command('/prep setup rotation:round 5', { channel });
    await admin.command('/prep post-now', { channel });
    const thread = h.chat.threadOf(h.lastThreadStart(channel));
    const users = Array.from({ length: 2000 }, (_, i) => h.chat.user(`latency-${i}`));
    const texts = Array.from({ length: 8 }, (_, i) => sampleAnswer(250, i));
    const total = RATE * SECONDS;
    const latencies: number[] = [];
    const began = process.hrtime.bigint();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const dueMs = (i * 1000) / RATE;
      const wait = dueMs - elapsedMs(began);
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const user = users[i % users.length]!;
      const work =
        i % 10 === 9
          ? h.chat.command(user, channel, '/prep help')
          : h.chat.say(user, channel, texts[i % texts.length]!, thread);
      pending.push(work.then(() => void latencies.push(elapsedMs(began) - dueMs)));
    }
    await Promise.all(pending);
    return [
      figure('latency_p50', percentile(latencies, 50), 'ms'),
      figure('latency_p99', percentile(latencies, 99), 'ms', { max: 20 }),
    ];
  } finally {
    cleanup();
  }
}
