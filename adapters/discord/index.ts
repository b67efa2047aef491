import { once } from 'node:events';
import { DiscordjsErrorCodes, Events, Status, type Client } from 'discord.js';
import type { AdapterContext, DispatchFn, PlatformAdapter } from '../../src/core/platform.js';
import { DiscordChat } from './chat-port.js';
import { createClient, type ClientSettings } from './client.js';
import { checkRegisteredCommands } from './command-sync.js';
import { CustomIds } from './custom-ids.js';
import { FormSessions } from './form-sessions.js';
import { Inbound } from './inbound.js';
import { LiveInteractions } from './live-interactions.js';
import { RawChannelIds } from './raw-channel-ids.js';

export interface DiscordAdapterOptions extends ClientSettings {
  readonly token: string;
  readonly applicationId: string;
  /**
   * Whether this process runs the minute scheduler (main.ts decides from BAR_RAISER_SCHEDULER).
   * Under the ShardingManager exactly one shard does; it is logged so an operator can see which.
   */
  readonly runScheduler: boolean;
}

export interface DiscordAdapter extends PlatformAdapter {
  readonly port: DiscordChat;
  readonly client: Client;
}

/** Bar Raiser on Discord: a discord.js gateway client for events, its REST client for everything sent. */
export function createDiscordAdapter(context: AdapterContext, options: DiscordAdapterOptions): DiscordAdapter {
  const log = context.log.child({ adapter: 'discord' });
  const client = createClient(options);
  const customIds = new CustomIds();
  const interactions = new LiveInteractions();
  const forms = new FormSessions();
  const port = new DiscordChat({
    rest: client.rest,
    customIds,
    interactions,
    forms,
    botUserId: () => client.user?.id ?? null,
    log,
  });
  let inbound: Inbound | null = null;

  return {
    name: 'discord',
    port,
    client,
    async start(dispatch: DispatchFn): Promise<void> {
      inbound = new Inbound(
        { client, adminUserIds: context.adminUserIds, log, interactions, forms, customIds, rawChannelIds: new RawChannelIds() },
        dispatch,
      );
      inbound.attach(client);
      client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway shard disconnected for good'));
      client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway shard resumed'));
      client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
      try {
        await client.login(options.token);
      } catch (err) {
        throw explainLoginFailure(err);
      }
      if (!client.isReady()) await once(client, Events.ClientReady);
      const shards = client.options.shards as number[];
      log.info(
        { shards, shardCount: client.options.shardCount, guilds: client.guilds.cache.size, scheduler: options.runScheduler },
        `Discord connected as ${client.user?.tag ?? 'the bot'} (shards ${shards.join(',')}; scheduler ${options.runScheduler ? 'on' : 'off'})`,
      );
      // Once per bot, not once per shard: shard 0's process checks the registered commands.
      if (shards.includes(0)) {
        await checkRegisteredCommands(client.rest, options.applicationId, [...client.guilds.cache.keys()], log);
      }
    },
    async stop(): Promise<void> {
      await inbound?.drain();
      await client.destroy();
    },
    healthy(): boolean {
      return client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready);
    },
  };
}

/** The two start-up failures an operator can fix, said in their words (see the README, "Run on Discord"). */
function explainLoginFailure(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as { code?: unknown }).code === DiscordjsErrorCodes.TokenInvalid) {
    return new Error('DISCORD_TOKEN: Discord refused the token. Copy it again from the Developer Portal (your app → Bot → Reset Token).');
  }
  if (/disallowed intents/i.test(message)) {
    return new Error(
      'Discord refused the Message Content intent: enable it in the Developer Portal (your app → Bot → Privileged Gateway Intents → Message Content Intent), then start again.',
    );
  }
  return err instanceof Error ? err : new Error(message);
}
