import type { Ref } from '../../src/core/ports.js';

/**
 * The Discord ref scheme. The core treats refs as opaque; only this module builds or reads them.
 *
 *   discord:<guild>                          community (a guild)
 *   discord:<guild>:<channel>                text channel
 *   discord:<guild>:<channel>:<thread>       thread inside that channel
 *   discord:<guild>:dm:<dmChannel>           a direct-message channel, remembered with the guild it
 *                                            was opened for (a click in a DM still belongs to a guild)
 *   <channel, thread or dm ref>/<message>    a message where it lives, e.g. discord:1:2:3/4
 *   discord:<guild>:@<user>                  a member of a guild (the platform id is the user snowflake)
 *   discord:interaction:<id>                 a live interaction the core may answer (short-lived)
 *
 * Snowflakes are digits, so the words "dm" and "interaction" and the "@" cannot be mistaken for ids.
 */
export const PREFIX = 'discord';

export interface ChannelLocation {
  readonly guildId: string;
  readonly channelId: string;
  /** Set when the location is a thread: messages are sent to the thread id. */
  readonly threadId: string | null;
  /** Set when the location is a DM channel opened for a member of `guildId`. */
  readonly dm: boolean;
}

export interface MessageLocation extends ChannelLocation {
  readonly messageId: string;
}

const SNOWFLAKE = /^\d{1,20}$/;

export const communityRef = (guildId: string): Ref => `${PREFIX}:${guildId}`;
export const channelRef = (guildId: string, channelId: string): Ref => `${PREFIX}:${guildId}:${channelId}`;
export const threadRef = (guildId: string, channelId: string, threadId: string): Ref =>
  `${PREFIX}:${guildId}:${channelId}:${threadId}`;
export const dmChannelRef = (guildId: string, dmChannelId: string): Ref => `${PREFIX}:${guildId}:dm:${dmChannelId}`;
export const userRef = (guildId: string, userId: string): Ref => `${PREFIX}:${guildId}:@${userId}`;
export const interactionRef = (interactionId: string): Ref => `${PREFIX}:interaction:${interactionId}`;

export function locationRef(location: ChannelLocation): Ref {
  if (location.dm) return dmChannelRef(location.guildId, location.channelId);
  return location.threadId
    ? threadRef(location.guildId, location.channelId, location.threadId)
    : channelRef(location.guildId, location.channelId);
}

export const messageRef = (location: ChannelLocation, messageId: string): Ref => `${locationRef(location)}/${messageId}`;

/** The channel id a message is sent to: the thread when there is one. */
export const targetChannelId = (location: ChannelLocation): string => location.threadId ?? location.channelId;

export class RefError extends Error {
  constructor(ref: Ref, expected: string) {
    super(`"${ref}" is not a Discord ${expected} ref`);
    this.name = 'RefError';
  }
}

function parts(ref: Ref, expected: string): string[] {
  const segments = ref.split(':');
  if (segments[0] !== PREFIX) throw new RefError(ref, expected);
  return segments.slice(1);
}

/** A channel, thread or DM ref. */
export function parseLocation(ref: Ref): ChannelLocation {
  const [guildId = '', second = '', third, ...rest] = parts(ref, 'channel or thread');
  if (rest.length > 0 || !SNOWFLAKE.test(guildId)) throw new RefError(ref, 'channel or thread');
  if (second === 'dm' && third !== undefined && SNOWFLAKE.test(third)) {
    return { guildId, channelId: third, threadId: null, dm: true };
  }
  if (!SNOWFLAKE.test(second) || (third !== undefined && !SNOWFLAKE.test(third))) throw new RefError(ref, 'channel or thread');
  return { guildId, channelId: second, threadId: third ?? null, dm: false };
}

export function parseMessage(ref: Ref): MessageLocation {
  const slash = ref.lastIndexOf('/');
  const messageId = ref.slice(slash + 1);
  if (slash < 0 || !SNOWFLAKE.test(messageId)) throw new RefError(ref, 'message');
  return { ...parseLocation(ref.slice(0, slash)), messageId };
}

export function parseUser(ref: Ref): { guildId: string; userId: string } {
  const [guildId = '', user = '', ...rest] = parts(ref, 'user');
  const userId = user.slice(1);
  if (rest.length > 0 || !SNOWFLAKE.test(guildId) || !user.startsWith('@') || !SNOWFLAKE.test(userId)) {
    throw new RefError(ref, 'user');
  }
  return { guildId, userId };
}

export function parseInteraction(ref: Ref): string {
  const [kind, id = '', ...rest] = parts(ref, 'interaction');
  if (kind !== 'interaction' || rest.length > 0 || !SNOWFLAKE.test(id)) throw new RefError(ref, 'interaction');
  return id;
}
