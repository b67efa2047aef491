import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { ANSWERS, dms, scheduledGroup } from './reviews-support.js';
import { runShell } from './support/shell.js';

let h: Harness;
afterEach(() => h?.close());

/** The latest question's row: when it is due, and when its reviewers are (or were) assigned. */
function openPost(): { deadline: string | null; assignAt: string | null } {
  const row = h.storage.sqlite
    .prepare('SELECT deadline_at AS deadlineAt, review_assign_at AS assignAt FROM daily_post ORDER BY seq DESC LIMIT 1')
    .get() as { deadlineAt: number | null; assignAt: number | null };
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { deadline: iso(row.deadlineAt), assignAt: iso(row.assignAt) };
}

const assignmentCount = () => (h.storage.sqlite.prepare('SELECT count(*) AS n FROM review_assignment').get() as { n: number }).n;

describe('the open question follows schedule changes', () => {
  it('after /prep skip it is due by the new next question: shown on the question, and reviewers are assigned before that one', async () => {
    h = await scheduledGroup(); // Monday 09:01: Monday's question is out, the next would be Tuesday's
    for (const name of ['alice', 'carol', 'dave'] as const) await h.as(name).answer(ANSWERS[name]);
    expect(openPost()).toEqual({ deadline: '2026-12-01T09:00:00.000Z', assignAt: '2026-12-01T05:00:00.000Z' });
    expect(h.lastThreadStart().text).toContain('Tue 1 Dec, 09:00 UTC');

    await h.as('admin').command('/prep skip'); // Tuesday's question is skipped
    expect(openPost()).toEqual({ deadline: '2026-12-02T09:00:00.000Z', assignAt: '2026-12-02T05:00:00.000Z' });
    const question = h.lastThreadStart();
    expect(question.edited).toBe(true);
    expect(question.text).toContain('Wed 2 Dec, 09:00 UTC (the next question)');
    expect(question.text).not.toContain('Tue 1 Dec');

    await h.advance('21h'); // Tuesday 06:01: past the old assignment time
    expect(assignmentCount()).toBe(0);
    await h.advance('23h'); // Wednesday 05:01
    expect(assignmentCount()).toBe(3);
    expect(dms(h.as('alice'))[0]!.text).toContain('Wed 2 Dec, 09:00 UTC');
  });

  it('shows the playground user the question again, edited, with its new deadline', async () => {
    h = await scheduledGroup();
    const out = await runShell(h, ['/prep skip']);
    expect(out).toMatch(/\(edited, thread 1\) Bar Raiser: Round 1[^]*Answer by: Wed 2 Dec, 09:00 UTC \(the next question\)/);
  });

  it('while paused nothing is due and no reviewer is assigned; resuming sets both again', async () => {
    h = await scheduledGroup();
    for (const name of ['alice', 'carol'] as const) await h.as(name).answer(ANSWERS[name]);

    await h.as('admin').command('/prep pause');
    expect(openPost()).toEqual({ deadline: null, assignAt: null });
    expect(h.lastThreadStart().text).toContain('no next question is scheduled');
    await h.advance('2d');
    expect(assignmentCount()).toBe(0);

    await h.as('admin').command('/prep resume'); // Wednesday 09:01: the next question is Thursday's
    expect(openPost()).toEqual({ deadline: '2026-12-03T09:00:00.000Z', assignAt: '2026-12-03T05:00:00.000Z' });
    expect(h.lastThreadStart().text).toContain('Thu 3 Dec, 09:00 UTC');
    await h.advance('20h'); // Thursday 05:01
    expect(assignmentCount()).toBe(2);
  });

  it('leaves reviewers who were already assigned alone', async () => {
    h = await scheduledGroup();
    for (const name of ['alice', 'carol'] as const) await h.as(name).answer(ANSWERS[name]);
    await h.advance('20h'); // Tuesday 05:01: assigned
    expect(assignmentCount()).toBe(2);
    const assigned = openPost().assignAt;
    await h.as('admin').command('/prep skip');
    expect(openPost()).toEqual({ deadline: '2026-12-02T09:00:00.000Z', assignAt: assigned });
    await h.advance('1d');
    expect(assignmentCount()).toBe(2);
  });
});
