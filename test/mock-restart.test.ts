import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { introduce, lastReply, lastSession, questionsOf, replyTitled, STRONG_STAR, threadReplies } from './mock-support.js';

const harnesses: Harness[] = [];
afterEach(() => {
  // Both cores share one database: close it once.
  harnesses[0]?.close();
  harnesses.length = 0;
});

function boot(previous?: Harness): Harness {
  const h = previous ? new Harness({ storage: previous.storage, chat: previous.chat, clock: previous.clock }) : new Harness();
  harnesses.push(h);
  return h;
}

const at = (iso: string) => new Date(iso).getTime();

describe('a mock interview across a restart', () => {
  it('resumes in a new core on the same database, with its deadline', async () => {
    const h = boot();
    const alice = h.as('alice');
    await alice.command('/mock round:5 questions:2 minutes:8'); // 08:00, question 1 due 08:08
    const start = h.lastThreadStart();
    await h.advance('3m');
    await alice.answer(STRONG_STAR, start);
    expect(lastSession(h).question_deadline_at).toBe(at('2026-11-30T08:08:00Z'));

    // The process dies; a new core starts on the same database and chat.
    const h2 = boot(h);
    await h2.start();
    const note = lastReply(h2, start);
    expect(note.doc.title).toBe('The interview goes on');
    expect(note.text).toContain('Question 1 of 2 continues, 5 min left');
    expect(lastSession(h2).question_deadline_at).toBe(at('2026-11-30T08:08:00Z'));

    // The session goes on in the new core: "next" asks the follow-up, the answer joins question 1.
    const alice2 = h2.as('alice');
    await alice2.answer('next', start);
    expect(lastReply(h2, start).doc.title).toBe('Dive deep');
    await alice2.answer('I measured it on the dashboard: from 85% to 99.5% success in a month.', start);
    // The original deadline holds: the warning at 08:06, time up at 08:08.
    await h2.advance('3m');
    expect(lastReply(h2, start).text).toBe('⏳ 2 minutes left on question 1.');
    await h2.advance('2m');
    expect(threadReplies(h2, start).some((m) => m.text.includes('⏰ Time is up for question 1.'))).toBe(true);
    expect(replyTitled(h2, start, 'Question 2 of 2').text).toContain(questionsOf(h2)[1]!.prompt);
    expect(lastSession(h2)).toMatchObject({ current_index: 1, question_deadline_at: at('2026-11-30T08:16:00Z') });
    const turn = h2.storage.sqlite.prepare('SELECT timed_out FROM mock_turn WHERE position = 0').get();
    expect(turn).toEqual({ timed_out: 1 });
  });

  it('catches up with a deadline that passed while the bot was down', async () => {
    const h = boot();
    const alice = h.as('alice');
    await alice.command('/mock round:5 questions:2 minutes:5');
    const start = h.lastThreadStart();
    await alice.answer(STRONG_STAR, start);
    // Down from 08:00 to 08:20: no tick ran.
    h.clock.advance(20 * 60_000);
    const h2 = boot(h);
    await h2.start();
    expect(threadReplies(h2, start).some((m) => m.text.includes('⏰ Time is up for question 1.'))).toBe(true);
    // Question 2 gets its full time from now, not from the old deadline.
    expect(lastSession(h2)).toMatchObject({ current_index: 1, question_deadline_at: at('2026-11-30T08:25:00Z') });
    expect(threadReplies(h2, start).filter((m) => m.doc.title === 'The interview goes on')).toHaveLength(0);
  });

  it('keeps a partner interview\'s controls working after a restart', async () => {
    const h = boot();
    await introduce(h, 'bob');
    await h.as('alice').command('/mock partner:@bob round:1 questions:2 minutes:8');
    const start = h.lastThreadStart();
    const controls = [...h.as('bob').inbox()].reverse().find((m) => m.doc.buttons?.some((b) => b.label === 'Follow-up'))!;
    const h2 = boot(h);
    await h2.start();
    await h2.as('bob').click(controls, 'Follow-up');
    expect(lastReply(h2, start).doc.title).toBe('Follow-up from @bob');
    await h2.as('bob').click(controls, 'Next');
    expect(replyTitled(h2, start, 'Question 2 of 2')).toBeDefined();
  });

  it('drops a session whose thread was never opened (crash while starting)', async () => {
    const h = boot();
    h.chat.fault = (method) => (method === 'startThread' ? new Error('network down') : undefined);
    await h.as('alice').command('/mock round:2');
    expect(h.as('alice').lastPrivate().text).toContain('Something went wrong');
    expect(lastSession(h)).toMatchObject({ status: 'stopped' });
    h.chat.fault = null;
    await h.as('alice').command('/mock round:2');
    expect(lastSession(h)).toMatchObject({ status: 'active', phase: 'answering' });
  });
});
