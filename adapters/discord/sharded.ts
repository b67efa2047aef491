/**
 * `npm run start:sharded`: Bar Raiser under discord.js's ShardingManager, one process per shard
 * (SHARDS=auto or a number). Every shard handles its guilds' events; shard 0 alone runs the
 * scheduler; all share the SQLite database (WAL). One machine only: see the README.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, ShardingManager } from 'discord.js';
import { loadConfigOrExit } from '../../src/config.js';
import { planShards, schedulerSetting } from './shard-roles.js';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/main.ts');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function run(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.DISCORD_TOKEN) fail('DISCORD_TOKEN: required to run sharded (see the README, "Run on Discord")');
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  let plan;
  try {
    plan = await planShards(process.env.SHARDS ?? 'auto', rest);
  } catch (err) {
    fail(`Could not plan the shards: ${(err as Error).message}`);
  }
  const manager = new ShardingManager(MAIN, {
    token: config.DISCORD_TOKEN,
    totalShards: plan.count,
    mode: 'process',
    // The shards run the TypeScript entry point directly, as `npm start` does.
    execArgv: ['--import', 'tsx'],
  });
  const inherited = process.env.BAR_RAISER_SCHEDULER;
  manager.on('shardCreate', (shard) => {
    const scheduler = schedulerSetting(shard.id, inherited);
    (shard.env as NodeJS.ProcessEnv).BAR_RAISER_SCHEDULER = scheduler;
    process.stderr.write(`${JSON.stringify({ msg: 'shard starting', shard: shard.id, of: plan.count, scheduler })}\n`);
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Each shard shuts down gracefully on SIGTERM (main.ts): sends in flight finish first.
    for (const shard of manager.shards.values()) shard.process?.kill(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
    const exits = [...manager.shards.values()].map((shard) => new Promise((done) => (shard.process ? shard.process.once('exit', done) : done(null))));
    void Promise.all(exits).then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await manager.spawn({ amount: plan.count, delay: plan.spawnDelayMs, timeout: 60_000 });
}

await run();
