import { afterEach, describe, expect, it } from 'vitest';
import { blockActionsPayload, eventEnvelope, messageEvent, slashCommandFields } from './fakes/slack/payloads.js';
import { eventually, startSlackTestEnv, type SlackTestEnv } from './fakes/slack/slack-test-env.js';

const TEAM = 'T0BARRAISE';
const where = { team: TEAM, channel: 'C0STUDY', user: 'U0ALICE' };

let env: SlackTestEnv | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

describe('Slack over Socket Mode', () => {
  it('connects through apps.connections.open with the app token, says healthy after hello', async () => {
    env = await startSlackTestEnv({ mode: 'socket' });
    const open = env.fake.callsOf('apps.connections.open')[0]!;
    expect(open.token).toBe('xapp-test');
    expect(env.socket!.connections).toBe(1);
    expect(env.adapter.healthy()).toBe(true);
    expect(env.adapter.listeningPort).toBeUndefined();
  });

  it('acks a slash command envelope at once and dispatches the command', async () => {
    env = await startSlackTestEnv({ mode: 'socket' });
    const ack = await env.socket!.send('slash_commands', slashCommandFields({ ...where, command: '/prep', text: 'setup time:09:00' }));
    expect(ack.envelope_id).toBeTruthy();
    await eventually(() => expect(env!.dispatched[0]).toMatchObject({ type: 'command', command: 'prep', text: 'setup time:09:00', channel: `slack:${TEAM}:C0STUDY` }));
  });

  it('acks events and drops a redelivery (retry_attempt) of the same event_id', async () => {
    env = await startSlackTestEnv({ mode: 'socket' });
    const envelope = eventEnvelope(TEAM, messageEvent({ ...where, ts: '1700000000.000200', threadTs: '1700000000.000001', text: 'answer' }), 'Ev0SOCKET');
    await env.socket!.send('events_api', envelope);
    await env.socket!.send('events_api', envelope, { retryAttempt: 1 });
    await eventually(() => expect(env!.dispatched).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(env.dispatched).toHaveLength(1);
    expect(env.socket!.acks).toHaveLength(2);
  });

  it('carries response_action: errors in the ack payload of a view submission', async () => {
    env = await startSlackTestEnv({ mode: 'socket', dispatch: async () => ({ handled: true, fieldErrors: { keep: 'At least 20 characters.' } }) });
    const ack = await env.socket!.send('interactive', {
      type: 'view_submission',
      team: { id: TEAM },
      user: { id: 'U0BOB', team_id: TEAM },
      trigger_id: 't.9',
      view: {
        callback_id: 'reviews.rubric',
        private_metadata: JSON.stringify({ v: 'br1', s: 'answer:3', c: 'C0STUDY' }),
        blocks: [{ type: 'input', block_id: 'keep', element: { type: 'plain_text_input', action_id: 'keep' } }],
        state: { values: { keep: { keep: { type: 'plain_text_input', value: 'ok' } } } },
      },
    });
    expect(ack.payload).toEqual({ response_action: 'errors', errors: { keep: 'At least 20 characters.' } });
  });

  it('acks button clicks and dispatches them', async () => {
    env = await startSlackTestEnv({ mode: 'socket' });
    await env.socket!.send('interactive', blockActionsPayload({ ...where, actionId: 'reviews.start', value: 'post:1', messageTs: '1700000000.000001' }));
    await eventually(() => expect(env!.dispatched[0]).toMatchObject({ type: 'button', action: 'reviews.start', value: 'post:1' }));
  });

  it('is unhealthy after stop', async () => {
    env = await startSlackTestEnv({ mode: 'socket' });
    await env.adapter.stop();
    expect(env.adapter.healthy()).toBe(false);
  });
});
