import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeFormMetadata } from '../adapters/slack/form-metadata.js';
import { slackTextToPlain } from '../adapters/slack/incoming-text.js';
import { decodeInteraction } from '../adapters/slack/refs.js';
import { translate, type Translation } from '../adapters/slack/translate.js';
import type { InboundEvent } from '../src/core/events.js';

const FIXTURES = join(import.meta.dirname, '../../shared/fixtures/slack');

function fixture(name: string): unknown {
  const raw = readFileSync(join(FIXTURES, name), 'utf8');
  if (name.endsWith('.form.txt')) return Object.fromEntries(new URLSearchParams(raw));
  return JSON.parse(raw);
}

function eventOf(translation: Translation): InboundEvent {
  if (translation.kind !== 'event') throw new Error(`expected an event, got ignored: ${translation.reason}`);
  return translation.event;
}

/** What each fixture must become; `null` = quietly ignored. Every fixture file must be listed. */
const EXPECTED: Record<string, InboundEvent | null> = {
  'event-message-thread-reply.json': {
    type: 'message',
    community: 'slack:T111',
    channel: 'slack:T111:C111',
    thread: 'slack:T111:C111:1726133698.626339',
    message: 'slack:T111:C111:1726133700.887259',
    messageId: 'T111:C111:1726133700.887259',
    user: { ref: 'slack:T111:W222', platformId: 'W222', name: 'W222', isAdmin: false },
    text: 'When Slack was released?',
  },
  // "Also send to channel": still a reply in its thread.
  'event-message-thread-broadcast.json': {
    type: 'message',
    community: 'slack:T111',
    channel: 'slack:T111:C111',
    thread: 'slack:T111:C111:1633663824.000500',
    message: 'slack:T111:C111:1633670813.007500',
    messageId: 'T111:C111:1633670813.007500',
    user: { ref: 'slack:T111:U111', platformId: 'U111', name: 'U111', isAdmin: false },
    text: 'Hi there!',
  },
  'event-reaction-added.json': {
    type: 'reaction',
    community: 'slack:T111',
    channel: 'slack:T111:C111',
    thread: null,
    emoji: 'heart_eyes',
    added: true,
    message: 'slack:T111:C111:1599529504.000400',
    messageId: 'T111:C111:1599529504.000400',
    user: { ref: 'slack:T111:W111', platformId: 'W111', name: 'W111', isAdmin: false },
  },
  // The app does not subscribe to app_mention: the same message arrives as message.channels.
  'event-app-mention.json': null,
  // Shape samples with blank ids (and a bot_profile): nothing a person did.
  'schema-event-message.json': null,
  'schema-event-reaction-added.json': null,
  'schema-view-submission.json': null,
};

describe('Slack fixtures → normalized events', () => {
  it('lists every fixture', () => {
    const files = readdirSync(FIXTURES).sort();
    const covered = [...Object.keys(EXPECTED), 'slash-command.form.txt', 'block-actions.json', 'view-submission.json'].sort();
    expect(covered).toEqual(files);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} → ${expected ? expected.type : 'ignored'}`, () => {
      const translation = translate(fixture(file));
      if (expected === null) expect(translation.kind).toBe('ignored');
      else expect(eventOf(translation)).toEqual(expected);
    });
  }

  it('slash-command.form.txt (form-encoded) → command with text as typed and an interaction ref', () => {
    const event = eventOf(translate(fixture('slash-command.form.txt')));
    expect(event).toMatchObject({
      type: 'command',
      community: 'slack:T111',
      communityName: 'test-domain',
      channel: 'slack:T111:C111',
      channelName: '#random',
      thread: null,
      command: 'hello-world',
      text: 'Hi',
      user: { ref: 'slack:T111:W111', platformId: 'W111', name: 'primary-owner', isAdmin: false },
    });
    if (event.type !== 'command') throw new Error('not a command');
    expect(decodeInteraction(event.interaction!)).toEqual({
      team: 'T111',
      user: 'W111',
      channel: 'C111',
      triggerId: '111.111.xxx',
      responseUrl: 'https://hooks.slack.com/commands/T111/111/xxxxx',
    });
  });

  it('block-actions.json → button with action and value', () => {
    const event = eventOf(translate(fixture('block-actions.json')));
    expect(event).toMatchObject({
      type: 'button',
      community: 'slack:T111',
      channel: 'slack:T111:C111',
      channelName: '#test-channel',
      thread: null,
      action: 'a',
      value: 'click_me_123',
      message: 'slack:T111:C111:111.222',
      user: { ref: 'slack:T111:W111', platformId: 'W111', name: 'primary-owner' },
    });
    if (event.type !== 'button') throw new Error('not a button');
    expect(decodeInteraction(event.interaction!)).toMatchObject({ triggerId: '111.222.valid', responseUrl: 'https://hooks.slack.com/actions/T111/111/random-value', channel: 'C111', user: 'W111' });
  });

  it('view-submission.json (a view this code did not open) → form_submit answered in a DM', () => {
    const event = eventOf(translate(fixture('view-submission.json')));
    expect(event).toMatchObject({
      type: 'form_submit',
      community: 'slack:T111',
      channel: 'slack:T111:@W111',
      thread: null,
      form: 'view-id',
      state: 'This is for you!',
      values: { hspI: 'test' },
      user: { ref: 'slack:T111:W111', platformId: 'W111' },
    });
  });
});

describe('Slack payload details', () => {
  const where = { team_id: 'T1', event_id: 'Ev9', type: 'event_callback' };

  it('a top-level message is a message without thread; a thread parent (thread_ts = ts) too', () => {
    const top = eventOf(translate({ ...where, event: { type: 'message', channel: 'C1', user: 'U1', ts: '1.1', text: 'hi' } }));
    expect(top).toMatchObject({ type: 'message', thread: null });
    const parent = eventOf(translate({ ...where, event: { type: 'message', channel: 'C1', user: 'U1', ts: '1.1', thread_ts: '1.1', text: 'hi' } }));
    expect(parent).toMatchObject({ thread: null });
  });

  it('bot messages are ignored (bot_id, bot_message subtype), as are joins', () => {
    expect(translate({ ...where, event: { type: 'message', channel: 'C1', bot_id: 'B1', ts: '1.1', text: 'x' } }).kind).toBe('ignored');
    expect(translate({ ...where, event: { type: 'message', subtype: 'bot_message', channel: 'C1', ts: '1.1', text: 'x' } }).kind).toBe('ignored');
    expect(translate({ ...where, event: { type: 'message', subtype: 'channel_join', channel: 'C1', user: 'U1', ts: '1.1' } }).kind).toBe('ignored');
  });

  it('message_changed → message_edited with the new text; unchanged text is ignored', () => {
    const edit = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'C1',
      message: { type: 'message', user: 'U1', text: 'new &amp; better', ts: '2.2', thread_ts: '1.1', edited: { user: 'U1', ts: '3.3' } },
      previous_message: { type: 'message', user: 'U1', text: 'old', ts: '2.2', thread_ts: '1.1' },
    };
    expect(eventOf(translate({ ...where, event: edit }))).toEqual({
      type: 'message_edited',
      community: 'slack:T1',
      channel: 'slack:T1:C1',
      thread: 'slack:T1:C1:1.1',
      message: 'slack:T1:C1:2.2',
      messageId: 'T1:C1:2.2',
      user: { ref: 'slack:T1:U1', platformId: 'U1', name: 'U1', isAdmin: false },
      text: 'new & better',
    });
    const unfurl = { ...edit, previous_message: { ...edit.previous_message, text: 'new &amp; better' } };
    expect(translate({ ...where, event: unfurl }).kind).toBe('ignored');
  });

  it('message_deleted → message_deleted in its thread', () => {
    const event = eventOf(
      translate({ ...where, event: { type: 'message', subtype: 'message_deleted', hidden: true, channel: 'C1', deleted_ts: '2.2', previous_message: { user: 'U1', ts: '2.2', thread_ts: '1.1', text: 'x' } } }),
    );
    expect(event).toEqual({ type: 'message_deleted', community: 'slack:T1', channel: 'slack:T1:C1', thread: 'slack:T1:C1:1.1', message: 'slack:T1:C1:2.2', messageId: 'T1:C1:2.2' });
  });

  it('reaction_removed → reaction added:false, skin tones dropped', () => {
    const event = eventOf(translate({ ...where, event: { type: 'reaction_removed', user: 'U1', reaction: '+1::skin-tone-3', item: { type: 'message', channel: 'C1', ts: '1.1' } } }));
    expect(event).toMatchObject({ type: 'reaction', added: false, emoji: '+1' });
  });

  it('a view opened by this adapter brings back its channel, thread and state; select menus give the option value', () => {
    const payload = {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      trigger_id: 't.1',
      view: {
        callback_id: 'reviews.rubric',
        private_metadata: encodeFormMetadata({ state: 'answer:7', channel: 'C1', threadTs: '1.1' }),
        state: {
          values: {
            keep: { keep: { type: 'plain_text_input', value: 'Clear situation' } },
            learned: { learned: { type: 'plain_text_input', value: null } },
            result: { result: { type: 'static_select', selected_option: { value: '3', text: { type: 'plain_text', text: '3' } } } },
          },
        },
      },
    };
    expect(eventOf(translate(payload))).toMatchObject({
      type: 'form_submit',
      channel: 'slack:T1:C1',
      thread: 'slack:T1:C1:1.1',
      form: 'reviews.rubric',
      state: 'answer:7',
      values: { keep: 'Clear situation', learned: '', result: '3' },
    });
  });

  it('a repeated action id ("daily.answer#2") comes back as the core action', () => {
    const event = eventOf(
      translate({
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'U1', team_id: 'T1' },
        channel: { id: 'C1' },
        container: { type: 'message', channel_id: 'C1', message_ts: '5.5', thread_ts: '1.1' },
        actions: [{ type: 'button', action_id: 'reviews.helpful#2', value: 'r9' }],
      }),
    );
    expect(event).toMatchObject({ type: 'button', action: 'reviews.helpful', value: 'r9', thread: 'slack:T1:C1:1.1', message: 'slack:T1:C1:5.5' });
  });

  it('Slack markup in text becomes what the person typed', () => {
    expect(slackTextToPlain('cut p99 &lt;5 min &amp; 40%')).toBe('cut p99 <5 min & 40%');
    expect(slackTextToPlain('ask <@U123|bob> in <#C1|general>, see <https://x.test|docs> <!here>')).toBe('ask @bob in #general, see docs @here');
    expect(slackTextToPlain('<@U123> <https://x.test>')).toBe('@U123 https://x.test');
  });

  it('a mention in a slash command becomes the user ref (so `/mock partner:@bob` names one person)', () => {
    const event = eventOf(
      translate({ command: '/mock', text: 'round:2 partner:<@U0BOB|bob>', team_id: 'T1', channel_id: 'C1', user_id: 'U1', trigger_id: 't' }),
    );
    expect(event).toMatchObject({ type: 'command', command: 'mock', text: 'round:2 partner:slack:T1:U0BOB' });
  });

  it('each user mentioned in a slash command is reported in `mentions` (so a first-time partner can become a member)', () => {
    const command = (text: string) =>
      eventOf(translate({ command: '/mock', text, team_id: 'T1', channel_id: 'C1', user_id: 'U1', trigger_id: 't' }));
    const bob = { ref: 'slack:T1:U123', platformId: 'U123', name: 'bob', isAdmin: false };
    expect(command('partner:<@U123|bob>')).toMatchObject({ text: 'partner:slack:T1:U123', mentions: [bob] });
    // Once per person; without a label the name stays empty (users.info fills it in before dispatch).
    expect(command('<@U123|bob> <@U123|bob> <@U456>')).toMatchObject({
      mentions: [bob, { ref: 'slack:T1:U456', platformId: 'U456', name: '', isAdmin: false }],
    });
    // Channels and @here are no people; no mention, no `mentions`.
    expect(command('<#C9|general> <!here> round:2')).not.toHaveProperty('mentions');
  });

  it('garbage is ignored, never thrown', () => {
    for (const body of [null, 'x', 42, [], {}, { type: 'event_callback' }, { type: 'block_actions', actions: [] }, { command: '/prep' }]) {
      expect(translate(body).kind).toBe('ignored');
    }
  });
});
