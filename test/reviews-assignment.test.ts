import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { reviewsFeature } from '../src/features/reviews/index.js';
import { ANSWERS, dms, memberId, rubricValues, scheduledGroup, threadReplies } from './reviews-support.js';

let h: Harness;
afterEach(() => h?.close());

interface Assignment {
  answerId: number;
  reviewerId: number;
  authorId: number;
  assignedAt: number;
}

function assignments(): Assignment[] {
  return h.storage.sqlite
    .prepare(
      `SELECT ra.answer_id AS answerId, ra.reviewer_id AS reviewerId, a.member_id AS authorId, ra.assigned_at AS assignedAt
         FROM review_assignment ra JOIN answer a ON a.id = ra.answer_id ORDER BY ra.answer_id`,
    )
    .all() as Assignment[];
}

function loads(list: Assignment[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const a of list) out.set(a.reviewerId, (out.get(a.reviewerId) ?? 0) + 1);
  return out;
}

/** Monday's question is at 09:00 UTC and the next at Tuesday 09:00: the clock is at Monday 09:01. */
const untilTuesday = (hhmm: string) => {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return (24 + hours - 9) * 3_600_000 + (minutes - 1) * 60_000;
};

describe('assigning reviewers before the next question', () => {
  it('assigns every unreviewed answer 4 hours before the next post, never to its author, one each', async () => {
    h = await scheduledGroup();
    // Three authors in a row: the case where a greedy pass would give the third answer to someone who has one.
    const names = ['alice', 'carol', 'dave'] as const;
    for (const name of names) await h.as(name).answer(ANSWERS[name]);

    await h.advance(untilTuesday('04:59'));
    expect(assignments()).toHaveLength(0);
    await h.advance('1m');
    const made = assignments();
    expect(made).toHaveLength(3);
    expect(made.every((a) => a.reviewerId !== a.authorId)).toBe(true);
    expect([...loads(made).values()]).toEqual([1, 1, 1]);
    expect(new Date(made[0]!.assignedAt).toISOString()).toBe('2026-12-01T05:00:00.000Z');

    // Each reviewer got a DM whose button opens the review of that very answer.
    for (const name of names) {
      const [dm, ...more] = dms(h.as(name));
      expect(more).toHaveLength(0);
      const mine = made.find((a) => a.reviewerId === memberId(h, name))!;
      const authorName = names.find((n) => memberId(h, n) === mine.authorId)!;
      expect(dm!.doc.title).toBe(`Please review ${authorName}'s answer`);
      expect(dm!.text).toContain('Tue 1 Dec, 09:00 UTC');
      await h.as(name).click(dm!, 'Review');
      expect(h.as(name).openedForm().form.state).toBe(String(mine.answerId));
    }
    // Once done, never again.
    await h.advance('30m');
    expect(assignments()).toHaveLength(3);
  });

  it('balances the load: nobody gets a second answer before everyone has one', async () => {
    h = await scheduledGroup();
    const [alice, carol, dave] = [h.as('alice'), h.as('carol'), h.as('dave')];
    await alice.answer(ANSWERS.alice);
    await carol.answer(ANSWERS.carol);
    await dave.answer(ANSWERS.dave);
    await h.advance('15m'); // beyond the 10-minute join window: second answers are separate answers
    await alice.answer(ANSWERS.erin);
    await carol.answer(ANSWERS.dave);
    // bob reviews dave's answer by himself: it needs no assigned reviewer.
    const bob = h.as('bob');
    await bob.click({ ...h.lastThreadStart(), doc: { buttons: [{ action: 'reviews.open', label: 'x', value: String(3) }] } }, 'x');
    await bob.submit(rubricValues(bob.openedForm()));

    await h.advance(untilTuesday('05:00') - 15 * 60_000);
    const made = assignments();
    expect(made.map((a) => a.answerId)).toEqual([1, 2, 4, 5]);
    expect(made.every((a) => a.reviewerId !== a.authorId)).toBe(true);
    // Four answers for three reviewers (bob did not answer, so he is not one): 2, 1, 1.
    expect([...loads(made).values()].sort()).toEqual([1, 1, 2]);
    expect(loads(made).has(memberId(h, 'bob'))).toBe(false);
  });

  it('does not assign members who are away, and follows the channel review_assign_hours', async () => {
    h = await scheduledGroup();
    h.storage.sqlite.prepare('UPDATE channel SET review_assign_hours = 6').run();
    await h.advance('1d'); // Tuesday's post is the first published with 6 hours
    for (const name of ['alice', 'carol', 'dave'] as const) await h.as(name).answer(ANSWERS[name]);
    h.storage.sqlite.prepare('UPDATE member SET away_until = ? WHERE id = ?').run(Date.parse('2026-12-10T00:00:00Z'), memberId(h, 'dave'));

    await h.advance(untilTuesday('02:59'));
    expect(assignments()).toHaveLength(0);
    await h.advance('1m'); // Wednesday 03:00 = 6 hours before Wednesday 09:00
    const made = assignments();
    expect(made).toHaveLength(3);
    expect(loads(made).has(memberId(h, 'dave'))).toBe(false);
    expect(made.every((a) => a.reviewerId !== a.authorId)).toBe(true);
  });
});

describe('offering unreviewed answers in the thread', () => {
  it('an hour before the next post, offers what is still unreviewed to anyone, once', async () => {
    h = await scheduledGroup();
    const [alice, carol, bob] = [h.as('alice'), h.as('carol'), h.as('bob')];
    await alice.answer(ANSWERS.alice);
    await carol.answer(ANSWERS.carol);
    await h.advance(untilTuesday('05:00'));
    // carol does her assigned review (alice's answer); alice does not do hers.
    await carol.click(dms(carol)[0]!, 'Review');
    await carol.submit(rubricValues(carol.openedForm()));
    const reviewsSoFar = threadReplies(h).length;

    await h.advance('2h59m'); // Tuesday 07:59
    expect(threadReplies(h)).toHaveLength(reviewsSoFar);
    await h.advance('1m');
    const monday = h.threadStarts()[0]!;
    const offers = threadReplies(h, monday).filter((m) => m.doc.title?.includes('waiting for a review'));
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(offer.doc.title).toBe('One answer is still waiting for a review');
    expect(offer.doc.buttons?.map((b) => b.label)).toEqual(['Review carol']);

    await bob.click(offer, 'Review carol');
    expect(bob.openedForm().form.title).toBe("Review carol's answer");
    await h.advance('50m');
    expect(threadReplies(h, monday).filter((m) => m.doc.title?.includes('waiting for a review'))).toHaveLength(1);
  });

  it('offers nothing when every answer has a review', async () => {
    h = await scheduledGroup();
    await h.as('alice').answer(ANSWERS.alice);
    const bob = h.as('bob');
    await bob.click(h.lastThreadStart(), 'Review an answer');
    await bob.submit(rubricValues(bob.openedForm()));
    await h.advance(untilTuesday('08:30'));
    expect(threadReplies(h, h.threadStarts()[0]!).filter((m) => m.doc.title?.includes('waiting'))).toHaveLength(0);
  });
});

describe('cost of an idle tick', () => {
  it('reads partial indexes only: well under a millisecond with 100,000 channels', async () => {
    h = await scheduledGroup();
    const { sqlite } = h.storage;
    const now = h.clock.now().getTime();
    const day = 86_400_000;
    sqlite.transaction(() => {
      const channel = sqlite.prepare("INSERT INTO channel (id, community_id, created_at, next_digest_at) VALUES (?, 'mem:w:playground', 0, ?)");
      const post = sqlite.prepare(
        `INSERT INTO daily_post (channel_id, local_date, seq, round, question_id, status, claimed_at, deadline_at, review_assign_at, reviews_assigned_at, reviews_offered_at)
         VALUES (?, ?, ?, 1, 'q', 'posted', 0, ?, ?, ?, ?)`,
      );
      for (let i = 0; i < 100_000; i++) {
        const id = `bench:c:${i}`;
        channel.run(id, now + day + i);
        // Last week's posts (done) and today's (waiting for their review times).
        post.run(id, '2026-11-27', 1, now - day, now - day - 4 * 3_600_000, now - 2 * day, now - 2 * day);
        post.run(id, '2026-11-30', 2, now + day - 60_000, now + day - 4 * 3_600_000, null, null);
      }
    })();
    sqlite.exec('ANALYZE');

    const feature = reviewsFeature(h.app.services);
    const timings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await feature.tick!(new Date(now));
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    expect(timings[100]!, `median idle tick ${timings[100]} ms`).toBeLessThan(1);

    const plan = (query: string) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(now) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan('SELECT id FROM daily_post WHERE reviews_assigned_at IS NULL AND review_assign_at IS NOT NULL AND review_assign_at <= ?')).toMatch(
      /USING (COVERING )?INDEX daily_post_review_assign_idx/,
    );
    expect(plan('SELECT id FROM daily_post WHERE reviews_offered_at IS NULL AND deadline_at IS NOT NULL AND deadline_at <= ?')).toMatch(
      /USING (COVERING )?INDEX daily_post_review_offer_idx/,
    );
    expect(plan('SELECT id FROM channel WHERE next_digest_at IS NOT NULL AND next_digest_at <= ?')).toMatch(/USING (COVERING )?INDEX channel_next_digest_idx/);
  }, 60_000);
});
