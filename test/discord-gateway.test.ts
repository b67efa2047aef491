import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { silentLogger } from '../src/core/logger.js';
import type { MessageEvent } from '../src/core/events.js';
import type { FakeDiscord } from './fakes/discord/fake-discord.js';
import { CHANNEL, GUILD, startAdapter, startFake, type AdapterUnderTest } from './fakes/discord/test-env.js';

describe('Discord gateway: a real discord.js Client against the fake', () => {
  let fake: FakeDiscord;
  let bot: AdapterUnderTest;

  beforeEach(async () => {
    fake = await startFake();
    bot = await startAdapter(fake);
  });

  afterEach(async () => {
    await bot.adapter.stop();
    await fake.close();
  });

  const messages = () => bot.events.filter((e): e is MessageEvent => e.type === 'message');

  it('identifies, gets READY and the guild, and turns a MESSAGE_CREATE into a message event', async () => {
    expect(fake.gateway.log.filter((e) => e.op === 'identify')).toEqual([{ op: 'identify', shard: [0, 1] }]);
    expect(bot.adapter.healthy()).toBe(true);
    expect(bot.adapter.client.guilds.cache.get(GUILD)?.name).toBe('Data Eng Prep');

    const alice = fake.user('300000000000000001', 'alice');
    const sent = fake.say(alice, CHANNEL, 'hello study group');
    const event = await fake.waitFor(() => messages()[0], 'the message event');
    expect(event).toMatchObject({
      type: 'message',
      community: `discord:${GUILD}`,
      communityName: 'Data Eng Prep',
      channel: `discord:${GUILD}:${CHANNEL}`,
      channelName: '#study-group',
      thread: null,
      message: `discord:${GUILD}:${CHANNEL}/${sent.id}`,
      messageId: sent.id,
      text: 'hello study group',
      user: { ref: `discord:${GUILD}:@${alice.id}`, platformId: alice.id, name: 'alice', isAdmin: false, isBot: false },
    });
  });

  it('survives a dropped connection: it resumes the session and gets the event it missed', async () => {
    const alice = fake.user('300000000000000001', 'alice');
    fake.say(alice, CHANNEL, 'before the drop');
    await fake.waitFor(() => messages().length === 1, 'the first message');

    fake.gateway.disconnect(0);
    // Sent while the bot is away: the fake keeps it for the session, as Discord does.
    fake.say(alice, CHANNEL, 'while disconnected');
    fake.say(alice, CHANNEL, 'and another');

    await fake.waitFor(() => messages().length === 3, 'the missed messages', 10_000);
    expect(messages().map((m) => m.text)).toEqual(['before the drop', 'while disconnected', 'and another']);
    // Resumed, not re-identified: a new session would have lost the missed events.
    expect(fake.gateway.log.filter((e) => e.op === 'identify')).toHaveLength(1);
    expect(fake.gateway.log.filter((e) => e.op === 'resume')).toHaveLength(1);
    await fake.waitFor(() => bot.adapter.healthy(), 'healthy again');

    fake.say(alice, CHANNEL, 'after the resume');
    await fake.waitFor(() => messages().length === 4, 'the message after the resume');
  });

  it("ignores the bot's own messages and other bots'", async () => {
    const otherBot = fake.user('300000000000000009', 'other-bot', { bot: true });
    const alice = fake.user('300000000000000001', 'alice');
    fake.say(otherBot, CHANNEL, 'beep');
    fake.say(fake.bot, CHANNEL, 'my own post');
    fake.say(alice, CHANNEL, 'a person');
    await fake.waitFor(() => messages().length === 1, 'the person');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages().map((m) => m.text)).toEqual(['a person']);
  });
});

describe('Discord start-up failures an operator can fix', () => {
  const start = async (fake: FakeDiscord, token: string) => {
    const adapter = createDiscordAdapter(
      { log: silentLogger, adminUserIds: [] },
      { token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, runScheduler: true },
    );
    try {
      await adapter.start(async () => ({ handled: true }));
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await adapter.stop();
    }
  };

  it('a wrong token says where to get the right one', async () => {
    const fake = await startFake();
    try {
      expect(await start(fake, 'not-the-token')).toMatch(/^DISCORD_TOKEN: Discord refused the token/);
    } finally {
      await fake.close();
    }
  });

  it('a missing Message Content intent says where to enable it', async () => {
    const fake = await startFake({ messageContentIntent: false });
    try {
      expect(await start(fake, fake.token)).toMatch(/Privileged Gateway Intents → Message Content Intent/);
    } finally {
      await fake.close();
    }
  });
});
