import type { Channel, Client } from 'discord.js';
import type { Logger } from 'pino';
import { channelRef, communityRef, dmChannelRef, threadRef, type ChannelLocation } from './refs.js';

/** Where an event happened, with the display names the core stores for channels and communities. */
export interface Located {
  readonly location: ChannelLocation;
  readonly guildName?: string;
  readonly channelName?: string;
}

/**
 * Resolves a guild channel id to its location. A thread's refs need its parent channel, which a
 * message payload does not carry: the cache usually knows it (GUILD_CREATE lists active threads,
 * THREAD_CREATE adds new ones), otherwise one REST call fetches the channel.
 */
export async function locateGuildChannel(
  client: Client,
  guildId: string,
  channelId: string,
  log: Logger,
): Promise<Located> {
  let channel: Channel | null | undefined = client.channels.cache.get(channelId);
  if (!channel || channel.partial || (channel.isThread() && !channel.parentId)) {
    channel = await client.channels.fetch(channelId).catch((err: unknown) => {
      log.warn({ err, channelId }, 'could not fetch a channel; treating it as a plain channel');
      return null;
    });
  }
  const guildName = client.guilds.cache.get(guildId)?.name;
  if (channel?.isThread() && channel.parentId) {
    const parent = client.channels.cache.get(channel.parentId);
    return {
      location: { guildId, channelId: channel.parentId, threadId: channel.id, dm: false },
      guildName,
      channelName: parent && 'name' in parent && parent.name ? `#${parent.name}` : undefined,
    };
  }
  const name = channel && 'name' in channel && channel.name ? `#${channel.name}` : undefined;
  return { location: { guildId, channelId, threadId: null, dm: false }, guildName, channelName: name };
}

/** A DM channel, attributed to the guild its button or form came from. */
export function locateDm(guildId: string, dmChannelId: string, client: Client): Located {
  return {
    location: { guildId, channelId: dmChannelId, threadId: null, dm: true },
    guildName: client.guilds.cache.get(guildId)?.name,
    channelName: 'direct message',
  };
}

/** The community/channel/thread part every normalized event carries. */
export function whereFields(where: Located) {
  const { guildId, channelId, threadId, dm } = where.location;
  return {
    community: communityRef(guildId),
    communityName: where.guildName,
    channel: dm ? dmChannelRef(guildId, channelId) : channelRef(guildId, channelId),
    channelName: where.channelName,
    thread: threadId ? threadRef(guildId, channelId, threadId) : null,
  };
}
