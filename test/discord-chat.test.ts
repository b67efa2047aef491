import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ButtonEvent, FormSubmitEvent, InboundEvent } from '../src/core/events.js';
import type { DispatchFn } from '../src/core/platform.js';
import { DeliveryError, type FormDoc } from '../src/core/ports.js';
import { PERMISSIONS, textOf, type FakeDiscord } from './fakes/discord/fake-discord.js';
import { CHANNEL, GUILD, startAdapter, startFake, type AdapterUnderTest } from './fakes/discord/test-env.js';

/** The ChatPort against the fake: what each call does on Discord, and how failures are reported. */

const channel = `discord:${GUILD}:${CHANNEL}`;
const post = { title: 'Round 1: Data Modeling & Warehousing', text: '**Design a star schema for orders.**', buttons: [{ action: 'answers.open-form', label: 'Answer (STAR form)', value: '7' }] };

let fake: FakeDiscord;
let bot: AdapterUnderTest;
/** What the "core" does with each event; tests replace it. */
let core: DispatchFn;

beforeEach(async () => {
  fake = await startFake();
  core = async () => ({ handled: false });
  bot = await startAdapter(fake, { dispatch: (event) => core(event) });
});

afterEach(async () => {
  await bot.adapter.stop();
  await fake.close();
});

const port = () => bot.adapter.port;

describe('posting', () => {
  it('startThread posts the embed with a nonce, opens a public thread on it, and returns both refs', async () => {
    const posted = await port().startThread(channel, post, { key: 'daily:7', threadName: 'Round 1 · 2026-11-30 · Design a star schema' });
    const [message] = fake.botMessagesIn(CHANNEL);
    expect(posted).toEqual({ message: `${channel}/${message!.id}`, thread: `${channel}:${message!.id}` });
    const create = fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`))[0]!;
    expect(create.body).toMatchObject({ nonce: expect.any(String), enforce_nonce: true, embeds: [{ title: post.title, footer: { text: 'daily:7' } }] });
    expect(fake.callsTo('POST', /\/threads$/)[0]!.body).toEqual({ name: 'Round 1 · 2026-11-30 · Design a star schema', auto_archive_duration: 1440 });
    expect(fake.world.channels.get(message!.id)).toMatchObject({ type: 11, parent_id: CHANNEL });
  });

  it('a resend of the same post (a retry after a crash) returns the first post: no duplicate, no second thread', async () => {
    const first = await port().startThread(channel, post, { key: 'daily:7' });
    const again = await port().startThread(channel, post, { key: 'daily:7' });
    expect(again).toEqual(first);
    expect(fake.botMessagesIn(CHANNEL)).toHaveLength(1);
  });

  it('findPost finds a post by its key after a restart (Discord does not return nonces), opening a missing thread', async () => {
    const since = new Date(Date.now() - 60_000);
    const posted = await port().startThread(channel, post, { key: 'daily:7' });
    await port().postMessage(channel, { text: 'something else' });
    const restarted = await startAdapter(fake);
    try {
      expect(await restarted.adapter.port.findPost(channel, 'daily:7', since)).toEqual(posted);
      expect(await restarted.adapter.port.findPost(channel, 'daily:8', since)).toBeNull();
      // Posted, then the process died before the thread: findPost finishes the job.
      const body = { embeds: [{ title: 'Round 2', footer: { text: 'Answer here · daily:9' } }] };
      const orphan = fake.world.createMessage({ channelId: CHANNEL, author: fake.bot, embeds: body.embeds });
      expect(await restarted.adapter.port.findPost(channel, 'daily:9', since)).toEqual({
        message: `${channel}/${orphan.id}`,
        thread: `${channel}:${orphan.id}`,
      });
    } finally {
      await restarted.adapter.stop();
    }
  });

  it('reply, reaction and update act on the thread and the message', async () => {
    const posted = await port().startThread(channel, post, { key: 'daily:7' });
    const reply = await port().reply(posted.thread, { text: 'A hint.' });
    const threadId = posted.thread.split(':').pop()!;
    expect(reply).toMatch(new RegExp(`^${posted.thread}/\\d+$`));
    expect(fake.botMessagesIn(threadId).map(textOf)).toEqual(['A hint.']);
    await port().addReaction(reply, 'white_check_mark');
    expect(fake.callsTo('PUT', /\/reactions\//)[0]!.path).toBe(`/channels/${threadId}/messages/${reply.split('/').pop()}/reactions/✅/@me`);
    await port().updateMessage(posted.message, { title: 'Closed', text: 'The next question is up.' });
    expect(textOf(fake.world.messages.get(posted.message.split('/').pop()!)!)).toBe('Closed\nThe next question is up.');
  });

  it('sendDirect opens a DM; its buttons remember the guild, so a click in the DM belongs to the community', async () => {
    const alice = fake.user('300000000000000001', 'alice');
    const clicks: ButtonEvent[] = [];
    core = async (event) => {
      if (event.type === 'button') clicks.push(event);
      return { handled: true };
    };
    await port().sendDirect(`discord:${GUILD}:@${alice.id}`, { text: 'Please review this answer.', buttons: [{ action: 'reviews.start', label: 'Review', value: '12' }] });
    const [dm] = fake.privateTo(alice.id);
    expect(dm).toMatchObject({ via: 'dm', text: 'Please review this answer.\n[Review]' });
    fake.click(alice, dm!.message, 'Review');
    const click = await fake.waitFor(() => clicks[0], 'the click');
    expect(click).toMatchObject({
      community: `discord:${GUILD}`,
      channel: `discord:${GUILD}:dm:${dm!.message.channel_id}`,
      thread: null,
      action: 'reviews.start',
      value: '12',
      user: { ref: `discord:${GUILD}:@${alice.id}` },
    });
  });

  it('sendEphemeral without an interaction falls back to a DM', async () => {
    const alice = fake.user('300000000000000001', 'alice');
    await port().sendEphemeral({ user: `discord:${GUILD}:@${alice.id}`, channel }, { text: 'Your answer has no result.' });
    expect(fake.privateTo(alice.id).map((m) => [m.via, m.text])).toEqual([['dm', 'Your answer has no result.']]);
  });
});

describe('failures', () => {
  const failing = (status: number, code: number) => {
    fake.rest.faults.push({ method: 'POST', path: /\/messages$/, status, code, times: 1 });
    return port().postMessage(channel, { text: 'x' });
  };

  it('Missing Access, Unknown Channel, Missing Permissions are permanent; a server error is not', async () => {
    for (const [status, code, name] of [[403, 50001, 'missing_access'], [404, 10003, 'unknown_channel'], [403, 50013, 'missing_permissions']] as const) {
      const err = (await failing(status, code).catch((e: unknown) => e)) as DeliveryError;
      expect(err).toBeInstanceOf(DeliveryError);
      expect([err.code, err.permanent]).toEqual([name, true]);
    }
    const err = (await failing(400, 50035).catch((e: unknown) => e)) as DeliveryError;
    expect([err.code, err.permanent]).toEqual(['discord_50035', false]);
  });

  it('deleteMessage removes a message the bot posted; one already gone counts as deleted; another author\'s is refused', async () => {
    const posted = await port().startThread(channel, post, { key: 'daily:8' });
    const reply = await port().reply(posted.thread, { text: "alice's STAR answer" });
    const threadId = posted.thread.split(':').pop()!;
    await port().deleteMessage(reply);
    expect(fake.callsTo('DELETE', /\/messages\/\d+$/)[0]!.path).toBe(`/channels/${threadId}/messages/${reply.split('/').pop()}`);
    expect(fake.botMessagesIn(threadId)).toEqual([]);
    await port().deleteMessage(reply); // Unknown Message: already done
    const theirs = fake.say(fake.user('300000000000000001', 'alice'), threadId, 'My own answer.');
    const err = (await port().deleteMessage(`${posted.thread}/${theirs.id}`).catch((e: unknown) => e)) as DeliveryError;
    expect([err.code, err.permanent]).toEqual(['missing_permissions', true]);
  });

  it('Unknown Message on an update is permanent', async () => {
    const err = (await port().updateMessage(`${channel}/123`, { text: 'x' }).catch((e: unknown) => e)) as DeliveryError;
    expect([err.code, err.permanent]).toEqual(['unknown_message', true]);
  });

  it('a 429 is waited out and retried by discord.js: the caller never sees it', async () => {
    fake.rest.faults.push({ method: 'POST', path: /\/messages$/, status: 429, retryAfter: 0.1, times: 1 });
    await port().postMessage(channel, { text: 'patience' });
    expect(fake.callsTo('POST', /\/messages$/)).toHaveLength(2);
    expect(fake.botMessagesIn(CHANNEL).map(textOf)).toEqual(['patience']);
  });

  it('a ref from another platform is a permanent error', async () => {
    const err = (await port().postMessage('slack:T1:C2', { text: 'x' }).catch((e: unknown) => e)) as DeliveryError;
    expect(err).toBeInstanceOf(DeliveryError);
    expect([err.code, err.permanent]).toEqual(['bad_ref', true]);
  });
});

describe('interactions', () => {
  const alice = () => fake.user('300000000000000001', 'alice');
  const star: FormDoc = {
    id: 'answers.star',
    title: 'Your STAR answer',
    state: '7',
    inputs: [
      { kind: 'text', id: 'situation', label: 'Situation', multiline: true, required: true },
      { kind: 'text', id: 'result', label: 'Result', multiline: true, required: true },
    ],
  };

  it('a command is deferred privately at once; the first answer replaces "thinking…", the next ones follow up', async () => {
    core = async (event) => {
      if (event.type !== 'command') return { handled: false };
      const target = { user: event.user, channel: event.channel, interaction: event.interaction };
      await port().sendEphemeral(target, { text: `You ran ${event.command} ${event.text}` });
      await port().sendEphemeral(target, { text: 'And one more thing.' });
      return { handled: true };
    };
    const record = fake.command(alice(), CHANNEL, 'prep', 'setup', { time: '09:00', tz: 'UTC' }, PERMISSIONS.manageServer);
    await fake.waitFor(() => record.followUps.length === 1, 'the follow-up');
    expect(record.callbacks).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(textOf(record.original!)).toBe('You ran prep setup time:09:00 tz:UTC');
    expect(record.followUps[0]!.flags).toBe(64);
    expect(textOf(record.followUps[0]!)).toBe('And one more thing.');
  });

  it('admins: Manage Server in the interaction permissions, or ADMIN_USER_IDS', async () => {
    const seen: InboundEvent[] = [];
    core = async (event) => (seen.push(event), { handled: true });
    fake.command(alice(), CHANNEL, 'prep', 'schedule', {}, PERMISSIONS.manageServer);
    fake.command(fake.user('300000000000000002', 'bob'), CHANNEL, 'prep', 'schedule', {}, PERMISSIONS.member);
    await fake.waitFor(() => seen.length === 2, 'both commands');
    expect(seen.map((e) => 'user' in e && [e.user.name, e.user.isAdmin])).toEqual([['alice', true], ['bob', false]]);
  });

  it('a button whose handler opens a form gets the modal as its first response', async () => {
    core = async (event) => {
      if (event.type === 'button') await port().openForm(event.interaction!, star);
      return { handled: true };
    };
    const [message] = await postAndGet();
    const click = fake.click(alice(), message!, 'Answer');
    await fake.waitFor(() => click.callbacks.length === 1, 'the modal');
    expect(click.callbacks[0]).toMatchObject({ type: 9, data: { custom_id: 'answers.star|7', title: 'Your STAR answer' } });
  });

  it('a form rejected with field errors comes back privately, with what was typed and a button that reopens it filled', async () => {
    const submits: FormSubmitEvent[] = [];
    core = async (event) => {
      if (event.type === 'button') await port().openForm(event.interaction!, star);
      if (event.type !== 'form_submit') return { handled: true };
      submits.push(event);
      return event.values.result ? { handled: true } : { handled: true, fieldErrors: { result: 'Say what changed, with a number.' } };
    };
    const [message] = await postAndGet();
    const click = fake.click(alice(), message!, 'Answer');
    await fake.waitFor(() => click.callbacks.length === 1, 'the modal');
    const rejected = fake.submit(alice(), click, { situation: 'Our nightly load missed its SLA.', result: '' });
    await fake.waitFor(() => rejected.original, 'the error message');
    expect(rejected.callbacks).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(textOf(rejected.original!)).toBe(
      'Your STAR answer: please fix one thing\n- **Result**: Say what changed, with a number.\nYou wrote: Situation: Our nightly load missed its SLA.\n(Your answers are kept: the button reopens the form with them filled in.)\n[Edit and resubmit]',
    );
    const reopen = fake.click(alice(), rejected.original!, 'Edit and resubmit');
    await fake.waitFor(() => reopen.callbacks.length === 1, 'the reopened modal');
    expect(reopen.callbacks[0]).toMatchObject({ type: 9, data: { components: [{ component: { value: 'Our nightly load missed its SLA.' } }, { component: { custom_id: 'result' } }] } });
    fake.submit(alice(), reopen, { situation: 'Our nightly load missed its SLA.', result: 'Runtime fell 40%.' });
    await fake.waitFor(() => submits.length === 2, 'the second submission');
    expect(submits.map((s) => [s.form, s.state, s.values.result])).toEqual([
      ['answers.star', '7', ''],
      ['answers.star', '7', 'Runtime fell 40%.'],
    ]);
  });

  it('a button the core answers too slowly for a modal is acknowledged in time, and the form is offered by a button', async () => {
    core = async (event) => {
      if (event.type !== 'button') return { handled: true };
      await new Promise((resolve) => setTimeout(resolve, 2_600));
      await port().openForm(event.interaction!, star);
      return { handled: true };
    };
    const [message] = await postAndGet();
    const click = fake.click(alice(), message!, 'Answer');
    await fake.waitFor(() => click.followUps.length === 1, 'the offer', 6_000);
    expect(click.callbacks).toEqual([{ type: 6 }]);
    expect(textOf(click.followUps[0]!)).toBe('**Your STAR answer**\n[Open: Your STAR answer]');
    const open = fake.click(alice(), click.followUps[0]!, 'Open');
    await fake.waitFor(() => open.callbacks.length === 1, 'the modal');
    expect(open.callbacks[0]).toMatchObject({ type: 9, data: { custom_id: 'answers.star|7' } });
  });

  async function postAndGet() {
    await port().startThread(channel, post, { key: 'daily:7' });
    return fake.botMessagesIn(CHANNEL);
  }
});
