import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadCatalog } from '../src/catalog/load.js';
import { ManualClock, travel } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { buttonsOf, inputsOf, SlackDriver } from './fakes/slack/driver.js';
import type { RecordedCall, StoredMessage } from './fakes/slack/fake-slack.js';
import { startSlackTestEnv, type SlackTestEnv } from './fakes/slack/slack-test-env.js';

/**
 * A whole day of Bar Raiser through Slack: a real core (as the memory harness builds it) on the
 * Slack adapter in HTTP mode, against the fake Web API. Users act through signed requests.
 */
const TEAM = 'T0BARRAISE';
const CHANNEL = 'C0STUDY';
const ADMIN = 'U0ADMIN';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';

const ALICE_ANSWER = [
  'Last year our team owned the nightly orders pipeline that fed the finance warehouse, about 2 TB a day.',
  'I was responsible for launching a new customer dimension before the quarter close, and my goal was zero duplicate keys.',
  'I profiled the staging data and found that 3% of rows had duplicate customer keys, so I pushed back on the launch date with that data.',
  'I wrote dedupe checks in Glue, added a data quality gate in Step Functions and walked the finance lead through the trade-off.',
  'As a result duplicates dropped to zero, the launch slipped only two days, and month-end reconciliation time fell by 40%.',
].join('\n\n');

const STAR_FORM = {
  situation: 'Our Kinesis ingestion for clickstream data kept falling behind during sales events at peak load.',
  task: 'I owned the fix and had to keep the lag under five minutes for the next sale.',
  action: 'I added shard autoscaling, batched the Lambda consumers, moved retries to a DLQ and load-tested it at three times peak traffic.',
  result: 'Lag stayed under 90 seconds during the next sale and on-call pages dropped by 70%.',
  learned: 'Load-test the failure paths too.',
};

let env: SlackTestEnv;
let storage: Storage;
let app: App;
let slack: SlackDriver;
const clock = new ManualClock('2026-11-30T08:00:00Z'); // a Monday

beforeAll(async () => {
  storage = openStorage(':memory:');
  const catalog = loadCatalog();
  env = await startSlackTestEnv({
    fakeOptions: { teamId: TEAM, now: () => clock.now().getTime() },
    core: (port) => {
      app = createApp({ storage, catalog, clock, port, log: silentLogger, settings: { defaultTimezone: 'UTC', adminUserIds: [] } });
      return (event) => app.dispatcher.dispatch(event);
    },
  });
  env.fake.addUser({ id: ADMIN, name: 'ada', displayName: 'Ada', isAdmin: true });
  env.fake.addUser({ id: ALICE, name: 'alice', displayName: 'Alice' });
  env.fake.addUser({ id: BOB, name: 'bob', displayName: 'Bob' });
  env.fake.addUser({ id: CAROL, name: 'carol', displayName: 'Carol' });
  await app.dispatcher.start();
  slack = new SlackDriver(env, TEAM, CHANNEL);
});

afterAll(async () => {
  await env?.stop();
  storage?.close();
});

const ephemeralTo = (user: string) => (c: RecordedCall) => c.method === 'chat.postEphemeral' && c.params.user === user;
const textOf = (call: RecordedCall) => `${String(call.params.text)} ${JSON.stringify(call.params.blocks ?? [])}`;

/** The daily post, once it is out. */
let post: StoredMessage;

describe('a day of Bar Raiser on Slack', () => {
  it('an admin schedules the channel with /prep setup; a member may not', async () => {
    const refused = env.fake.nextCall('chat.postEphemeral', ephemeralTo(ALICE));
    await slack.command(ALICE, '/prep', 'setup time:09:00 tz:UTC');
    expect(textOf(await refused)).toContain('for admins');

    const answered = env.fake.nextCall('chat.postEphemeral', ephemeralTo(ADMIN));
    const response = await slack.command(ADMIN, '/prep', 'setup time:09:00 tz:UTC days:mon-fri rotation:weekday');
    expect(response.status).toBe(200);
    const confirmation = await answered;
    expect(textOf(confirmation)).toContain('Daily questions scheduled');
    expect(textOf(confirmation)).toContain('09:00 UTC');
  });

  it('posts the question at 09:00 with Block Kit blocks and the post metadata', async () => {
    await travel(clock, 61 * 60_000, (now) => app.dispatcher.tick(now));
    const call = await env.fake.waitFor('chat.postMessage', (c) => c.params.channel === CHANNEL && c.params.metadata !== undefined);
    post = env.fake.messages.find((m) => m.metadata)!;
    const blocks = call.params.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringContaining('Round 1') } });
    expect(blocks.map((b) => b.type)).toEqual(expect.arrayContaining(['header', 'section', 'actions', 'context']));
    expect(buttonsOf(call.params.blocks).map((b) => b.action_id)).toEqual(['answers.open-form', 'reviews.start']);
    expect(call.params.metadata).toEqual({ event_type: 'bar_raiser_post', event_payload: { key: expect.any(String) } });
    expect(call.params.text).toContain('Round 1');

    // What crash reconciliation relies on: the post is found again by its key.
    const key = (post.metadata!.event_payload as { key: string }).key;
    const found = await env.adapter.port.findPost(`slack:${TEAM}:${CHANNEL}`, key, new Date('2026-11-30T00:00:00Z'));
    expect(found?.message).toBe(`slack:${TEAM}:${CHANNEL}:${post.ts}`);
  });

  it("an answer in the post's thread gets a check mark and private feedback for its author, once", async () => {
    const feedback = env.fake.nextCall('chat.postEphemeral', ephemeralTo(ALICE));
    const { ts, envelope } = await slack.say(ALICE, ALICE_ANSWER, post.ts);
    const call = await feedback;
    expect(call.params).toMatchObject({ channel: CHANNEL, user: ALICE, thread_ts: post.ts });
    expect(textOf(call)).toMatch(/Situation/);
    const reaction = await env.fake.waitFor('reactions.add', (c) => c.params.timestamp === ts);
    expect(reaction.params.name).toBe('white_check_mark');

    // Slack delivers the same message again under a new event id: the core's message-id key holds.
    const before = env.fake.calls.filter(ephemeralTo(ALICE)).length;
    await env.postEvent({ ...envelope, event_id: 'Ev0DUPLICATE' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(env.fake.calls.filter(ephemeralTo(ALICE))).toHaveLength(before);
  });

  it('the STAR form: field errors come back in the ack; a good submission is posted in the thread', async () => {
    const opened = env.fake.nextCall('views.open');
    await slack.click(CAROL, post, 'answers.open-form');
    const form = await opened;
    expect(form.params.view).toMatchObject({ type: 'modal', callback_id: 'answers.star' });

    const tooShort = await slack.submit(CAROL, form, { ...STAR_FORM, result: 'ok' });
    expect(tooShort.json()).toMatchObject({ response_action: 'errors', errors: { result: expect.any(String) } });

    const posted = env.fake.nextCall('chat.postMessage', (c) => c.params.thread_ts === post.ts);
    const accepted = await slack.submit(CAROL, form, STAR_FORM);
    expect(accepted.text).toBe('');
    const reply = await posted;
    expect(textOf(reply)).toContain('Carol');
    expect(textOf(reply)).toContain('Kinesis');
    await env.fake.waitFor('chat.postEphemeral', ephemeralTo(CAROL));
  });

  it('a review through the modal: rubric errors in the ack, then the review in the thread and a DM to the author', async () => {
    const opened = env.fake.nextCall('views.open');
    await slack.click(BOB, post, 'reviews.start');
    const form = await opened;
    expect(form.params.view).toMatchObject({ type: 'modal', callback_id: 'reviews.rubric' });

    const values = (comment: string) =>
      Object.fromEntries(inputsOf(form).map((input) => [input.id, input.select ? '3' : comment]));
    const rejected = await slack.submit(BOB, form, values('too short'));
    expect(rejected.json()).toMatchObject({ response_action: 'errors' });

    const inThread = env.fake.nextCall('chat.postMessage', (c) => c.params.thread_ts === post.ts);
    const dmOpened = env.fake.nextCall('conversations.open');
    const accepted = await slack.submit(BOB, form, values('The result has hard numbers and the trade-off is explained well.'));
    expect(accepted.text).toBe('');
    expect(textOf(await inThread)).toContain('hard numbers');
    const author = (await dmOpened).params.users;
    expect([ALICE, CAROL]).toContain(author);
    await env.fake.waitFor('chat.postMessage', (c) => c.params.channel === `D${String(author)}`);
    await env.fake.waitFor('chat.postEphemeral', ephemeralTo(BOB));
  });

  it('/mock opens an interview thread, asks in it, and ends with a scorecard', async () => {
    const confirmation = env.fake.nextCall('chat.postEphemeral', ephemeralTo(ALICE));
    const opening = env.fake.nextCall('chat.postMessage', (c) => (c.params.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key?.startsWith('mock:') === true);
    await slack.command(ALICE, '/mock', 'round:2 questions:1 minutes:5');
    const openingCall = await opening;
    expect(textOf(openingCall)).toContain('Mock interview - Round 2');
    expect(textOf(await confirmation)).toContain('Mock interview open');
    const thread = env.fake.messages.find((m) => m.metadata?.event_payload.key === (openingCall.params.metadata as { event_payload: { key: string } }).event_payload.key)!;
    const question = await env.fake.waitFor('chat.postMessage', (c) => c.params.thread_ts === thread.ts && String(c.params.text).includes('Question 1 of 1'));
    expect(buttonsOf(question.params.blocks).map((b) => b.action_id)).toEqual(['mock.next']);

    await slack.say(ALICE, ALICE_ANSWER, thread.ts);
    // "next" may first bring a dive-deep follow-up; the scorecard comes after at most two.
    for (let i = 0; i < 3; i++) {
      const scorecard = env.fake.calls.find((c) => c.method === 'chat.postMessage' && c.params.thread_ts === thread.ts && /Verdict/.test(textOf(c)));
      if (scorecard) break;
      const reply = env.fake.nextCall('chat.postMessage', (c) => c.params.thread_ts === thread.ts);
      await slack.say(ALICE, 'next', thread.ts);
      await reply;
    }
    const scorecard = await env.fake.waitFor('chat.postMessage', (c) => c.params.thread_ts === thread.ts && /Verdict/.test(textOf(c)));
    expect(textOf(scorecard)).toMatch(/Hire/);
  });

  it('/mock with a partner named by mention sends the partner the interviewer guide by DM', async () => {
    const guide = env.fake.nextCall('chat.postMessage', (c) => c.params.channel === `D${BOB}`);
    await slack.command(CAROL, '/mock', `partner:<@${BOB}|bob> round:4 questions:1`);
    const dm = await guide;
    expect(textOf(dm)).toMatch(/guide|interview/i);
    await env.fake.waitFor('chat.postEphemeral', (c) => ephemeralTo(CAROL)(c) && textOf(c).includes('Mock interview open'));
  });

  it('/prep skip edits the open question to show its new deadline (chat.update)', async () => {
    const edit = env.fake.nextCall('chat.update', (c) => c.params.ts === post.ts);
    await slack.command(ADMIN, '/prep', 'skip');
    const call = await edit;
    expect(call.params.channel).toBe(CHANNEL);
    expect(textOf(call)).toContain('Wed 2 Dec, 09:00 UTC (the next question)');
    expect(JSON.stringify(env.fake.messages.find((m) => m.ts === post.ts)!.blocks)).toContain('Wed 2 Dec, 09:00 UTC');
  });
});
