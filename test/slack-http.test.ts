import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadCatalog } from '../src/catalog/load.js';
import { ManualClock } from '../src/core/clock.js';
import type { DispatchResult } from '../src/core/events.js';
import { silentLogger } from '../src/core/logger.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { FakeSlack } from './fakes/slack/fake-slack.js';
import { blockActionsPayload, eventEnvelope, messageEvent, slashCommandFields } from './fakes/slack/payloads.js';
import { formBody } from './fakes/slack/signed-requests.js';
import { eventually, startSlackTestEnv, type SlackTestEnv } from './fakes/slack/slack-test-env.js';

const TEAM = 'T0BARRAISE';
const where = { team: TEAM, channel: 'C0STUDY', user: 'U0ALICE' };

let env: SlackTestEnv | null = null;
let storage: Storage | null = null;
afterEach(async () => {
  await env?.stop();
  storage?.close();
  env = null;
  storage = null;
});

describe('Slack over HTTP: request verification', () => {
  it('rejects a bad signature and a stale timestamp with 401, and dispatches nothing', async () => {
    env = await startSlackTestEnv();
    const body = formBody(slashCommandFields({ ...where, command: '/prep', text: 'help' }));
    const forged = await env.post(body, { signWith: 'not-the-secret' });
    const stale = await env.post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    const good = await env.post(body);
    expect(good.status).toBe(200);
    await eventually(() => expect(env!.dispatched).toHaveLength(1));
  });
});

describe('Slack over HTTP: lifecycle', () => {
  it('answers the url_verification challenge Slack sends when the Request URL is saved', async () => {
    env = await startSlackTestEnv();
    const response = await env.postEvent({ type: 'url_verification', token: 't', challenge: 'challenge-123' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ challenge: 'challenge-123' });
  });

  it('is healthy while listening and not after stop', async () => {
    env = await startSlackTestEnv();
    expect(env.adapter.healthy()).toBe(true);
    await env.adapter.stop();
    expect(env.adapter.healthy()).toBe(false);
  });

  it('fails to start with one clear line when the token is refused', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.fail('auth.test', { error: 'invalid_auth' });
      const adapter = createSlackAdapter({ log: silentLogger, adminUserIds: [] }, { botToken: 'xoxb-revoked', signingSecret: 's', port: 0, apiUrl: fake.apiUrl });
      await expect(adapter.start(async () => ({ handled: true }))).rejects.toThrow(
        'Slack: cannot connect (auth.test: invalid_auth); check SLACK_BOT_TOKEN and SLACK_API_URL',
      );
      expect(adapter.healthy()).toBe(false);
    } finally {
      await fake.stop();
    }
  });
});

describe('Slack over HTTP: commands through a real core', () => {
  it('answers a signed `/prep help` with an ephemeral message via chat.postEphemeral', async () => {
    storage = openStorage(':memory:');
    const opened = storage;
    env = await startSlackTestEnv({
      core: (port) => {
        const app = createApp({
          storage: opened,
          catalog: loadCatalog(),
          clock: new ManualClock('2026-11-30T08:00:00Z'),
          port,
          log: silentLogger,
          settings: { defaultTimezone: 'UTC', adminUserIds: [] },
        });
        return (event) => app.dispatcher.dispatch(event);
      },
    });
    const started = Date.now();
    const response = await env.postCommand(slashCommandFields({ ...where, command: '/prep', text: 'help' }));
    expect(response.status).toBe(200);
    expect(response.text).toBe(''); // acked empty, answered separately
    expect(Date.now() - started).toBeLessThan(1000);
    const ephemeral = await env.fake.waitFor('chat.postEphemeral');
    expect(ephemeral.params).toMatchObject({ channel: 'C0STUDY', user: 'U0ALICE' });
    expect(JSON.stringify(ephemeral.params.blocks)).toContain('Bar Raiser commands');
    expect(ephemeral.params.text).toContain('Bar Raiser commands');
  });
});

describe('Slack over HTTP: events', () => {
  it('does nothing twice for a redelivered event (X-Slack-Retry-Num, same event_id)', async () => {
    env = await startSlackTestEnv();
    const envelope = eventEnvelope(TEAM, messageEvent({ ...where, ts: '1700000000.000100', threadTs: '1700000000.000001', text: 'my answer' }), 'Ev0RETRY');
    expect((await env.postEvent(envelope)).status).toBe(200);
    expect((await env.postEvent(envelope, { retryNum: 1 })).status).toBe(200);
    expect((await env.postEvent(envelope, { retryNum: 2 })).status).toBe(200);
    await eventually(() => expect(env!.dispatched).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(env.dispatched).toHaveLength(1);
    expect(env.dispatched[0]).toMatchObject({ type: 'message', text: 'my answer', thread: `slack:${TEAM}:C0STUDY:1700000000.000001` });
  });

  it('ignores bot messages quietly', async () => {
    env = await startSlackTestEnv();
    const fromBot = { ...messageEvent({ ...where, ts: '1.2', text: 'beep' }), bot_id: 'B0OTHER', subtype: 'bot_message' };
    expect((await env.postEvent(eventEnvelope(TEAM, fromBot))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(env.dispatched).toHaveLength(0);
  });

  it('resolves the actor through users.info (display name, admin), cached', async () => {
    env = await startSlackTestEnv({ adminUserIds: ['U0LISTED'] });
    env.fake.addUser({ id: 'U0ADMIN', name: 'ada', displayName: 'Ada L.', isAdmin: true });
    env.fake.addUser({ id: 'U0OWNER', name: 'olga', realName: 'Olga O.', isOwner: true });
    for (const user of ['U0ADMIN', 'U0ADMIN', 'U0OWNER', 'U0LISTED', 'U0ALICE']) {
      await env.postCommand(slashCommandFields({ ...where, user, command: '/prep', text: 'schedule' }));
    }
    await eventually(() => expect(env!.dispatched).toHaveLength(5));
    const actors = env.dispatched.map((e) => ('user' in e ? { name: e.user.name, isAdmin: e.user.isAdmin } : null));
    expect(actors).toEqual([
      { name: 'Ada L.', isAdmin: true },
      { name: 'Ada L.', isAdmin: true },
      { name: 'Olga O.', isAdmin: true },
      { name: 'u0listed', isAdmin: true },
      { name: 'u0alice', isAdmin: false },
    ]);
    expect(env.fake.callsOf('users.info').filter((c) => c.params.user === 'U0ADMIN')).toHaveLength(1);
  });

  it('resolves mentioned users through users.info too (display name, never admin), after the ack', async () => {
    env = await startSlackTestEnv();
    env.fake.addUser({ id: 'U0BOB', name: 'bob', displayName: 'Bob B.', isAdmin: true });
    const response = await env.postCommand(slashCommandFields({ ...where, command: '/mock', text: 'partner:<@U0BOB|bob>' }));
    expect(response.status).toBe(200);
    await eventually(() => expect(env!.dispatched).toHaveLength(1));
    expect(env.dispatched[0]).toMatchObject({
      type: 'command',
      text: `partner:slack:${TEAM}:U0BOB`,
      mentions: [{ ref: `slack:${TEAM}:U0BOB`, platformId: 'U0BOB', name: 'Bob B.', isAdmin: false, isBot: false }],
    });
  });
});

describe('Slack over HTTP: interactivity', () => {
  it('acks a button click at once and dispatches it', async () => {
    env = await startSlackTestEnv();
    const response = await env.postInteraction(blockActionsPayload({ ...where, actionId: 'daily.answer', value: 'post:7', messageTs: '1700000000.000001' }));
    expect(response.status).toBe(200);
    await eventually(() => expect(env!.dispatched[0]).toMatchObject({ type: 'button', action: 'daily.answer', value: 'post:7' }));
  });

  it('returns response_action: errors in the HTTP response when the core finds field errors', async () => {
    const result: DispatchResult = { handled: true, fieldErrors: { result: 'Say what changed, with a number.', elsewhere: 'Too short overall.' } };
    env = await startSlackTestEnv({ dispatch: async () => result });
    const response = await env.postInteraction(viewSubmission());
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      response_action: 'errors',
      // An error about a field the modal does not have is shown on its first input.
      errors: { situation: 'Too short overall.', result: 'Say what changed, with a number.' },
    });
    expect(env.dispatched[0]).toMatchObject({ type: 'form_submit', form: 'answers.star', state: 'post:7', values: { situation: 'We had a slow job', result: '' } });
  });

  it('closes the modal with an empty ack when there is nothing wrong', async () => {
    env = await startSlackTestEnv();
    const response = await env.postInteraction(viewSubmission());
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });

  it('acks empty after 2.5 s (here shortened) when the core is slow, then reports late errors privately', async () => {
    env = await startSlackTestEnv({
      adapterOptions: { formAckGuardMs: 150 },
      dispatch: async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return { handled: true, fieldErrors: { result: 'Add a number.' } };
      },
    });
    const started = Date.now();
    const response = await env.postInteraction(viewSubmission());
    expect(response.text).toBe('');
    expect(Date.now() - started).toBeLessThan(380);
    const ephemeral = await env.fake.waitFor('chat.postEphemeral');
    expect(ephemeral.params).toMatchObject({ channel: 'C0STUDY', user: 'U0ALICE', thread_ts: '1700000000.000001' });
    expect(ephemeral.params.text).toContain('not saved');
    expect(JSON.stringify(ephemeral.params.blocks)).toContain('Add a number.');
  });
});

/** A submission of a STAR modal opened from the thread of post 1700000000.000001 in C0STUDY. */
function viewSubmission() {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'fake-team' },
    user: { id: 'U0ALICE', name: 'alice', team_id: TEAM },
    trigger_id: `trigger.${Math.random()}`,
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: 'answers.star',
      private_metadata: JSON.stringify({ v: 'br1', s: 'post:7', c: 'C0STUDY', t: '1700000000.000001' }),
      blocks: [
        { type: 'input', block_id: 'situation', element: { type: 'plain_text_input', action_id: 'situation' } },
        { type: 'input', block_id: 'result', element: { type: 'plain_text_input', action_id: 'result' } },
      ],
      state: {
        values: {
          situation: { situation: { type: 'plain_text_input', value: 'We had a slow job' } },
          result: { result: { type: 'plain_text_input', value: null } },
        },
      },
    },
    response_urls: [],
  };
}
