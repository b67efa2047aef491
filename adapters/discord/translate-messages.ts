import type {
  Client,
  Message,
  MessageReaction,
  PartialMessage,
  PartialMessageReaction,
  PartialUser,
  User,
} from 'discord.js';
import type { Logger } from 'pino';
import type { MessageDeletedEvent, MessageEditedEvent, MessageEvent, ReactionEvent } from '../../src/core/events.js';
import { memberPermissions, toActor } from './actors.js';
import { locateGuildChannel, whereFields } from './locate.js';
import { messageRef } from './refs.js';

export interface TranslateContext {
  readonly client: Client;
  readonly adminUserIds: readonly string[];
  readonly log: Logger;
}

/** The bot's own messages, other bots', webhooks' and Discord's system messages never reach the core. */
function isFromPeople(message: Message | PartialMessage, client: Client): boolean {
  if (!message.author) return false;
  return !message.author.bot && message.author.id !== client.user?.id && !message.webhookId && !message.system;
}

async function authored(message: Message<true>, ctx: TranslateContext) {
  const where = await locateGuildChannel(ctx.client, message.guildId, message.channelId, ctx.log);
  const user = toActor({
    guildId: message.guildId,
    user: message.author,
    nickname: message.member?.nickname,
    permissions: memberPermissions(message.member),
    adminUserIds: ctx.adminUserIds,
  });
  return { where, user };
}

export async function messageEvent(message: Message, ctx: TranslateContext): Promise<MessageEvent | null> {
  // DMs to the bot have no guild, so no community: the core has nothing to do with them.
  if (!message.inGuild() || !isFromPeople(message, ctx.client)) return null;
  const { where, user } = await authored(message, ctx);
  return {
    type: 'message',
    ...whereFields(where),
    message: messageRef(where.location, message.id),
    messageId: message.id,
    user,
    text: message.content,
  };
}

export async function editEvent(
  before: Message | PartialMessage,
  after: Message | PartialMessage,
  ctx: TranslateContext,
): Promise<MessageEditedEvent | null> {
  if (after.partial || !after.inGuild() || !isFromPeople(after, ctx.client)) return null;
  // Link previews and pins update a message too; only a new edit timestamp means the author edited it.
  if (!after.editedTimestamp) return null;
  if (!before.partial && before.content === after.content) return null;
  const { where, user } = await authored(after, ctx);
  return {
    type: 'message_edited',
    ...whereFields(where),
    message: messageRef(where.location, after.id),
    messageId: after.id,
    user,
    text: after.content,
  };
}

export async function deleteEvent(message: Message | PartialMessage, ctx: TranslateContext): Promise<MessageDeletedEvent | null> {
  if (!message.guildId) return null;
  const where = await locateGuildChannel(ctx.client, message.guildId, message.channelId, ctx.log);
  return { type: 'message_deleted', ...whereFields(where), message: messageRef(where.location, message.id), messageId: message.id };
}

export async function reactionEvent(
  reaction: MessageReaction | PartialMessageReaction,
  reactor: User | PartialUser,
  added: boolean,
  ctx: TranslateContext,
): Promise<ReactionEvent | null> {
  const message = reaction.message;
  if (!message.guildId || reactor.bot || reactor.id === ctx.client.user?.id) return null;
  const emoji = reaction.emoji.name ?? reaction.emoji.id;
  if (!emoji) return null;
  const where = await locateGuildChannel(ctx.client, message.guildId, message.channelId, ctx.log);
  const member = ctx.client.guilds.cache.get(message.guildId)?.members.cache.get(reactor.id);
  const user = toActor({
    guildId: message.guildId,
    // A reaction removal names only the user id: an empty name leaves the member's stored name alone.
    user: { id: reactor.id, username: reactor.username ?? '', globalName: reactor.globalName ?? null, bot: reactor.bot ?? false },
    nickname: member?.nickname,
    adminUserIds: ctx.adminUserIds,
  });
  return {
    type: 'reaction',
    ...whereFields(where),
    emoji,
    added,
    message: messageRef(where.location, message.id),
    messageId: message.id,
    user,
  };
}
