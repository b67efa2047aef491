import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import type { DomainEventMap } from '../src/core/domain-events.js';
import { lastReply, lastSession, NO_RESULT, questionsOf, replyTitled, STRONG_STAR, threadReplies } from './mock-support.js';

let h: Harness;
afterEach(() => h?.close());

const [SITUATION_TASK, ACTION_RESULT] = [STRONG_STAR.split('\n\n').slice(0, 2).join('\n\n'), STRONG_STAR.split('\n\n').slice(2).join('\n\n')];
const FOLLOW_UP_ANSWER = 'I measured it with the job success rate dashboard: it went from 85% to 99.5%, and the finance team confirmed zero late reports.';

describe('a solo mock interview', () => {
  it('runs two questions (answers, next, a follow-up answered, one timed out) and ends with a scorecard', async () => {
    h = new Harness();
    const alice = h.as('alice');
    const saved: DomainEventMap['answer.saved'][] = [];
    h.app.services.events.on('answer.saved', (e) => void saved.push(e));

    await alice.command('/mock round:5 questions:2 minutes:5');
    const start = h.lastThreadStart();
    expect(start.threadName).toBe('Mock interview - Round 5 - @alice');
    expect(start.doc.title).toBe('Mock interview - Round 5 - @alice');
    const [q1, q2] = questionsOf(h);
    const first = replyTitled(h, start, 'Question 1 of 2');
    expect(first.text).toContain(q1!.prompt);
    expect(first.doc.buttons?.map((b) => b.label)).toEqual(['Next']);
    expect(alice.lastPrivate().text).toContain('Mock interview open');

    // The answer comes in two messages, then "next" brings the dive-deep follow-up, not question 2.
    await h.advance('1m');
    await alice.answer(SITUATION_TASK, start);
    await alice.answer(ACTION_RESULT, start);
    await alice.answer('next', start);
    const followUp = lastReply(h, start);
    expect(followUp.doc.title).toBe('Dive deep');
    expect(q1!.followUps).toContain(followUp.text.split('\n')[1]);
    expect(lastSession(h).phase).toBe('follow-up');

    await h.advance('1m');
    await alice.answer(FOLLOW_UP_ANSWER, start);
    await alice.click(followUp, 'Next');
    const second = replyTitled(h, start, 'Question 2 of 2');
    expect(second.text).toContain(q2!.prompt);

    // Question 2 runs out: a warning 2 minutes before, then the bot moves on by itself.
    await alice.answer(NO_RESULT, start);
    await h.advance('3m');
    expect(lastReply(h, start).text).toBe('⏳ 2 minutes left on question 2.');
    await h.advance('2m');
    const card = lastReply(h, start);
    expect(card.doc.title).toBe('Scorecard - Mock interview - Round 5 - @alice');
    expect(threadReplies(h, start).some((m) => m.text.startsWith('⏰ Time is up for question 2. That was the last question.'))).toBe(true);

    const [f1, f2] = card.doc.fields!;
    expect(f1!.label).toBe('Q1 · behavioral · 2:00 of 5:00');
    expect(f1!.value).toContain('STAR: Situation ✅ Task ✅ Action ✅ Result ✅');
    expect(f1!.value).toContain('follow-up answered');
    expect(f2!.label).toBe('Q2 · behavioral · 5:00 of 5:00 (time ran out)');
    expect(f2!.value).toContain('Result ❌');
    expect(f2!.value).toMatch(/\d+ words · no follow-up · score \d+\/100/);
    expect(card.doc.fields!.at(-1)!.label).toBe('Leadership Principles');
    expect(card.text).toContain('**Verdict: Hire**');
    expect(card.text).toContain('Red flag: Q2 (behavioral) has no Result.');
    expect(card.doc.context).toContain('Verdict rule: Strong Hire = average ≥ 75 and no red flag');

    // Stored: one answer per question (the follow-up answer joins question 1's), source mock, no post.
    const rows = h.storage.sqlite
      .prepare('SELECT source, post_id, mock_turn_id, question_id, round, on_time, text FROM answer ORDER BY id')
      .all() as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.source, r.post_id, r.question_id, r.round, r.on_time])).toEqual([
      ['mock', null, q1!.id, 5, 0],
      ['mock', null, q2!.id, 5, 0],
    ]);
    expect(rows[0]!.text).toContain(FOLLOW_UP_ANSWER);
    expect(rows.every((r) => typeof r.mock_turn_id === 'number')).toBe(true);
    const turns = h.storage.sqlite.prepare('SELECT position, timed_out, follow_up FROM mock_turn ORDER BY position').all();
    expect(turns).toEqual([
      { position: 0, timed_out: 0, follow_up: followUp.text.split('\n')[1] },
      { position: 1, timed_out: 1, follow_up: null },
    ]);
    expect(lastSession(h)).toMatchObject({ status: 'finished', phase: 'finished', question_deadline_at: null });
    // What the feature tells the others: answer.saved with postId null (no daily post, so no streak).
    expect(saved.length).toBe(4);
    expect(saved.every((e) => e.postId === null)).toBe(true);
    expect(saved.filter((e) => e.created)).toHaveLength(2);
  });

  it('does not count mock answers for the daily streak, even in a scheduled channel', async () => {
    h = new Harness({ start: '2026-11-30T10:00:00Z' });
    const admin = h.as('you', { admin: true });
    await admin.command('/prep setup rotation:round 5');
    await admin.command('/prep post-now');
    const alice = h.as('alice');
    await alice.command('/mock round:5 questions:1 minutes:5');
    const start = h.lastThreadStart();
    await alice.answer(STRONG_STAR, start);
    await alice.answer('next', start);
    await alice.answer('next', start);
    // The control: bob answers the daily question in its thread and gets a streak.
    const daily = h.threadStarts().find((m) => m.key?.startsWith('daily'))!;
    await h.as('bob').answer(STRONG_STAR, daily);
    const streakOf = (name: string) =>
      h.storage.sqlite
        .prepare('SELECT coalesce(max(s.current), 0) AS current FROM streak s JOIN member m ON m.id = s.member_id WHERE m.name = ?')
        .get(name);
    expect(streakOf('bob')).toEqual({ current: 1 });
    expect(streakOf('alice')).toEqual({ current: 0 });
    expect(h.storage.sqlite.prepare("SELECT count(*) AS n FROM answer WHERE source = 'mock'").get()).toEqual({ n: 1 });
  });

  it('skips a question on "next" with no answer, and flags it on the scorecard', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock round:5 questions:1 minutes:5');
    const start = h.lastThreadStart();
    await alice.answer('next', start);
    const replies = threadReplies(h, start);
    expect(replies.some((m) => m.text === 'Skipped question 1. That was the last question.')).toBe(true);
    const card = lastReply(h, start);
    expect(card.doc.fields![0]!.value).toContain('Not answered (skipped).');
    expect(card.text).toContain('Q1 was not answered');
    expect(card.text).toContain('**Verdict: Strong No Hire**');
  });

  it('ignores onlookers, refuses their clicks, and never moves on twice for one button', async () => {
    h = new Harness();
    const alice = h.as('alice');
    const bob = h.as('bob');
    await alice.command('/mock round:5 questions:2 minutes:5');
    const start = h.lastThreadStart();
    const question = replyTitled(h, start, 'Question 1 of 2');

    await bob.answer('I think the answer should mention the result more clearly, just my two cents.', start);
    await bob.click(question, 'Next');
    expect(bob.lastPrivate().text).toBe('Only @alice moves this interview on.');
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 0 });

    await alice.answer(STRONG_STAR, start);
    await alice.click(question, 'Next'); // asks the follow-up
    await alice.click(question, 'Next'); // the same button again: must not skip the follow-up
    expect(alice.lastPrivate().text).toContain('That step is already over');
    expect(lastSession(h)).toMatchObject({ phase: 'follow-up', current_index: 0 });
  });

  it('follows edits and deletions of mock answer messages', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock round:5 questions:1 minutes:5');
    const start = h.lastThreadStart();
    const message = await alice.answer(NO_RESULT, start);
    const score = () => (h.storage.sqlite.prepare('SELECT score FROM answer').get() as { score: number } | undefined)?.score;
    const before = score()!;
    await alice.edit(message, `${NO_RESULT}\n\nAs a result we lost zero records over the next 6 months.`);
    expect(score()!).toBeGreaterThan(before);
    await h.chat.remove(message);
    expect(score()).toBeUndefined();
  });

  it('defaults to the weakest round: never-answered rounds first, then the lowest average score', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock status'); // makes alice a member
    const db = h.storage.sqlite;
    const memberId = (db.prepare("SELECT id FROM member WHERE name = 'alice'").get() as { id: number }).id;
    const insert = db.prepare(
      `INSERT INTO answer (community_id, channel_id, member_id, question_id, round, source, text, score, created_at, updated_at, last_message_at)
       VALUES ('mem:w:playground', 'mem:c:study-group', ?, ?, ?, 'thread', 'x', ?, 0, 0, 0)`,
    );
    for (const [round, score] of [[1, 80], [2, 40], [3, 90], [5, 70]] as const) {
      insert.run(memberId, h.app.services.catalog.byRound(round)[0]!.id, round, score);
    }
    await alice.command('/mock');
    expect(lastSession(h).round).toBe(4); // round 4 was never answered
    expect(alice.lastPrivate().text).toContain('Round 4 (System Design) is your weakest round so far.');
    await alice.command('/mock stop');
    insert.run(memberId, h.app.services.catalog.byRound(4)[0]!.id, 4, 65);
    await alice.command('/mock');
    expect(lastSession(h)).toMatchObject({ round: 2, minutes_per_question: 8 });
    expect(questionsOf(h)).toHaveLength(3);
  });

  it('mixes behavioral and technical questions, behavioral first, preferring questions not answered yet', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock status');
    const catalog = h.app.services.catalog;
    const behavioral = catalog.byRound(2).filter((q) => q.kind === 'behavioral');
    const db = h.storage.sqlite;
    const memberId = (db.prepare("SELECT id FROM member WHERE name = 'alice'").get() as { id: number }).id;
    // Every behavioral question of round 2 but the last is already answered.
    for (const q of behavioral.slice(0, -1)) {
      db.prepare(
        `INSERT INTO answer (community_id, channel_id, member_id, question_id, round, source, text, score, created_at, updated_at, last_message_at)
         VALUES ('mem:w:playground', 'mem:c:study-group', ?, ?, 2, 'thread', 'x', 50, 0, 0, 0)`,
      ).run(memberId, q.id);
    }
    await alice.command('/mock round:2 questions:3');
    const picked = questionsOf(h);
    expect(picked.map((q) => q.kind)).toEqual(['behavioral', 'technical', 'technical']);
    expect(picked[0]!.id).toBe(behavioral.at(-1)!.id);
    await alice.command('/mock stop');
    await alice.command('/mock round:1 questions:5');
    expect(questionsOf(h).map((q) => q.kind)).toEqual(['behavioral', 'behavioral', 'technical', 'technical', 'technical']);
  });
});
