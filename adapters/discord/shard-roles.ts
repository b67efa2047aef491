import { Routes, type REST, type RESTGetAPIGatewayBotResult } from 'discord.js';

/**
 * The scheduler (daily posts, reminders, digests) must run exactly once per bot, whatever the
 * number of shards: shard 0 runs it, every other shard is told BAR_RAISER_SCHEDULER=off. An operator
 * who turned it off for the whole bot (BAR_RAISER_SCHEDULER=off) keeps it off everywhere.
 */
export function schedulerSetting(shardId: number, inherited: string | undefined): string {
  if (shardId !== 0) return 'off';
  return inherited ?? 'on';
}

/** Discord's identify rate: `max_concurrency` shards may connect per 5 seconds. */
const IDENTIFY_WINDOW_MS = 5_500;

export interface ShardPlan {
  readonly count: number;
  /** Milliseconds between two shard spawns. */
  readonly spawnDelayMs: number;
}

/**
 * How many shards to run: SHARDS=N, or "auto" for Discord's recommendation (GET /gateway/bot, asked
 * through our REST client so DISCORD_API_URL applies, unlike discord.js's own "auto").
 */
export async function planShards(shards: string, rest: REST): Promise<ShardPlan> {
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  const spawnDelayMs = Math.ceil(IDENTIFY_WINDOW_MS / Math.max(1, gateway.session_start_limit.max_concurrency));
  const wanted = shards.trim().toLowerCase();
  if (wanted === '' || wanted === 'auto') return { count: Math.max(1, gateway.shards), spawnDelayMs };
  const count = Number(wanted);
  if (!Number.isInteger(count) || count < 1) throw new Error(`SHARDS: "${shards}" must be "auto" or a whole number of shards (1 or more)`);
  return { count, spawnDelayMs };
}
