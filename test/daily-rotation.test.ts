import { describe, expect, it } from 'vitest';
import { makeCatalog } from '../src/catalog/load.js';
import { admin, harness, postsIn, principles, question, seedAnswers, smallCatalog } from './daily-fixtures.js';

// 2026-11-30 is a Monday.
const MONDAY_8 = '2026-11-30T08:00:00Z';
const SATURDAY_8 = '2026-12-05T08:00:00Z';

describe('rotation', () => {
  it('weekday: Monday..Friday are rounds 1..5, nothing at the weekend with days:mon-fri', async () => {
    const h = harness({ start: MONDAY_8 });
    await admin(h, '/prep setup days:mon-fri rotation:weekday');
    await h.advance('7d2h');
    expect(postsIn(h).map((p) => `${p.localDate} r${p.round}`)).toEqual([
      '2026-11-30 r1',
      '2026-12-01 r2',
      '2026-12-02 r3',
      '2026-12-03 r4',
      '2026-12-04 r5',
      '2026-12-07 r1',
    ]);
  });

  it('weekday with days:daily: weekend posts repeat the round the channel scores lowest in', async () => {
    const h = harness({ start: SATURDAY_8 });
    await admin(h, '/prep setup days:daily rotation:weekday');
    seedAnswers(h, [
      { round: 1, score: 80, count: 2 },
      { round: 2, score: 70 },
      { round: 3, score: 20 },
      { round: 3, score: 50 },
      { round: 4, score: 90 },
      { round: 5, score: 60 },
    ]);
    await h.advance('3d');
    expect(postsIn(h).map((p) => `${p.localDate} r${p.round}`)).toEqual(['2026-12-05 r3', '2026-12-06 r3', '2026-12-07 r1']);
  });

  it('weekday with days:daily: a round never answered counts as the weakest one', async () => {
    const h = harness({ start: SATURDAY_8 });
    await admin(h, '/prep setup days:daily');
    seedAnswers(h, [1, 2, 3, 5].map((round) => ({ round, score: 10 })));
    await h.advance('1d');
    expect(postsIn(h).map((p) => p.round)).toEqual([4]);
  });

  it('cycle: 1,2,3,4,5,1 over posting days, not calendar days', async () => {
    const h = harness({ start: MONDAY_8 });
    await admin(h, '/prep setup days:mon,wed,fri rotation:cycle');
    await h.advance('14d');
    expect(postsIn(h).map((p) => `${p.localDate} r${p.round}`)).toEqual([
      '2026-11-30 r1',
      '2026-12-02 r2',
      '2026-12-04 r3',
      '2026-12-07 r4',
      '2026-12-09 r5',
      '2026-12-11 r1',
    ]);
  });

  it('round N: every post is from that round, weekends included', async () => {
    const h = harness({ start: MONDAY_8 });
    expect(await admin(h, '/prep setup days:daily rotation:round 3')).toContain('round 3 only');
    await h.advance('7d');
    const rounds = postsIn(h).map((p) => p.round);
    expect(rounds).toEqual([3, 3, 3, 3, 3, 3, 3]);
  });
});

describe('question choice', () => {
  it('never repeats a question until the round is used up, then the least recently used comes back', async () => {
    const h = harness({ start: MONDAY_8, catalog: smallCatalog(3) });
    await admin(h, '/prep setup days:daily rotation:round 2');
    await h.advance('9d');
    const ids = postsIn(h).map((p) => p.questionId);
    expect(ids).toHaveLength(9);
    // Each block of three is the whole pool, in the same order: the oldest returns first.
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    expect(ids.slice(3, 6)).toEqual(ids.slice(0, 3));
    expect(ids.slice(6, 9)).toEqual(ids.slice(0, 3));
    expect(ids.every((id) => id.startsWith('r2-'))).toBe(true);
  });

  it('keeps a separate history per channel', async () => {
    const h = harness({ start: MONDAY_8, catalog: smallCatalog(2) });
    const other = 'mem:c:other-group';
    await admin(h, '/prep setup days:daily rotation:round 1');
    await admin(h, '/prep setup days:daily rotation:round 1', other);
    await h.advance('2d');
    expect(new Set(postsIn(h).map((p) => p.questionId))).toEqual(new Set(['r1-q1', 'r1-q2']));
    expect(new Set(postsIn(h, other).map((p) => p.questionId))).toEqual(new Set(['r1-q1', 'r1-q2']));
  });

  it('prefers questions whose principles the channel has answered least', async () => {
    const catalog = makeCatalog(
      [
        question('r1-bias', 1, ['bias-for-action']),
        question('r1-frugal', 1, ['frugality']),
        question('r1-dive', 1, ['dive-deep']),
        // Answered in round 2: they are where the channel's principle practice comes from.
        question('r2-bias', 2, ['bias-for-action']),
        question('r2-dive', 2, ['dive-deep']),
        ...[3, 4, 5].map((round) => question(`r${round}-only`, round as 3 | 4 | 5)),
      ],
      principles(),
    );
    const h = harness({ start: MONDAY_8, catalog });
    await admin(h, '/prep setup days:daily rotation:round 1');
    seedAnswers(h, [
      { round: 2, score: 50, questionId: 'r2-bias', count: 3 },
      { round: 2, score: 50, questionId: 'r2-dive', count: 1 },
    ]);
    await h.advance('3d');
    // Frugality was never practised, dive deep once, bias for action three times.
    expect(postsIn(h).map((p) => p.questionId)).toEqual(['r1-frugal', 'r1-dive', 'r1-bias']);
  });
});
