import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import type { MemoryMessage } from '../adapters/memory/memory-chat.js';
import type { DomainEventMap } from '../src/core/domain-events.js';
import { ANSWERS, CHANGE, KEEP, dms, memberId, reviewLatest, rubricValues, scheduledGroup, threadReplies } from './reviews-support.js';

let h: Harness;
afterEach(() => h?.close());

function reviewRows() {
  return h.storage.sqlite
    .prepare(
      `SELECT r.*, a.member_id AS author_id FROM review r JOIN answer a ON a.id = r.answer_id ORDER BY r.id`,
    )
    .all() as Array<Record<string, unknown> & { answer_id: number; reviewer_id: number; author_id: number; message_ref: string | null }>;
}

function answerIdOf(name: string): number {
  const row = h.storage.sqlite.prepare('SELECT id FROM answer WHERE member_id = ?').get(memberId(h, name)) as { id: number };
  return row.id;
}

/** A message with one button, as if the bot had sent it: to try handlers with values no real message offers. */
function fakeButton(action: string, value: string): MemoryMessage {
  return { ...h.lastThreadStart(), doc: { buttons: [{ action, label: 'fake', value }] } };
}

describe('reviewing an answer from the daily post', () => {
  it('posts the review in the thread, quoting the scores, and tells the author by DM', async () => {
    h = await scheduledGroup();
    const saved: DomainEventMap['review.saved'][] = [];
    h.app.services.events.on('review.saved', (e) => void saved.push(e));
    const [alice, carol, bob] = [h.as('alice'), h.as('carol'), h.as('bob')];
    await alice.answer(ANSWERS.alice);
    await carol.answer(ANSWERS.carol);

    await bob.click(h.lastThreadStart(), 'Review an answer');
    const form = bob.openedForm();
    // Both answers have no review: the older one (alice's) comes first, shown inside the form.
    expect(form.form.title).toBe("Review alice's answer");
    expect(form.form.intro).toContain(ANSWERS.alice.slice(0, 60));
    const technical = h.app.services.catalog.question(
      (h.storage.sqlite.prepare('SELECT question_id AS q FROM daily_post').get() as { q: string }).q,
    )!.kind === 'technical';
    expect(form.form.inputs.some((i) => i.id === 'technical_depth')).toBe(technical);

    const result = await bob.submit(rubricValues(form, { action: '2', result: '4' }));
    expect(result.fieldErrors).toBeUndefined();

    const [posted, ...others] = threadReplies(h);
    expect(others).toHaveLength(0);
    expect(posted!.text).toContain('@alice');
    expect(posted!.text).toContain(ANSWERS.alice.slice(0, 40));
    expect(posted!.text).toMatch(/S&T \*\*3\*\*\/4 · Action \*\*2\*\*\/4 · Result \*\*4\*\*\/4/);
    expect(posted!.text).toContain(KEEP);
    expect(posted!.text).toContain(CHANGE);

    const [dm] = dms(alice);
    expect(dm!.doc.title).toBe('bob reviewed your answer');
    expect(dm!.doc.buttons?.map((b) => b.action)).toEqual(['reviews.helpful']);
    expect(bob.lastPrivate().doc.title).toContain('Thanks! Your review of alice');

    const [row] = reviewRows();
    expect(row).toMatchObject({ reviewer_id: memberId(h, 'bob'), author_id: memberId(h, 'alice'), action: 2, result: 4, keep: KEEP, message_ref: posted!.ref });
    expect(row!.technical_depth).toBe(technical ? 3 : null);
    expect(saved).toEqual([{ reviewId: row!.id, answerId: row!.answer_id, reviewerId: memberId(h, 'bob'), authorId: memberId(h, 'alice'), created: true }]);
  });

  it('a second review of the same answer edits the first, in the database and in the thread', async () => {
    h = await scheduledGroup();
    const [alice, bob] = [h.as('alice'), h.as('bob')];
    await alice.answer(ANSWERS.alice);
    await reviewLatest(h, bob);
    const first = threadReplies(h)[0]!;

    await bob.click(bob.lastPrivate(), 'Edit review of alice');
    const again = bob.openedForm();
    // The form opens with what bob entered before.
    expect(again.form.inputs.find((i) => i.id === 'keep')!.initial).toBe(KEEP);
    expect(again.form.inputs.find((i) => i.id === 'situation_task')!.initial).toBe('3');
    await bob.submit(rubricValues(again, { situation_task: '1', change: 'Open with the scale: how many rows, how many users.' }));

    expect(reviewRows()).toHaveLength(1);
    expect(reviewRows()[0]).toMatchObject({ situation_task: 1, change: 'Open with the scale: how many rows, how many users.' });
    expect(threadReplies(h)).toEqual([first]);
    expect(first.edited).toBe(true);
    expect(first.text).toContain('S&T **1**/4');
    expect(first.text).toContain('(edited)');
    expect(dms(alice).map((m) => m.doc.title)).toEqual(['bob reviewed your answer', 'bob updated their review of your answer']);
    expect(bob.lastPrivate().doc.title).toContain('is updated');
  });

  it('picks the answer with the fewest reviews that is not yours and not reviewed by you', async () => {
    h = await scheduledGroup();
    const [alice, carol, bob, dave] = [h.as('alice'), h.as('carol'), h.as('bob'), h.as('dave')];
    await alice.answer(ANSWERS.alice);
    await carol.answer(ANSWERS.carol);
    await dave.answer(ANSWERS.dave);
    await reviewLatest(h, carol); // alice's (oldest, no review yet)
    expect(carol.openedForm().form.title).toBe("Review alice's answer");

    await reviewLatest(h, dave); // alice's has one review now: carol's has none
    expect(dave.openedForm().form.title).toBe("Review carol's answer");

    await reviewLatest(h, bob); // dave's is the only one without a review
    expect(bob.openedForm().form.title).toBe("Review dave's answer");
    await bob.click(bob.lastPrivate(), 'Review another answer');
    expect(bob.openedForm().form.title).toBe("Review alice's answer"); // 1 review each: the oldest
  });

  it('`/prep review` in the channel reviews the latest question', async () => {
    h = await scheduledGroup();
    await h.as('alice').answer(ANSWERS.alice);
    await h.advance('1d'); // Tuesday's question: nobody answered it yet
    const bob = h.as('bob');
    await bob.command('/prep review');
    expect(bob.lastPrivate().text).toContain('nobody has answered this question');
    await h.as('carol').answer(ANSWERS.carol);
    await bob.command('/prep review');
    expect(bob.openedForm().form.title).toBe("Review carol's answer");
    // Inside Monday's thread, the command is about Monday's question.
    await bob.command('/prep review', { thread: h.chat.threadOf(h.threadStarts()[0]!) });
    expect(bob.openedForm().form.title).toBe("Review alice's answer");
  });

  it('says why there is nothing to review', async () => {
    h = await scheduledGroup();
    const [alice, bob] = [h.as('alice'), h.as('bob')];
    await bob.command('/prep review', { channel: 'mem:c:elsewhere' });
    expect(bob.lastPrivate().text).toContain('no question has been posted in this channel');
    await bob.click(h.lastThreadStart(), 'Review an answer');
    expect(bob.lastPrivate().text).toContain('nobody has answered this question');
    await alice.answer(ANSWERS.alice);
    await alice.click(h.lastThreadStart(), 'Review an answer');
    expect(alice.lastPrivate().text).toContain('the only answers so far are yours');
    await reviewLatest(h, bob);
    await bob.click(h.lastThreadStart(), 'Review an answer');
    const done = bob.lastPrivate();
    expect(done.text).toContain('you have reviewed every other answer to this question (1)');
    expect(done.doc.buttons?.map((b) => b.label)).toEqual(['Edit review of alice']);
    expect(h.chat.forms.filter((f) => f.user === alice.user.ref)).toHaveLength(0);
  });

  it('refuses a review of your own answer, by any way in', async () => {
    h = await scheduledGroup();
    const alice = h.as('alice');
    await alice.answer(ANSWERS.alice);
    const own = String(answerIdOf('alice'));
    await alice.click(fakeButton('reviews.open', own), 'fake');
    expect(alice.lastPrivate().text).toContain('You cannot review your own answer');
    await alice.click(fakeButton('reviews.form', own), 'fake');
    expect(alice.lastPrivate().text).toContain('You cannot review your own answer');
    expect(h.chat.forms).toHaveLength(0);
    // A submission crafted by hand (or a stale form) is refused as well.
    const forged = { interaction: 'mem:i:x', user: alice.user.ref, channel: h.channel, thread: null, form: { id: 'reviews.rubric', title: '', inputs: [], state: own } };
    await alice.submit({ situation_task: '4', action: '4', result: '4', principle_fit: '4', technical_depth: '4', keep: KEEP, change: CHANGE }, forged);
    expect(alice.lastPrivate().text).toContain('You cannot review your own answer');
    expect(reviewRows()).toHaveLength(0);
    expect(threadReplies(h)).toHaveLength(0);
  });
});

describe('bad rubric input', () => {
  it('returns field errors for exactly the failing fields and saves nothing until they are fixed', async () => {
    h = await scheduledGroup();
    await h.as('alice').answer(ANSWERS.alice);
    const bob = h.as('bob');
    await bob.click(h.lastThreadStart(), 'Review an answer');
    const form = bob.openedForm();
    const typed = rubricValues(form, { situation_task: '', result: '7', keep: 'Nice numbers!', change: '   ' });
    const result = await bob.submit(typed);

    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['change', 'keep', 'result', 'situation_task']);
    expect(result.fieldErrors!.keep).toMatch(/too short \(13 characters; at least 20\)/);
    expect(result.fieldErrors!.change).toMatch(/required/);
    expect(result.fieldErrors!.result).toMatch(/"7" is not a score/);
    expect(result.fieldErrors!.situation_task).toMatch(/pick a score/);
    expect(reviewRows()).toHaveLength(0);
    expect(threadReplies(h)).toHaveLength(0);

    // The adapter keeps what was typed and asks again for the failing fields only.
    const fixed = { ...typed, situation_task: '2', result: '4', keep: 'Nice numbers in the result: 90 percent.', change: CHANGE };
    expect((await bob.submit(fixed, form)).fieldErrors).toBeUndefined();
    expect(reviewRows()[0]).toMatchObject({ situation_task: 2, action: 3, result: 4, keep: 'Nice numbers in the result: 90 percent.' });
  });

  it('keeps what was written when the answer was deleted meanwhile', async () => {
    h = await scheduledGroup();
    const answer = await h.as('alice').answer(ANSWERS.alice);
    const bob = h.as('bob');
    await bob.click(h.lastThreadStart(), 'Review an answer');
    const form = bob.openedForm();
    await h.chat.remove(answer);
    await bob.submit(rubricValues(form));
    expect(bob.lastPrivate().text).toContain('That answer is gone');
    expect(bob.lastPrivate().text).toContain(KEEP);
    expect(reviewRows()).toHaveLength(0);
  });
});
