import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interactionRef } from '../adapters/slack/refs.js';
import { DeliveryError } from '../src/core/ports.js';
import { startSlackTestEnv, type SlackTestEnv } from './fakes/slack/slack-test-env.js';

const TEAM = 'T0BARRAISE';
const CHANNEL = `slack:${TEAM}:C0STUDY`;
const ALICE = { ref: `slack:${TEAM}:U0ALICE`, platformId: 'U0ALICE', name: 'alice', isAdmin: false };

let env: SlackTestEnv;
beforeEach(async () => {
  env = await startSlackTestEnv();
});
afterEach(async () => {
  await env.stop();
});

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('SlackChat (the ChatPort) against the fake Web API', () => {
  it('startThread posts blocks with metadata; the thread is the post; reply uses thread_ts; findPost finds it', async () => {
    const port = env.adapter.port;
    const since = new Date(Date.now() - 1000);
    const posted = await port.startThread(CHANNEL, { title: 'Round 1', text: 'Design a **star** schema' }, { key: 'daily:42' });
    const call = env.fake.callsOf('chat.postMessage')[0]!;
    expect(call.params).toMatchObject({ channel: 'C0STUDY', text: '*Round 1*\nDesign a *star* schema', metadata: { event_type: 'bar_raiser_post', event_payload: { key: 'daily:42' } } });
    expect(call.params.blocks).toHaveLength(2);
    expect(posted.thread).toBe(posted.message);
    expect(posted.message).toMatch(new RegExp(`^slack:${TEAM}:C0STUDY:\\d+\\.\\d{6}$`));

    const reply = await port.reply(posted.thread, { text: 'a reply' });
    const ts = posted.message.split(':').at(-1);
    expect(env.fake.callsOf('chat.postMessage')[1]!.params).toMatchObject({ channel: 'C0STUDY', thread_ts: ts });
    expect(reply).not.toBe(posted.message);

    expect(await port.findPost(CHANNEL, 'daily:42', since)).toEqual(posted);
    expect(await port.findPost(CHANNEL, 'daily:43', since)).toBeNull();
    expect(await port.findPost(CHANNEL, 'daily:42', new Date(Date.now() + 60_000))).toBeNull();
    expect(env.fake.callsOf('conversations.history')[0]!.params).toMatchObject({ channel: 'C0STUDY', include_all_metadata: 'true' });
  });

  it('sendEphemeral goes to the user in the thread; sendDirect opens a DM once', async () => {
    const port = env.adapter.port;
    await port.sendEphemeral({ user: ALICE, channel: CHANNEL, thread: `${CHANNEL}:1700000000.000001` }, { text: 'only you' });
    expect(env.fake.callsOf('chat.postEphemeral')[0]!.params).toMatchObject({ channel: 'C0STUDY', user: 'U0ALICE', thread_ts: '1700000000.000001', text: 'only you' });

    const dm = await port.sendDirect(ALICE.ref, { text: 'hello' });
    await port.sendDirect(ALICE.ref, { text: 'again' });
    expect(env.fake.callsOf('conversations.open')).toHaveLength(1);
    expect(env.fake.callsOf('conversations.open')[0]!.params).toMatchObject({ users: 'U0ALICE' });
    expect(dm).toMatch(new RegExp(`^slack:${TEAM}:DU0ALICE:`));
  });

  it('falls back to the response_url when the bot is not in the channel', async () => {
    const port = env.adapter.port;
    env.fake.fail('chat.postEphemeral', { error: 'not_in_channel' });
    const interaction = interactionRef({ team: TEAM, user: 'U0ALICE', channel: 'C0STUDY', responseUrl: env.fake.responseUrl('r1') });
    await port.sendEphemeral({ user: ALICE, channel: CHANNEL, interaction }, { text: 'set up!' });
    expect(env.fake.responses.get('r1')).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: 'set up!' })]);
  });

  it('openForm opens a modal with the trigger_id; the modal remembers channel and thread', async () => {
    const port = env.adapter.port;
    const interaction = interactionRef({ team: TEAM, user: 'U0ALICE', channel: 'C0STUDY', threadTs: '1.000001', triggerId: 'trig-1' });
    await port.openForm(interaction, { id: 'answers.star', title: 'STAR', state: 'post:1', inputs: [{ kind: 'text', id: 'situation', label: 'Situation' }] });
    const call = env.fake.callsOf('views.open')[0]!;
    expect(call.params.trigger_id).toBe('trig-1');
    expect(call.params.view).toMatchObject({ type: 'modal', callback_id: 'answers.star' });
    expect(JSON.parse((call.params.view as { private_metadata: string }).private_metadata)).toMatchObject({ s: 'post:1', c: 'C0STUDY', t: '1.000001' });
  });

  it('addReaction maps unicode and ignores already_reacted; updateMessage uses chat.update', async () => {
    const port = env.adapter.port;
    const posted = await port.startThread(CHANNEL, { text: 'q' });
    await port.addReaction(posted.message, '✅');
    await port.addReaction(posted.message, '✅');
    expect(env.fake.callsOf('reactions.add').map((c) => c.params.name)).toEqual(['white_check_mark', 'white_check_mark']);
    await port.updateMessage(posted.message, { text: 'edited' });
    expect(env.fake.callsOf('chat.update')[0]!.params).toMatchObject({ channel: 'C0STUDY', text: 'edited' });
  });

  it('deleteMessage uses chat.delete; a message already gone is deleted, one it may not delete is a permanent error', async () => {
    const port = env.adapter.port;
    const posted = await port.startThread(CHANNEL, { text: 'q' });
    const reply = await port.reply(posted.thread, { text: "alice's STAR answer" });
    await port.deleteMessage(reply);
    expect(env.fake.callsOf('chat.delete')[0]!.params).toMatchObject({ channel: 'C0STUDY', ts: reply.split(':').at(-1) });
    expect(env.fake.messages.map((m) => m.text)).toEqual(['q']);
    await port.deleteMessage(reply); // message_not_found: already done
    env.fake.fail('chat.delete', { error: 'cant_delete_message' });
    const err = await rejection(port.deleteMessage(posted.message));
    expect({ code: err.code, permanent: err.permanent }).toEqual({ code: 'cant_delete_message', permanent: true });
  });
});

describe('SlackChat errors', () => {
  it('reports channel_not_found, not_in_channel, is_archived, account_inactive as permanent', async () => {
    for (const code of ['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'missing_scope']) {
      env.fake.fail('chat.postMessage', { error: code });
      const err = await rejection(env.adapter.port.startThread(CHANNEL, { text: 'q' }));
      expect({ code: err.code, permanent: err.permanent }).toEqual({ code, permanent: true });
    }
  });

  it('honours Retry-After on 429, retries, and reports the rate limit as temporary once retries run out', async () => {
    env.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    const started = Date.now();
    await env.adapter.port.startThread(CHANNEL, { text: 'q' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(2);

    env.fake.fail('chat.postMessage', { status: 429, retryAfter: 0 }, 2);
    const err = await rejection(env.adapter.port.startThread(CHANNEL, { text: 'q' }));
    expect({ code: err.code, permanent: err.permanent, retryAfterMs: err.retryAfterMs }).toEqual({ code: 'rate_limited', permanent: false, retryAfterMs: 0 });
  });

  it('reports 5xx after retries as temporary', async () => {
    env.fake.fail('chat.postMessage', { status: 503 }, 2);
    const err = await rejection(env.adapter.port.startThread(CHANNEL, { text: 'q' }));
    expect({ code: err.code, permanent: err.permanent }).toEqual({ code: 'http_503', permanent: false });
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(2);
  });
});
