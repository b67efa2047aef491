import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';

export interface ClientSettings {
  /** Replaces the REST base, e.g. http://127.0.0.1:8080/api (the gateway address still comes from GET /gateway/bot). */
  readonly apiUrl?: string;
  /** Which shards this process runs; by default discord.js reads SHARDS/SHARD_COUNT set by the ShardingManager. */
  readonly shards?: { readonly ids: readonly number[]; readonly count: number };
}

/** Messages kept per channel: enough to tell a real edit from a repeat, small enough for thousands of guilds. */
const MESSAGES_CACHED_PER_CHANNEL = 50;

export function createClient(settings: ClientSettings): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      // Privileged: without it answers arrive with empty text (see the README, "Run on Discord").
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.DirectMessages,
    ],
    // Reactions, edits and deletes on messages this process never cached (older posts, after a restart).
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: MESSAGES_CACHED_PER_CHANNEL,
    }),
    ...(settings.apiUrl ? { rest: { api: settings.apiUrl } } : {}),
    ...(settings.shards ? { shards: [...settings.shards.ids], shardCount: settings.shards.count } : {}),
  });
}
