import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { mockFeature } from '../src/features/mock/index.js';

let h: Harness;
afterEach(() => h?.close());

const NOW = new Date('2026-11-30T08:00:00Z').getTime();

/** 100,000 sessions: 99,000 over, 1,000 running with deadlines later today. */
function fill(h: Harness): void {
  const db = h.storage.sqlite;
  db.prepare("INSERT INTO community (id, name, created_at) VALUES ('c', 'c', 0)").run();
  const member = db.prepare("INSERT INTO member (community_id, user_ref, name, created_at) VALUES ('c', 'u', 'u', 0) RETURNING id").get() as { id: number };
  const insert = db.prepare(
    `INSERT INTO mock_session (community_id, channel_id, thread_ref, candidate_id, round, question_ids, minutes_per_question, phase, status, question_deadline_at, warned, started_at)
     VALUES ('c', 'ch', ?, ?, 1, '[]', 8, ?, ?, ?, 0, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) {
      const running = i % 100 === 0;
      insert.run(`t${i}`, member.id, running ? 'answering' : 'finished', running ? 'active' : 'finished', running ? NOW + 3_600_000 + i : null);
    }
  })();
}

describe('the mock tick', () => {
  it('finds due sessions through the partial deadline index', () => {
    h = new Harness();
    const plan = h.storage.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM mock_session WHERE status = 'active' AND question_deadline_at <= ? ORDER BY question_deadline_at LIMIT 200")
      .all(NOW) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX mock_session_deadline_idx/);
    const byThread = h.storage.sqlite.prepare('EXPLAIN QUERY PLAN SELECT id FROM mock_session WHERE thread_ref = ? LIMIT 1').all('x') as Array<{
      detail: string;
    }>;
    expect(byThread.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX mock_session_thread_idx/);
  });

  it('costs well under a millisecond when idle, at 100,000 sessions', async () => {
    h = new Harness();
    fill(h);
    const feature = mockFeature(h.app.services);
    const now = new Date(NOW);
    for (let i = 0; i < 50; i++) await feature.tick!(now); // warm up
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      await feature.tick!(now);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`idle mock tick at 100,000 sessions: median ${median.toFixed(4)} ms, p99 ${times[Math.floor(times.length * 0.99)]!.toFixed(4)} ms`);
    expect(median).toBeLessThan(0.2);
    // Nothing was due, so nothing changed.
    expect(h.storage.sqlite.prepare("SELECT count(*) AS n FROM mock_session WHERE status = 'active' AND warned = 1").get()).toEqual({ n: 0 });
  });
});
