import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schedulerSetting } from '../adapters/discord/shard-roles.js';
import { createApp, type App } from '../src/app.js';
import { loadCatalog } from '../src/catalog/load.js';
import { ManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { InboundEvent } from '../src/core/events.js';
import type { ChatPort } from '../src/core/ports.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { FakeDiscord, PERMISSIONS } from './fakes/discord/fake-discord.js';
import { shardOf } from './fakes/discord/fake-gateway.js';
import { startAdapter, startFake, type AdapterUnderTest } from './fakes/discord/test-env.js';

/** Two guilds that Discord's rule puts on different shards of two. */
const GUILD_ON_0 = String(1000n << 22n);
const GUILD_ON_1 = String(1001n << 22n);
const CHANNEL_ON_1 = '1457510428359004343';

interface ShardProcess {
  readonly shardId: number;
  readonly runScheduler: boolean;
  readonly storage: Storage;
  readonly app: App;
  readonly bot: AdapterUnderTest;
  readonly threadsStarted: string[];
  /** The events this shard's Client received. */
  readonly events: InboundEvent[];
}

let fake: FakeDiscord | null = null;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fake?.close();
  fake = null;
});

function tempDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-shards-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'bar-raiser.db');
}

describe('Discord sharding', () => {
  it('gives the scheduler to shard 0 only, unless the operator turned it off everywhere', () => {
    expect([0, 1, 2, 3].map((id) => schedulerSetting(id, undefined))).toEqual(['on', 'off', 'off', 'off']);
    expect([0, 1].map((id) => schedulerSetting(id, 'off'))).toEqual(['off', 'off']);
    expect(shardOf(GUILD_ON_0, 2)).toBe(0);
    expect(shardOf(GUILD_ON_1, 2)).toBe(1);
  });

  it('two shards on one database: one scheduler posts everywhere, each shard answers its own guilds', async () => {
    fake = await FakeDiscord.start({ shardCount: 2 });
    fake.addGuild({ id: GUILD_ON_0, name: 'Guild on shard 0', channels: [{ id: '1457510428359004001', name: 'prep-0' }] });
    fake.addGuild({ id: GUILD_ON_1, name: 'Guild on shard 1', channels: [{ id: CHANNEL_ON_1, name: 'prep-1' }] });
    const databasePath = tempDatabase();
    const clock = new ManualClock('2026-11-30T08:00:00Z');
    const catalog = loadCatalog();

    const startShard = async (shardId: number): Promise<ShardProcess> => {
      const runScheduler = schedulerSetting(shardId, undefined) !== 'off';
      const storage = openStorage(databasePath);
      const threadsStarted: string[] = [];
      const events: InboundEvent[] = [];
      let app: App | null = null;
      const bot = await startAdapter(fake!, {
        shards: { ids: [shardId], count: 2 },
        runScheduler,
        dispatch: (event) => {
          events.push(event);
          return app!.dispatcher.dispatch(event);
        },
      });
      // Counts which shard's port opened threads, without changing what it does.
      const port = bot.adapter.port;
      const counting: ChatPort = Object.assign(Object.create(port) as ChatPort, {
        startThread: (...args: Parameters<ChatPort['startThread']>) => {
          threadsStarted.push(args[0]);
          return port.startThread(...args);
        },
      });
      app = createApp({ storage, catalog, clock, port: counting, log: silentLogger, settings: { defaultTimezone: 'UTC', adminUserIds: [] } });
      await app.dispatcher.start();
      const shard = { shardId, runScheduler, storage, app, bot, threadsStarted, events };
      cleanups.push(async () => {
        await bot.adapter.stop();
        storage.close();
      });
      return shard;
    };
    const shards = [await startShard(0), await startShard(1)];
    expect(fake.gateway.log.filter((e) => e.op === 'identify').map((e) => e.shard)).toEqual([[0, 2], [1, 2]]);
    expect(shards.map((s) => [...s.bot.adapter.client.guilds.cache.keys()])).toEqual([[GUILD_ON_0], [GUILD_ON_1]]);
    expect(shards.filter((s) => s.runScheduler).map((s) => s.shardId)).toEqual([0]);

    // An admin schedules the channel of the guild on shard 1: only shard 1 gets the command.
    const admin = fake.user('300000000000000001', 'alice');
    const setup = fake.command(admin, CHANNEL_ON_1, 'prep', 'setup', { time: '09:00', tz: 'UTC' }, PERMISSIONS.manageServer);
    await fake.waitFor(() => setup.original, 'the setup answer');
    expect(shards[1]!.events.map((e) => e.type)).toEqual(['command']);
    expect(shards[0]!.events).toEqual([]);

    // main.ts ticks only where the scheduler runs; the minute after 09:00 posts once, from shard 0.
    clock.set(new Date('2026-11-30T09:00:00Z'));
    for (const shard of shards) if (shard.runScheduler) await shard.app.dispatcher.tick(clock.now());
    expect(shards.map((s) => s.threadsStarted.length)).toEqual([1, 0]);
    const [post] = fake.botMessagesIn(CHANNEL_ON_1);
    expect(post?.embeds[0]?.title).toMatch(/^Round 1/);

    // The answer in the thread reaches the shard that holds the guild, whose core gives feedback.
    const bob = fake.user('300000000000000002', 'bob');
    fake.say(bob, post!.id, 'Last year our team missed the SLA. I was asked to fix it. I built a retry. As a result, failures fell 40%.');
    await fake.waitFor(() => fake!.privateTo(bob.id).length > 0, 'feedback for bob');
    expect(shards[1]!.events.map((e) => e.type)).toContain('message');
    expect(shards[0]!.events.filter((e) => e.type === 'message')).toEqual([]);
  });

  it('npm run start:sharded: the ShardingManager spawns src/main.ts per shard, and exactly one runs the scheduler', async () => {
    fake = await startFake({ shardCount: 2 });
    fake.addGuild({ id: GUILD_ON_1, name: 'Guild on shard 1', channels: [{ id: CHANNEL_ON_1, name: 'prep-1' }] });
    // The operator's own setting must not leak in: shard 0 decides by default.
    const { BAR_RAISER_SCHEDULER: _inherited, ...environment } = process.env;
    const manager = spawn(process.execPath, ['--import', 'tsx', 'adapters/discord/sharded.ts'], {
      env: {
        ...environment,
        SHARDS: 'auto',
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_PATH: tempDatabase(),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    manager.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const complete = stderr.split('\n');
      stderr = complete.pop() ?? '';
      for (const line of complete) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ msg: line });
        }
      }
    });
    const exited = new Promise<number | null>((resolve) => manager.once('exit', resolve));
    cleanups.push(async () => {
      if (manager.exitCode === null) manager.kill('SIGTERM');
      await exited;
    });
    const connected = () => lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Discord connected'));
    await fake.waitFor(() => connected().length === 2, `both shards connected (log: ${JSON.stringify(lines)})`, 90_000);
    expect(fake.gateway.log.filter((e) => e.op === 'identify').map((e) => e.shard)).toEqual([[0, 2], [1, 2]]);
    const roles = connected()
      .map((l) => [l.shards, l.scheduler])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(roles).toEqual([[[0], true], [[1], false]]);

    // A graceful stop reaches every shard.
    manager.kill('SIGTERM');
    expect(await exited).toBe(0);
    await fake.waitFor(() => lines.filter((l) => l.msg === 'stopped').length === 2, 'both shards stopped');
  }, 120_000);
});
