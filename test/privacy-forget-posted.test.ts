import { afterEach, describe, expect, it } from 'vitest';
import type { Harness, UserDriver } from '../adapters/memory/harness.js';
import type { MemoryMessage } from '../adapters/memory/memory-chat.js';
import { DeliveryError } from '../src/core/ports.js';
import { ANSWERS, reviewLatest, scheduledGroup, threadReplies } from './reviews-support.js';

let h: Harness;
afterEach(() => h?.close());

const STAR = {
  situation: 'Our nightly card transaction load into Redshift was two hours late most days.',
  task: 'I had to get the data to the risk team before 7 am.',
  action: 'I profiled the Glue job, fixed a skewed join with salting and split the load by hour.',
  result: 'The load now ends by 5:30 am and runtime fell by 60%.',
  learned: '',
};

const lastWithButtons = (user: UserDriver): MemoryMessage => [...user.inbox()].reverse().find((m) => m.doc.buttons?.length)!;

/**
 * alice answers with the STAR form (the bot posts it in the thread), bob answers in the thread;
 * bob reviews alice and alice reviews bob (both posted in the thread); then dave answers and bob
 * reviews him. Returns the bot's thread replies by what they are.
 */
async function world(): Promise<{ alice: UserDriver; replies: Record<'aliceAnswer' | 'ofAlice' | 'byAlice' | 'ofDave', MemoryMessage> }> {
  h = await scheduledGroup();
  const [alice, bob, dave] = ['alice', 'bob', 'dave'].map((n) => h.as(n)) as [UserDriver, UserDriver, UserDriver];
  await alice.click(h.lastThreadStart(), 'Answer');
  await alice.submit(STAR);
  await bob.answer(ANSWERS.carol);
  await reviewLatest(h, bob);
  await reviewLatest(h, alice);
  await dave.answer(ANSWERS.dave);
  await reviewLatest(h, bob);
  const [aliceAnswer, ofAlice, byAlice, ofDave, ...more] = threadReplies(h);
  expect(more).toHaveLength(0);
  expect(aliceAnswer!.text).toContain("alice's STAR answer");
  return { alice, replies: { aliceAnswer: aliceAnswer!, ofAlice: ofAlice!, byAlice: byAlice!, ofDave: ofDave! } };
}

describe('/prep forget-me and what the bot posted', () => {
  it('deletes the STAR-form answer it posted for the member and the reviews by or of them, nobody else\'s', async () => {
    const { alice, replies } = await world();
    await alice.command('/prep forget-me');
    expect(alice.lastPrivate().text).toContain('1 streak, 0 away periods, 0 mock interviews and 3 messages Bar Raiser posted for you');

    await alice.click(lastWithButtons(alice), 'Yes, delete my data');
    expect(alice.lastPrivate().text).toContain(' and 3 messages Bar Raiser posted for you (STAR-form answers, reviews by you or of your answers).');
    expect(alice.lastPrivate().text).not.toMatch(/ and [^.]* and 3 messages/); // one list, one "and"
    expect(alice.lastPrivate().text).not.toContain('could not be removed');
    expect([replies.aliceAnswer, replies.ofAlice, replies.byAlice].map((m) => m.deleted)).toEqual([true, true, true]);
    // bob's review of dave, bob's and dave's own answers and the question stay.
    expect(replies.ofDave.deleted).toBe(false);
    expect(h.chat.messages.filter((m) => m.kind === 'user' && m.deleted)).toEqual([]);
    expect(h.lastThreadStart().deleted).toBe(false);
  });

  it('deletes the data even when the platform refuses to delete the messages, and says so', async () => {
    const { alice, replies } = await world();
    await alice.command('/prep forget-me');
    h.chat.fault = (method) => (method === 'deleteMessage' ? new DeliveryError('chat.delete: ratelimited', 'ratelimited', false) : undefined);
    await alice.click(lastWithButtons(alice), 'Yes, delete my data');

    const reply = alice.lastPrivate().text;
    expect(reply).toContain('Your data is deleted');
    expect(reply).toContain('3 posted messages could not be removed (chat.delete: ratelimited): delete them on the platform or ask an admin.');
    expect(replies.aliceAnswer.deleted).toBe(false);
    const left = h.storage.sqlite.prepare("SELECT count(*) AS n FROM member WHERE user_ref = 'mem:u:alice'").get() as { n: number };
    expect(left.n).toBe(0);
  });
});
