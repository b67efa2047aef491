import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../src/core/events.js';
import type { FakeDiscord } from './fakes/discord/fake-discord.js';
import { fixtureNames, loadFixture } from './fakes/discord/fixtures.js';
import { startAdapter, startFake, type AdapterUnderTest } from './fakes/discord/test-env.js';

/*
 * Every recorded payload in ../shared/fixtures/discord/ goes through a real discord.js Client (via
 * the fake gateway) and the adapter's translation, and must come out as the right normalized
 * event, or as nothing when the core should never see it.
 */

// The ids the fixtures use: a real recorded server (vercel/chat) and Discord's documentation example.
const RECORDED_GUILD = '1457468924290662599';
const RECORDED_CHANNEL = '1457510428359004343';
const RECORDED_THREAD = '1457536551830421524';
const DOCS_GUILD = '290926798626357999';
const DOCS_CHANNEL = '645027906669510667';
const HIKARI_GUILD = '43123123';

let fake: FakeDiscord;
let bot: AdapterUnderTest;

beforeAll(async () => {
  // The bot is the one the recordings mention (vercel/chat's "Chat SDK Demo").
  fake = await startFake({ bot: { id: '1457469483726668048', username: 'Chat SDK Demo' } });
  fake.addGuild({ id: DOCS_GUILD, name: 'Docs Guild', channels: [{ id: DOCS_CHANNEL, name: 'general' }] });
  // hikari's synthetic messages live in channel 456 of guild 678; discord.js needs it known to parse their polls.
  fake.addGuild({ id: '678', name: 'hikari', channels: [{ id: '456', name: 'hikari-testing' }] });
  fake.addGuild({ id: HIKARI_GUILD, name: 'hikari commands', channels: [{ id: '123', name: 'general' }] });
  bot = await startAdapter(fake);
});

afterAll(async () => {
  await bot.adapter.stop();
  await fake.close();
});

beforeEach(() => {
  bot.events.length = 0;
});

/** Dispatches one fixture and returns the events it produced once the adapter is quiet again. */
async function eventsOf(send: () => void, expected: number): Promise<InboundEvent[]> {
  send();
  if (expected > 0) {
    await fake.waitFor(() => bot.events.length >= expected, 'the translated event').catch((err: Error) => {
      throw new Error(`${err.message}; adapter log: ${JSON.stringify(bot.lines().filter((l) => Number(l.level) >= 40))}`);
    });
  }
  // Give a stray second event (or a wrongly handled ignore) the chance to show up.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return [...bot.events];
}

const dispatch = (name: string, change: (d: Record<string, any>) => void = () => undefined) => () => {
  const fixture = loadFixture<{ t: string; d: Record<string, any> }>(name);
  change(fixture.d);
  fake.dispatchRaw(fixture.t, fixture.d);
};

/**
 * Discord's documentation example leaves out fields every live payload carries (SOURCES.md says
 * so); discord.js needs `entitlements`. Only what is missing is filled in.
 */
function asLive(payload: Record<string, any>): Record<string, any> {
  return { entitlements: [], authorizing_integration_owners: {}, version: 1, ...payload };
}

/** hikari's user is a bot everywhere it appears (member, resolved data, messages): make it a person. */
function asPerson(payload: Record<string, any>): Record<string, any> {
  const id = payload.member.user.id as string;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.id === id && 'username' in object) object.bot = false;
      Object.values(object).forEach(visit);
    }
  };
  visit(payload);
  return payload;
}

const testUser = {
  ref: `discord:${RECORDED_GUILD}:@1033044521375764530`,
  platformId: '1033044521375764530',
  name: 'Test User',
  isAdmin: false,
  isBot: false,
};
const recordedChannel = {
  community: `discord:${RECORDED_GUILD}`,
  communityName: 'Data Eng Prep',
  channel: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}`,
  channelName: '#study-group',
};
const mason = { ref: `discord:${DOCS_GUILD}:@53908232506183680`, platformId: '53908232506183680', name: 'Mason', isAdmin: true, isBot: false };
const docsChannel = { community: `discord:${DOCS_GUILD}`, communityName: 'Docs Guild', channel: `discord:${DOCS_GUILD}:${DOCS_CHANNEL}`, channelName: '#general', thread: null };

describe('Discord fixtures → normalized events', () => {
  it('covers every fixture file (a new fixture needs an expectation here)', () => {
    expect(fixtureNames()).toEqual([
      'gateway-hello.json',
      'gateway-message-create.json',
      'gateway-reaction-add.json',
      'gateway-ready.json',
      'gateway-thread-create.json',
      'interaction-button-hikari.json',
      'interaction-button.json',
      'interaction-modal-submit-label.json',
      'interaction-modal-submit.json',
      'interaction-slash-command-subcommand.json',
      'interaction-slash-command.json',
    ]);
  });

  it('gateway-hello and gateway-ready are what the fake greets and readies the client with', () => {
    // The fake builds HELLO and READY from these two fixtures; the client reached READY on them.
    expect(loadFixture('gateway-hello.json')).toMatchObject({ op: 10, d: { heartbeat_interval: expect.any(Number) } });
    expect(bot.adapter.client.isReady()).toBe(true);
    expect(bot.adapter.client.user?.id).toBe('1457469483726668048');
  });

  it('gateway-message-create: a message in a channel (not a thread)', async () => {
    const events = await eventsOf(dispatch('gateway-message-create.json'), 1);
    expect(events).toEqual([
      {
        type: 'message',
        ...recordedChannel,
        thread: null,
        message: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}/1457536551830421524`,
        messageId: '1457536551830421524',
        user: testUser,
        text: '<@1457469483726668048> Hey',
      },
    ]);
  });

  it('gateway-thread-create: no event, but later events in the thread know its parent channel', async () => {
    expect(await eventsOf(dispatch('gateway-thread-create.json'), 0)).toEqual([]);
    expect(bot.adapter.client.channels.cache.get(RECORDED_THREAD)?.isThread()).toBe(true);
  });

  it('gateway-reaction-add: a reaction on a message in that thread', async () => {
    const events = await eventsOf(dispatch('gateway-reaction-add.json'), 1);
    expect(events).toEqual([
      {
        type: 'reaction',
        ...recordedChannel,
        thread: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}:${RECORDED_THREAD}`,
        emoji: '👍',
        added: true,
        message: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}:${RECORDED_THREAD}/1457536955662471180`,
        messageId: '1457536955662471180',
        user: testUser,
      },
    ]);
  });

  it('gateway-message-create, edited and deleted: message_edited and message_deleted', async () => {
    const original = loadFixture<{ d: Record<string, any> }>('gateway-message-create.json').d;
    const edit = { ...original, content: 'Hey, edited', edited_timestamp: '2026-01-05T00:52:00.000000+00:00' };
    const edited = await eventsOf(() => fake.dispatchRaw('MESSAGE_UPDATE', edit), 1);
    expect(edited).toEqual([
      {
        type: 'message_edited',
        ...recordedChannel,
        thread: null,
        message: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}/1457536551830421524`,
        messageId: '1457536551830421524',
        user: testUser,
        text: 'Hey, edited',
      },
    ]);
    bot.events.length = 0;
    const deleted = await eventsOf(() => fake.dispatchRaw('MESSAGE_DELETE', { id: original.id, channel_id: original.channel_id, guild_id: original.guild_id }), 1);
    expect(deleted).toEqual([
      {
        type: 'message_deleted',
        ...recordedChannel,
        thread: null,
        message: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}/1457536551830421524`,
        messageId: '1457536551830421524',
      },
    ]);
  });

  it('a link preview (an update without an edit timestamp) is not an edit', async () => {
    const update = loadFixture<{ d: Record<string, any> }>('gateway-message-create.json').d;
    expect(await eventsOf(() => fake.dispatchRaw('MESSAGE_UPDATE', { ...update, content: 'Hey', edited_timestamp: null }), 0)).toEqual([]);
  });

  it('interaction-button: a button click in a thread', async () => {
    const payload = loadFixture<Record<string, any>>('interaction-button.json');
    const record = fake.injectInteraction(payload);
    const events = await eventsOf(() => undefined, 1);
    expect(events).toEqual([
      {
        type: 'button',
        ...recordedChannel,
        thread: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}:${RECORDED_THREAD}`,
        action: 'hello',
        value: '',
        message: `discord:${RECORDED_GUILD}:${RECORDED_CHANNEL}:${RECORDED_THREAD}/${payload.message.id}`,
        // The clicker's permissions in the payload include Manage Server.
        user: { ...testUser, isAdmin: true },
        interaction: 'discord:interaction:1457536583141163186',
      },
    ]);
    // Nobody answered in time, so the click was acknowledged quietly (DEFERRED_UPDATE_MESSAGE).
    expect(record.callbacks.map((c) => c.type)).toEqual([6]);
  });

  it('interaction-slash-command: the documentation example (old shape: channel_id only)', async () => {
    const record = fake.injectInteraction(asLive(loadFixture('interaction-slash-command.json')));
    const events = await eventsOf(() => undefined, 1);
    expect(events).toEqual([
      {
        type: 'command',
        ...docsChannel,
        command: 'cardsearch',
        text: 'cardname:The Gitrog Monster',
        user: mason,
        interaction: 'discord:interaction:786008729715212338',
      },
    ]);
    // Deferred at once, privately (flags 64 = ephemeral), then the unused "thinking…" removed.
    expect(record.callbacks).toEqual([{ type: 5, data: { flags: 64 } }]);
    await fake.waitFor(() => record.originalDeleted, 'the placeholder removed');
  });

  it('interaction-modal-submit-label: a form submit (Label layout)', async () => {
    fake.injectInteraction(asLive(loadFixture('interaction-modal-submit-label.json')));
    const events = await eventsOf(() => undefined, 1);
    expect(events).toEqual([
      {
        type: 'form_submit',
        ...docsChannel,
        form: 'game_feedback_modal',
        state: '',
        values: { game_feedback: 'The recent changes to acceleration feel much better, but shadows still need help' },
        user: mason,
        interaction: 'discord:interaction:786008729715212338',
      },
    ]);
  });

  it('the hikari interactions are clicked, submitted and commanded by a bot user: quietly ignored', async () => {
    const records = ['interaction-button-hikari.json', 'interaction-modal-submit.json', 'interaction-slash-command-subcommand.json'].map(
      (name) => fake.injectInteraction(loadFixture(name)),
    );
    expect(await eventsOf(() => undefined, 0)).toEqual([]);
    expect(records.flatMap((r) => r.callbacks)).toEqual([]);
  });

  it('interaction-slash-command-subcommand, from a person: subcommand and typed options (integer, user) as text', async () => {
    fake.injectInteraction(asPerson(loadFixture('interaction-slash-command-subcommand.json')));
    const events = await eventsOf(() => undefined, 1);
    expect(events).toEqual([
      {
        type: 'command',
        community: `discord:${HIKARI_GUILD}`,
        communityName: 'hikari commands',
        channel: `discord:${HIKARI_GUILD}:123`,
        channelName: '#general',
        thread: null,
        command: 'okokokok',
        // hikari's option names contain spaces; a user option becomes the member's ref.
        text: `an option go ice:42 go fire:discord:${HIKARI_GUILD}:@123123123`,
        user: { ref: `discord:${HIKARI_GUILD}:@115590097100865541`, platformId: '115590097100865541', name: 'Snab', isAdmin: true, isBot: false },
        interaction: 'discord:interaction:3490190239012093',
      },
    ]);
  });

  it('/mock start with a user option: the partner is in the text as a ref and in `mentions` as a person', async () => {
    const carol = fake.user('300000000000000091', 'carol');
    const dana = fake.user('300000000000000092', 'dana');
    fake.command(carol, RECORDED_CHANNEL, 'mock', 'start', { round: 2, partner: { user: dana } });
    const events = await eventsOf(() => undefined, 1);
    const danaRef = `discord:${RECORDED_GUILD}:@300000000000000092`;
    expect(events).toEqual([
      expect.objectContaining({
        type: 'command',
        command: 'mock',
        text: `round:2 partner:${danaRef}`,
        user: expect.objectContaining({ platformId: '300000000000000091', name: 'carol' }),
        // Not an admin whatever her rights: a mention grants nothing.
        mentions: [{ ref: danaRef, platformId: '300000000000000092', name: 'dana', isAdmin: false, isBot: false }],
      }),
    ]);
  });

  it('interaction-modal-submit (the older action-row layout), from a person: a form submit', async () => {
    fake.injectInteraction(asPerson(loadFixture('interaction-modal-submit.json')));
    const events = await eventsOf(() => undefined, 1);
    expect(events[0]).toMatchObject({
      type: 'form_submit',
      community: `discord:${DOCS_GUILD}`,
      form: 'modaltest',
      state: '',
      values: { name: 'Wumpus', about: 'Longer Text' },
      user: { platformId: '115590097100865541', name: 'Snab', isAdmin: true },
    });
  });
});
