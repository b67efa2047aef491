import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';

const FOUR_PARAGRAPHS = [
  'Last year our team at a payments company ran a nightly batch that loaded 40 million card transactions into Redshift, and the finance dashboards were often two hours late.',
  'I was asked to make the data available before 7 am for the risk team, without adding headcount or budget.',
  'I profiled the Glue jobs and found that one skewed join on merchant id caused most of the delay. I rewrote it with salting, split the load into hourly partitions and added a CloudWatch alarm on job duration.',
  'As a result the load finished by 5:30 am every day for three months, runtime dropped by 60% and we saved $4,000 a month.',
].join('\n\n');

const NO_RESULT = [
  'At my previous company our fraud team complained that the Kinesis consumer dropped records during peak hours.',
  'My goal was to stop the data loss before the quarter close.',
  'I decided to add retries with exponential backoff, I built a dead letter queue and I wrote a runbook for the on-call engineers.',
].join('\n\n');

let h: Harness;
afterEach(() => h?.close());

/** A harness whose channel has a behavioral question posted now (round 5 fixed). */
async function withBehavioralPost(): Promise<Harness> {
  h = new Harness({ start: '2026-11-30T10:00:00Z' });
  await h.as('you', { admin: true }).command('/prep setup rotation:round 5');
  await h.as('you', { admin: true }).command('/prep post-now');
  return h;
}

describe('answers in a daily thread', () => {
  it('analyses an unlabelled four-paragraph story and tells only its author, with a check mark on the answer', async () => {
    await withBehavioralPost();
    const alice = h.as('alice');
    const message = await alice.answer(FOUR_PARAGRAPHS);
    const feedback = alice.lastPrivate();
    expect(feedback.kind).toBe('ephemeral');
    expect(feedback.text).toContain('Situation ✅');
    expect(feedback.text).toContain('Result ✅');
    expect(feedback.text).toContain('All four STAR parts are there.');
    expect(h.as('bob').inbox()).toHaveLength(0);
    expect(message.reactions.get('white_check_mark')?.size).toBe(1);
    const rows = h.storage.sqlite.prepare('SELECT source, on_time, round FROM answer').all();
    expect(rows).toEqual([{ source: 'thread', on_time: 1, round: 5 }]);
  });

  it('tells an author whose story has no result exactly that', async () => {
    await withBehavioralPost();
    const bob = h.as('bob');
    await bob.answer(NO_RESULT);
    const text = bob.lastPrivate().text;
    expect(text).toContain('Missing: Result');
    expect(text).toContain('Result ❌');
  });

  it('joins messages sent within 10 minutes into one answer, and starts a new one after', async () => {
    await withBehavioralPost();
    const alice = h.as('alice');
    const [first, ...rest] = FOUR_PARAGRAPHS.split('\n\n');
    await alice.answer(first!);
    await h.advance('3m');
    for (const part of rest) await alice.answer(part);
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 1 });
    expect(alice.lastPrivate().text).toContain('4 messages joined');
    await h.advance('15m');
    await alice.answer('Another thought on this story, a second take that I want the group to see later.');
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 2 });
  });

  it('follows edits and deletes, and ignores redeliveries, bots and chatter', async () => {
    await withBehavioralPost();
    const bob = h.as('bob');
    const message = await bob.answer(NO_RESULT);
    await h.chat.redeliver(message);
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 1 });

    await bob.edit(message, `${NO_RESULT}\n\nAs a result we lost zero records over the next 6 months.`);
    expect(bob.lastPrivate().text).toContain('updated after your edit');
    expect(bob.lastPrivate().text).toContain('Result ✅');
    const stored = h.storage.sqlite.prepare('SELECT text FROM answer').get() as { text: string };
    expect(stored.text).toContain('zero records');

    await h.chat.remove(message);
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 0 });

    const robot = h.chat.user('ci-bot', { bot: true });
    await h.chat.say(robot, h.channel, NO_RESULT, h.chat.threadOf(h.lastThreadStart()));
    await h.as('carol').answer('Great answer!');
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 0 });
  });

  it('keeps a 50,000-character answer whole and still answers quickly', async () => {
    await withBehavioralPost();
    const huge = `${FOUR_PARAGRAPHS}\n\n${'We measured every step of the load carefully. '.repeat(1100)}`;
    expect(huge.length).toBeGreaterThan(50_000);
    await h.as('dave').answer(huge);
    const stored = h.storage.sqlite.prepare('SELECT length(text) AS n FROM answer').get() as { n: number };
    expect(stored.n).toBe(huge.length);
    expect(h.as('dave').lastPrivate().text).toContain('Feedback on your answer');
  });

  it('does not take messages in threads that are not daily questions', async () => {
    h = new Harness();
    const other = await h.as('erin').say('A thread about lunch, nothing to do with the questions.');
    await h.as('frank').say('I agree with this plan for lunch today, see you there', { thread: h.chat.threadOf(other) });
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 0 });
    expect(h.as('frank').inbox()).toHaveLength(0);
  });
});

describe('the STAR form', () => {
  const good = {
    situation: 'Our nightly card transaction load into Redshift was two hours late most days.',
    task: 'I had to get the data to the risk team before 7 am.',
    action: 'I profiled the Glue job, fixed a skewed join with salting and split the load by hour.',
    result: 'The load now ends by 5:30 am and runtime fell by 60%.',
    learned: '',
  };

  it('posts the answer in the thread, attributed to the member, and gives feedback', async () => {
    await withBehavioralPost();
    const alice = h.as('alice');
    await alice.click(h.lastThreadStart(), 'Answer');
    const outcome = await alice.submit(good);
    expect(outcome.fieldErrors).toBeUndefined();
    const posted = h.botMessages().filter((m) => m.kind === 'reply');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain("alice's STAR answer");
    expect(posted[0]!.text).toContain('**Result:** The load now ends by 5:30 am');
    expect(alice.lastPrivate().text).toContain('All four STAR parts are there.');
    const row = h.storage.sqlite.prepare('SELECT source, message_ref FROM answer').get() as { source: string; message_ref: string };
    expect(row.source).toBe('form');
    expect(row.message_ref).toBe(posted[0]!.ref);
  });

  it('rejects empty or too-short fields by field, and records nothing', async () => {
    await withBehavioralPost();
    const alice = h.as('alice');
    await alice.click(h.lastThreadStart(), 'Answer');
    const outcome = await alice.submit({ ...good, task: '', action: 'Fixed it.' });
    expect(outcome.fieldErrors).toEqual({
      task: 'Task is required.',
      action: 'Action is too short (9 characters; at least 40).',
    });
    expect(h.storage.sqlite.prepare('SELECT count(*) AS n FROM answer').get()).toEqual({ n: 0 });
  });
});

describe('on time', () => {
  it('is judged against the next post that went out: a post that failed closes nothing', async () => {
    const { DeliveryError } = await import('../src/core/ports.js');
    h = new Harness({ start: '2026-11-30T08:00:00Z' });
    await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily');
    await h.advance('1h1m');
    const first = h.lastThreadStart();
    // The next day's post fails for good (the bot was removed): three failures (a minute apart) pause the channel.
    h.chat.fault = (method) => (method === 'startThread' ? new DeliveryError('not in channel', 'not_in_channel', true) : undefined);
    await h.advance('1d5m');
    const statuses = h.storage.sqlite.prepare('SELECT seq, status FROM daily_post ORDER BY seq').all();
    expect(statuses).toEqual([
      { seq: 1, status: 'posted' },
      { seq: 2, status: 'failed' },
    ]);
    h.chat.fault = null;
    await h.as('alice').answer(FOUR_PARAGRAPHS, first);
    expect(h.storage.sqlite.prepare('SELECT on_time FROM answer').get()).toEqual({ on_time: 1 });
  });
});
