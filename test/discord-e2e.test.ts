import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadCatalog } from '../src/catalog/load.js';
import { ManualClock, travel } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { PERMISSIONS, textOf, type FakeDiscord, type InteractionRecord } from './fakes/discord/fake-discord.js';
import { CHANNEL, startAdapter, startFake, type AdapterUnderTest } from './fakes/discord/test-env.js';

/*
 * A whole day of a study group on Discord, end to end: a real Bar Raiser core (as main.ts builds
 * it, on an in-memory database and a manual clock) behind the Discord adapter, a real discord.js
 * Client, and the fake Discord. Every step is something a person does in the Discord client.
 */

const STAR_ANSWER = [
  'Situation: Last year at a payments company our nightly batch loaded 40 million card transactions into Redshift, and the dashboards were two hours late every morning.',
  'Task: I owned the pipeline and I was asked to make the data available before 7 am without adding budget.',
  'Action: I profiled every Glue job, found one skewed join on merchant id, rewrote it with salting, split the load into hourly partitions, added idempotent upserts so reruns were safe, and built a CloudWatch alarm with a runbook.',
  'Result: As a result the load finished by 5:30 am every day for three months, runtime dropped by 60%, and late-data tickets stopped entirely.',
].join('\n\n');

let fake: FakeDiscord;
let bot: AdapterUnderTest;
let storage: Storage;
let app: App;
const clock = new ManualClock('2026-11-30T08:00:00Z'); // a Monday
const people: Record<string, APIUser> = {};

beforeAll(async () => {
  fake = await startFake();
  storage = openStorage(':memory:');
  let core: App | null = null;
  bot = await startAdapter(fake, { dispatch: (event) => core!.dispatcher.dispatch(event) });
  core = app = createApp({
    storage,
    catalog: loadCatalog(),
    clock,
    port: bot.adapter.port,
    log: silentLogger,
    settings: { defaultTimezone: 'UTC', adminUserIds: [] },
  });
  await app.dispatcher.start();
  for (const [i, name] of ['alice', 'bob', 'carol', 'dave'].entries()) people[name] = fake.user(`30000000000000000${i + 1}`, name);
}, 30_000);

afterAll(async () => {
  await bot.adapter.stop();
  await fake.close();
  storage.close();
});

const as = (name: string) => people[name]!;
const privately = (name: string) => fake.privateTo(as(name).id);
/** The newest private message of `name` with a button starting with `label`. */
const withButton = (name: string, label: string): APIMessage | undefined =>
  [...privately(name)].reverse().find((m) => m.text.includes(`[${label}`))?.message;

async function answered(record: InteractionRecord, what: string): Promise<string> {
  const message = await fake.waitFor(() => record.original ?? record.followUps.at(-1), what);
  return textOf(message);
}

async function opened(record: InteractionRecord, what: string): Promise<{ custom_id: string; title: string; components: any[] }> {
  const modal = await fake.waitFor(() => record.callbacks.find((c) => c.type === 9), what);
  return modal.data as { custom_id: string; title: string; components: any[] };
}

describe('a day of Bar Raiser on Discord', () => {
  let post: APIMessage;

  it('setup: an admin schedules the channel; a member without Manage Server is refused', async () => {
    const setup = fake.command(as('alice'), CHANNEL, 'prep', 'setup', { time: '09:00', tz: 'UTC', days: 'mon-fri', rotation: 'weekday' }, PERMISSIONS.manageServer);
    expect(await answered(setup, 'the setup answer')).toContain('Daily questions scheduled in #study-group');
    expect(setup.callbacks).toEqual([{ type: 5, data: { flags: 64 } }]);

    const refused = fake.command(as('bob'), CHANNEL, 'prep', 'pause');
    expect(await answered(refused, 'the refusal')).toContain('is for admins');
  });

  it('the scheduled post: at 09:00 the question is posted with its buttons and opens a public thread', async () => {
    await travel(clock, 60 * 60_000, (now) => app.dispatcher.tick(now));
    post = await fake.waitFor(() => fake.botMessagesIn(CHANNEL)[0], 'the daily post');
    expect(fake.botMessagesIn(CHANNEL)).toHaveLength(1);
    const text = textOf(post);
    expect(text).toMatch(/^Round 1: Data Modeling & Warehousing/);
    expect(text).toContain('[Answer (STAR form)] [Review an answer]');
    // The post key is in the footer for reconciliation, and the nonce made the send idempotent.
    expect(post.embeds[0]!.footer!.text).toMatch(/ · daily:\d+$/);
    expect(fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`))[0]!.body).toMatchObject({ enforce_nonce: true });
    const thread = fake.world.channels.get(post.id);
    expect(thread).toMatchObject({ type: 11, parent_id: CHANNEL, name: expect.stringMatching(/^Round 1 · 2026-11-30 · /) });
  });

  it('answer: bob answers in the thread and gets private feedback (a DM) and a check mark on his answer', async () => {
    const answer = fake.say(as('bob'), post.id, STAR_ANSWER);
    const feedback = await fake.waitFor(() => privately('bob').find((m) => m.text.startsWith('Feedback on your answer')), 'bob’s feedback');
    expect(feedback.via).toBe('dm');
    expect(feedback.text).toContain('Situation ✅');
    expect(fake.callsTo('PUT', /\/reactions\//).map((c) => c.path)).toContain(`/channels/${post.id}/messages/${answer.id}/reactions/✅/@me`);
  });

  it('the STAR form: carol answers through the modal; a rejected field comes back filled in, and the resubmission is posted', async () => {
    const click = fake.click(as('carol'), post, 'Answer');
    const modal = await opened(click, 'the STAR form');
    expect(modal.title).toBe('Your STAR answer');
    expect(modal.components.map((c) => c.component.custom_id)).toEqual(['situation', 'task', 'action', 'result', 'learned']);

    const [situation, task, action, result] = STAR_ANSWER.split('\n\n').map((p) => p.replace(/^\w+: /, ''));
    const rejected = fake.submit(as('carol'), click, { situation: situation!, task: task!, action: action!, result: '', learned: '' });
    const errors = await answered(rejected, 'the field errors');
    expect(errors).toContain('- **Result**:');
    expect(errors).toContain(`You wrote: Situation: ${situation}`);

    const reopen = fake.click(as('carol'), rejected.original!, 'Edit and resubmit');
    const refilled = await opened(reopen, 'the form, filled in');
    expect(refilled.components[0].component.value).toBe(situation);
    const accepted = fake.submit(as('carol'), reopen, { situation: situation!, task: task!, action: action!, result: result!, learned: 'Measure first.' });
    await fake.waitFor(() => fake.botMessagesIn(post.id).some((m) => textOf(m).startsWith("carol's STAR answer")), 'carol’s answer in the thread');
    expect(await answered(accepted, 'carol’s feedback')).toContain('Feedback on your answer');
  });

  it('review: dave reviews an answer with the rubric (two modal pages); it is posted in the thread and the author is told', async () => {
    const start = fake.click(as('dave'), post, 'Review an answer');
    const preview = await answered(start, 'the answer to review');
    const author = /^(\w+)'s answer/.exec(preview)?.[1];
    expect(['bob', 'carol']).toContain(author);

    const open = fake.click(as('dave'), withButton('dave', 'Review this answer')!, 'Review this answer');
    const page1 = await opened(open, 'the rubric, page 1');
    expect(page1.title).toMatch(/\(1\/2\)$/);
    const scores = Object.fromEntries(page1.components.map((c) => [c.component.custom_id, '3']));
    expect(page1.components.every((c) => c.component.type === 3)).toBe(true);
    const first = fake.submit(as('dave'), open, scores);
    expect(await answered(first, 'the continue button')).toContain('[Continue (2/2)]');

    const next = fake.click(as('dave'), first.original!, 'Continue');
    const page2 = await opened(next, 'the rubric, page 2');
    expect(page2.components.map((c) => c.component.custom_id)).toEqual(['keep', 'change']);
    fake.submit(as('dave'), next, {
      keep: 'The result has hard numbers: runtime down 60% and no more tickets.',
      change: 'Say which decision was yours and why salting beat a broadcast join.',
    });
    await fake.waitFor(() => fake.botMessagesIn(post.id).some((m) => textOf(m).startsWith(`Review of @${author}'s answer`)), 'the review in the thread');
    await fake.waitFor(() => privately(author!).some((m) => m.via === 'dm' && m.text.startsWith('dave reviewed your answer')), 'the author notified');
  });

  it('/mock: alice runs a one-question solo interview in its own thread and gets a scorecard', async () => {
    const mock = fake.command(as('alice'), CHANNEL, 'mock', 'start', { round: 5, questions: 1, minutes: 5 });
    await answered(mock, 'the mock confirmation');
    const start = await fake.waitFor(() => fake.botMessagesIn(CHANNEL).find((m) => textOf(m).startsWith('Mock interview - Round 5 - @alice')), 'the mock thread');
    expect(fake.world.channels.get(start.id)).toMatchObject({ type: 11, name: 'Mock interview - Round 5 - @alice' });
    await fake.waitFor(() => fake.botMessagesIn(start.id).some((m) => textOf(m).startsWith('Question 1 of 1')), 'the first question');

    fake.say(as('alice'), start.id, STAR_ANSWER);
    fake.say(as('alice'), start.id, 'next');
    const followUp = await fake.waitFor(() => fake.botMessagesIn(start.id).find((m) => textOf(m).startsWith('Dive deep')), 'the follow-up');
    fake.say(as('alice'), start.id, 'I measured it with the job success rate dashboard: it went from 85% to 99.5%.');
    fake.click(as('alice'), followUp, 'Next');
    const card = await fake.waitFor(() => fake.botMessagesIn(start.id).find((m) => textOf(m).startsWith('Scorecard - Mock interview - Round 5 - @alice')), 'the scorecard');
    expect(textOf(card)).toMatch(/Verdict: (Strong Hire|Hire|No Hire|Strong No Hire)/);
  });

  it('/mock with a partner (a user option): bob interviews from his DMs and files the scorecard through a modal', async () => {
    const mock = fake.command(as('carol'), CHANNEL, 'mock', 'start', { round: 2, questions: 1, partner: { user: as('bob') } });
    await answered(mock, 'the mock confirmation');
    const start = await fake.waitFor(() => fake.botMessagesIn(CHANNEL).find((m) => textOf(m).startsWith('Mock interview - Round 2 - @carol')), 'carol’s mock thread');
    const guide = await fake.waitFor(() => privately('bob').find((m) => m.text.startsWith('Interviewer guide: @carol')), 'the guide');
    expect(guide.via).toBe('dm');
    const controls = await fake.waitFor(() => withButton('bob', 'Finish'), 'the interviewer controls');

    fake.say(as('carol'), start.id, STAR_ANSWER);
    // A click in a DM carries no server: the button itself remembers it, so bob is the same member.
    const finish = fake.click(as('bob'), controls, 'Finish');
    const scorecard = await opened(finish, 'the scorecard form');
    expect(scorecard.components.map((c) => [c.component.custom_id, c.component.type])).toEqual([
      ['verdict', 3],
      ['overall', 3],
      ['principles', 4],
      ['comments', 4],
    ]);
    fake.submit(as('bob'), finish, { verdict: 'Hire', overall: '3', principles: 'Ownership 3', comments: 'Clear story; quantify the follow-up too.' });
    const card = await fake.waitFor(() => fake.botMessagesIn(start.id).find((m) => textOf(m).startsWith('Interviewer scorecard by @bob')), 'bob’s scorecard in the thread');
    expect(textOf(card)).toContain('Verdict: Hire');
  });

  it('/prep forget-me: carol confirms; her data goes, and so do the STAR answer and the reviews the bot posted for her', async () => {
    const postedForCarol = fake.botMessagesIn(post.id).filter((m) => /^carol's STAR answer|^Review of @carol's answer/.test(textOf(m)));
    expect(postedForCarol.length).toBeGreaterThanOrEqual(1);
    const ask = fake.command(as('carol'), CHANNEL, 'prep', 'forget-me');
    expect(await answered(ask, 'the confirmation')).toContain(`${postedForCarol.length} message`);
    const confirm = fake.click(as('carol'), ask.original!, 'Yes, delete my data');
    expect(await answered(confirm, 'the deletion')).toContain('Your data is deleted');
    for (const message of postedForCarol) expect(fake.world.messages.has(message.id)).toBe(false);
    expect(fake.botMessagesIn(post.id).length).toBeGreaterThan(0); // everyone else's stays
  });

  it('/prep skip: the open question is edited to show its new deadline', async () => {
    expect(textOf(fake.world.messages.get(post.id)!)).toContain('Tue 1 Dec, 09:00 UTC (the next question)');
    const skip = fake.command(as('alice'), CHANNEL, 'prep', 'skip', {}, PERMISSIONS.manageServer);
    expect(await answered(skip, 'the skip answer')).toContain('Next question: **Wed 2 Dec, 09:00 UTC**');
    const edited = await fake.waitFor(() => {
      const message = fake.world.messages.get(post.id)!;
      return textOf(message).includes('Wed 2 Dec, 09:00 UTC (the next question)') ? message : undefined;
    }, 'the edited question');
    expect(edited.edited_timestamp).toBeTruthy();
    expect(fake.world.channels.get(post.id)).toMatchObject({ type: 11 }); // its thread is untouched
  });
});
