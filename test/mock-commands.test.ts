import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { introduce, lastReply, lastSession, sessions, STRONG_STAR } from './mock-support.js';

let h: Harness;
afterEach(() => h?.close());

describe('/mock options', () => {
  it.each([
    ['/mock round:9', 'round: "9" is not a round. Rounds are 1 to 5', '`/mock round:2`'],
    ['/mock questions:0', 'questions: "0" must be a number of questions from 1 to 5', '`/mock questions:3`'],
    ['/mock minutes:abc', 'minutes: "abc" must be whole minutes per question, from 1 to 30', '`/mock minutes:8`'],
    ['/mock rounds:2', '`rounds:` is not a /mock option', 'Did you mean `round:`?'],
    ['/mock 2', '"2" is not an option: options look like key:value', '`round:2`'],
    // Typed without @ it is no mention (an @name is a mention, and makes its person a member).
    ['/mock partner:nobody', 'partner: I don\'t know a member "nobody" here', '`/mock partner:@bob`'],
    ['/mock partner:@alice', 'partner: that is you', '`/mock partner:@bob`'],
  ])('%s is refused with what is wrong and an example', async (line, problem, example) => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command(line);
    const reply = alice.lastPrivate();
    expect(reply.kind).toBe('ephemeral');
    expect(reply.text).toContain(problem);
    expect(reply.text).toContain(example);
    expect(sessions(h)).toHaveLength(0);
    expect(h.threadStarts()).toHaveLength(0);
  });

  it('lists every problem at once', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock round:0 questions:9 minutes:8m');
    const text = alice.lastPrivate().text;
    expect(text).toContain('round: "0"');
    expect(text).toContain('questions: "9"');
    expect(text).not.toContain('minutes:'.concat(' "8m"')); // "8m" is fine
  });

  it('/mock help lists the subcommands', async () => {
    h = new Harness();
    await h.as('alice').command('/mock help');
    const text = h.as('alice').lastPrivate().text;
    for (const sub of ['/mock status', '/mock stop', '/mock swap', 'round:1-5']) expect(text).toContain(sub);
    expect(sessions(h)).toHaveLength(0);
  });

  it('accepts "8m" as minutes and "start" before the options', async () => {
    h = new Harness();
    await h.as('alice').command('/mock start round:3 questions:2 minutes:8m');
    expect(lastSession(h)).toMatchObject({ round: 3, minutes_per_question: 8, status: 'active' });
  });
});

describe('/mock status, stop and one session per member', () => {
  it('keeps one running session per member and says where it is', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock round:2');
    await alice.command('/mock round:3');
    const reply = alice.lastPrivate().text;
    expect(reply).toContain('You already have a mock interview running: Round 2, question 1 of 3, in #study-group');
    expect(reply).toContain('“Mock interview - Round 2 - @alice”');
    expect(reply).toContain('`/mock stop`');
    expect(sessions(h)).toHaveLength(1);
    expect(h.threadStarts()).toHaveLength(1);
  });

  it('does not let a busy member be someone else\'s partner', async () => {
    h = new Harness();
    await h.as('bob').command('/mock round:1');
    await h.as('alice').command('/mock partner:@bob');
    expect(h.as('alice').lastPrivate().text).toContain('@bob is in a mock interview right now (Round 1, question 1 of 3');
    expect(sessions(h)).toHaveLength(1);
  });

  it('reports status during and after, and stops with a partial scorecard', async () => {
    h = new Harness();
    const alice = h.as('alice');
    await alice.command('/mock status');
    expect(alice.lastPrivate().text).toContain('No mock interview running.');

    await alice.command('/mock round:5 questions:3 minutes:8');
    await h.advance('3m');
    await alice.command('/mock status');
    const status = alice.lastPrivate().text;
    expect(status).toContain('You are the candidate: Round 5, question 1 of 3, in #study-group');
    expect(status).toContain('5 min left on this question.');

    const start = h.lastThreadStart();
    await alice.answer(STRONG_STAR, start);
    await alice.command('/mock stop');
    expect(alice.lastPrivate().text).toContain('Stopped the mock interview (Round 5)');
    const replies = h.chat.messages.filter((m) => m.thread === h.chat.threadOf(start));
    expect(replies.some((m) => m.text === '⏹ Stopped by @alice after 1 answered question of 3.')).toBe(true);
    expect(lastReply(h, start).doc.title).toBe('Partial scorecard - Mock interview - Round 5 - @alice');
    expect(lastReply(h, start).text).toContain('Stopped after 1 of 3 questions');
    expect(lastSession(h)).toMatchObject({ status: 'stopped', question_deadline_at: null });

    await alice.command('/mock status');
    expect(alice.lastPrivate().text).toMatch(/Your last one: Round 5, verdict (Strong Hire|Hire)\./);
    await alice.command('/mock stop');
    expect(alice.lastPrivate().text).toBe('No mock interview running: nothing to stop.');
    // Stopped, so a new one may start; nothing is due any more for the old one.
    await h.advance('30m');
    expect(h.chat.messages.filter((m) => m.thread === h.chat.threadOf(start)).length).toBe(replies.length);
    await alice.command('/mock round:1');
    expect(sessions(h).map((s) => s.status)).toEqual(['stopped', 'active']);
  });

  it('lets the interviewer see the status too', async () => {
    h = new Harness();
    await introduce(h, 'bob');
    await h.as('alice').command('/mock partner:@bob round:4');
    await h.as('bob').command('/mock status');
    expect(h.as('bob').lastPrivate().text).toContain('You are interviewing @alice: Round 4, question 1 of 3');
    await h.as('bob').command('/mock round:1');
    expect(h.as('bob').lastPrivate().text).toContain('You are interviewing @alice right now');
  });
});
