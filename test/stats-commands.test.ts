import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { EXPORT_PART_CHARS } from '../src/features/stats/export.js';
import { latestAnswerOf, seedReview } from './stats-fixtures.js';
import { advanceTo, memberId, run, STORY, streaksHarness } from './streaks-fixtures.js';

let h: Harness;
afterEach(() => h?.close());

/** A story too thin to score well: no parts, no number. */
const THIN = 'We fixed the dashboard for the customer quickly and everyone on the team was happy with it.';

/** Behavioral questions every day (round 5), from Monday 30 Nov 2026, 09:00 UTC. */
async function behavioralChannel(start = '2026-11-30T08:00:00Z'): Promise<Harness> {
  h = streaksHarness({ start });
  await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily rotation:round 5');
  return h;
}

describe('/prep stats and /prep stories', () => {
  it('average the peer reviews per rubric line, and let reviews decide the best story', async () => {
    await behavioralChannel();
    const alice = h.as('alice');
    await advanceTo(h, '2026-11-30T10:00:00Z');
    await alice.answer(THIN);
    const thin = latestAnswerOf(h, memberId(h, 'alice'));
    await advanceTo(h, '2026-12-01T10:00:00Z');
    await alice.answer(STORY);
    const strong = latestAnswerOf(h, memberId(h, 'alice'));
    expect(thin.score).toBeLessThan(strong.score);

    // Without reviews the better-analysed story is the best one.
    expect(await run(alice, '/prep stories')).toContain('**Customer Obsession** (2 stories). Best: “Situation: our fraud team');
    expect(await run(alice, '/prep stats')).toContain('**Peer reviews of your answers:** none yet.');

    // Peers love the thin one and dislike the strong one: their reviews now decide.
    await h.as('bob').command('/prep tz UTC');
    await h.as('carol').command('/prep tz UTC');
    const now = h.clock.now().getTime();
    seedReview(h, thin.id, memberId(h, 'bob'), { scores: [4, 4, 4, 4, null], at: now });
    seedReview(h, strong.id, memberId(h, 'bob'), { scores: [1, 1, 1, 1, null], at: now });
    seedReview(h, strong.id, memberId(h, 'carol'), { scores: [1, 2, 1, 2, 3], at: now });
    expect(await run(alice, '/prep stories')).toContain('**Customer Obsession** (2 stories). Best: “We fixed the dashboard');
    const stats = await run(alice, '/prep stats');
    expect(stats).toContain(
      '**Peer reviews of your answers** (3, scores 1-4): Situation & Task clear 2.0 · Action shows what I did 2.3 · Result measured 2.0 · Leadership Principle fit 2.3 · Technical depth 3.0',
    );
    expect(stats).toContain('●● Customer Obsession');
    expect(stats).toContain('○○ Frugality');
    expect(stats).toContain('- Round 5, Behavioral & Leadership Principles: 2 (average score');
    // Rounds 1-4 were never answered: round 1 is the weakest, and its first fresh question comes next.
    expect(stats).toContain('**Weakest round:** 1, Data Modeling & Warehousing (no answers yet)');
    expect(stats).toMatch(/\*\*Try next:\*\* .*\(`r1-t1`: your weakest round \(1\); practises Dive Deep\)/);
  });
});

describe('/prep leaderboard', () => {
  it('counts this week only for answers and reviewers, so a new week starts from zero', async () => {
    await behavioralChannel('2026-12-06T08:00:00Z'); // Sunday
    await advanceTo(h, '2026-12-06T10:00:00Z');
    await h.as('alice').answer(STORY);
    await h.as('carol').command('/prep tz UTC');
    await h.as('dave').command('/prep tz UTC');
    const sundayAnswer = latestAnswerOf(h, memberId(h, 'alice'));
    const carolReview = seedReview(h, sundayAnswer.id, memberId(h, 'carol'), { scores: [3, 3, 3, 3, null], at: h.clock.now().getTime() });

    await advanceTo(h, '2026-12-07T10:00:00Z'); // Monday: a new week
    await h.as('bob').answer(STORY);
    const mondayAnswer = latestAnswerOf(h, memberId(h, 'bob'));
    seedReview(h, mondayAnswer.id, memberId(h, 'dave'), { scores: [2, 2, 2, 2, null], at: h.clock.now().getTime() });
    // Alice marks carol's review of last week helpful today: that mark is this week's credit.
    h.storage.sqlite.prepare('UPDATE review SET helpful = 1, helpful_at = ? WHERE id = ?').run(h.clock.now().getTime(), carolReview);

    await h.as('erin').command('/prep leaderboard');
    const board = h.botMessages().filter((m) => m.kind === 'post').pop()!;
    expect(board.channel).toBe(h.channel);
    expect(board.text).toContain('**Current streaks**\n🥇 alice: 1 🔥\n🥈 bob: 1 🔥');
    expect(board.text).toContain('**Answers this week** (since Mon 7 Dec)\n🥇 bob: 1 answer\n\n');
    expect(board.text).toContain('**Reviewers this week** (since Mon 7 Dec)\n🥇 carol: 0 reviews, 1 marked helpful\n🥈 dave: 1 review\n');
    expect(board.text).toContain('(Weekly sections start again every Monday at 00:00 UTC.)');
  });
});

describe('/prep export', () => {
  it('sends every answer, analysis and review by DM, in parts under the size limit when long', async () => {
    await behavioralChannel();
    const alice = h.as('alice');
    const long = Array.from({ length: 12 }, () => STORY).join('\n\n');
    for (const [i, when] of ['2026-11-30T10:00:00Z', '2026-12-01T10:00:00Z', '2026-12-02T10:00:00Z'].entries()) {
      await advanceTo(h, when);
      await alice.answer(`Story number ${i + 1}. ${long}`);
    }
    await h.as('bob').answer(STORY);
    await alice.command('/prep tz UTC');
    seedReview(h, latestAnswerOf(h, memberId(h, 'alice')).id, memberId(h, 'bob'), {
      scores: [3, 4, 2, 3, null],
      at: h.clock.now().getTime(),
      keep: 'KEEP-MARKER: the numbers in your result.',
    });
    seedReview(h, latestAnswerOf(h, memberId(h, 'bob')).id, memberId(h, 'alice'), {
      scores: [2, 2, 2, 2, null],
      at: h.clock.now().getTime(),
      change: 'CHANGE-MARKER: say what you did.',
    });

    const before = alice.inbox().length;
    await alice.command('/prep export');
    const received = alice.inbox().slice(before);
    const dms = received.filter((m) => m.kind === 'dm');
    expect(dms.length).toBeGreaterThan(2);
    dms.forEach((dm, i) => {
      expect(dm.doc.title).toBe(`📦 Your Bar Raiser export (part ${i + 1} of ${dms.length})`);
      expect(dm.doc.text!.length).toBeLessThanOrEqual(EXPORT_PART_CHARS);
    });
    const whole = dms.map((dm) => dm.doc.text).join('\n');
    expect(whole).toMatch(/^# Bar Raiser export: alice\nCommunity: playground/);
    for (const n of [1, 2, 3]) expect(whole).toContain(`> Story number ${n}.`);
    expect(whole).toContain('**Analysis:** score');
    expect(whole).toContain('- bob, Wed 2 Dec 2026, 10:00: Situation & Task clear 3/4 · Action shows what I did 4/4 · Result measured 2/4 · Leadership Principle fit 3/4');
    expect(whole).toContain('KEEP-MARKER');
    expect(whole).toContain("## Reviews you wrote\n### Wed 2 Dec 2026, 10:00 · bob's answer to");
    expect(whole).toContain('CHANGE-MARKER');
    expect(received.filter((m) => m.kind === 'ephemeral').pop()?.text).toBe(
      `📦 Sent you your export by DM in ${dms.length} parts: 3 answers, 1 review received, 1 review written.`,
    );
  });
});
