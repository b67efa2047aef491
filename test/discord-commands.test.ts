import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../adapters/discord/commands.js';
import type { FakeDiscord } from './fakes/discord/fake-discord.js';
import { CHANNEL, GUILD, startAdapter, startFake } from './fakes/discord/test-env.js';

/** Registering the slash commands, the start-up check that they are current, and autocomplete. */

const run = promisify(execFile);
let fake: FakeDiscord;

beforeEach(async () => {
  fake = await startFake();
});

afterEach(async () => {
  await fake.close();
});

function register(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'adapters/discord/register-cli.ts', ...args], {
    env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, ...env },
  });
}

const warnings = (lines: Record<string, unknown>[]) => lines.filter((l) => l.level === 40 && String(l.msg).includes('discord:register'));

describe('slash command registration', () => {
  it('npm run discord:register -- --guild ID registers /prep and /mock in that server; start-up then finds them current', async () => {
    const { stdout } = await register(['--guild', GUILD]);
    expect(stdout).toBe(`Registered /prep and /mock in server ${GUILD} (available now).\n`);
    const put = fake.callsTo('PUT', new RegExp(`^/applications/${fake.applicationId}/guilds/${GUILD}/commands$`))[0]!;
    expect(put.body).toEqual(commandDefinitions());

    const bot = await startAdapter(fake);
    await bot.adapter.stop();
    expect(warnings(bot.lines())).toEqual([]);
  }, 60_000);

  it('without --guild it registers globally; bad arguments and a refused token are explained', async () => {
    expect((await register([])).stdout).toContain('globally');
    expect(fake.world.globalCommands.map((c) => c.name)).toEqual(['prep', 'mock']);
    await expect(register(['--guild', 'my-server'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('is not a server id') });
    await expect(register([], { DISCORD_TOKEN: 'wrong' })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('refused DISCORD_TOKEN') });
  }, 60_000);

  it('start-up warns once, saying what to run, when the registered commands are missing or out of date', async () => {
    const bot = await startAdapter(fake);
    await bot.adapter.stop();
    expect(warnings(bot.lines())).toHaveLength(1);
    expect(String(warnings(bot.lines())[0]!.msg)).toContain('run `npm run discord:register`');

    fake.world.globalCommands.push(...commandDefinitions().map((c) => ({ ...c, id: '1', application_id: '1', version: '1', type: 1 as const, default_member_permissions: null })));
    fake.world.globalCommands[0]!.description = 'an older description';
    const again = await startAdapter(fake);
    await again.adapter.stop();
    expect(warnings(again.lines()).map((l) => l.problems)).toEqual([['/prep has changed']]);
  });

  it('only the process holding shard 0 checks, so N shards do not warn N times', async () => {
    const bot = await startAdapter(fake, { shards: { ids: [1], count: 2 } });
    await bot.adapter.stop();
    expect(fake.callsTo('GET', /\/commands$/)).toEqual([]);
  });
});

describe('time zone autocomplete', () => {
  it('answers an autocomplete interaction for /prep setup tz with matching zones', async () => {
    const bot = await startAdapter(fake);
    try {
      const alice = fake.user('300000000000000001', 'alice');
      const record = fake.injectInteraction({
        id: '900000000000000001',
        application_id: fake.applicationId,
        type: 4,
        token: 'autocomplete-token',
        version: 1,
        guild_id: GUILD,
        channel_id: CHANNEL,
        channel: { id: CHANNEL, type: 0, guild_id: GUILD, name: 'study-group' },
        member: { user: alice, roles: [], permissions: '0', joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
        locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { 0: GUILD },
        context: 0,
        data: {
          id: '1',
          name: 'prep',
          type: 1,
          options: [{ name: 'setup', type: 1, options: [{ name: 'tz', type: 3, value: 'berl', focused: true }] }],
        },
      });
      await fake.waitFor(() => record.callbacks[0], 'the suggestions');
      expect(record.callbacks[0]).toEqual({ type: 8, data: { choices: [{ name: 'Europe/Berlin', value: 'Europe/Berlin' }] } });
      // Suggestions are the adapter's business: the core never hears about them.
      expect(bot.events).toEqual([]);
    } finally {
      await bot.adapter.stop();
    }
  });
});
