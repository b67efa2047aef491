import {
  ChannelType,
  type APIApplicationCommand,
  type APIChannel,
  type APIEmbed,
  type APIMessage,
  type APIUser,
} from 'discord.js';

/**
 * The state of the fake Discord: guilds, channels (text, threads, DMs), messages, commands, and
 * every interaction with what the bot answered to it. The REST side changes it, the gateway side
 * announces the changes, tests read it.
 */
export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly userId: string;
  readonly guildId: string | null;
  readonly channelId: string;
  /** Every POST /interactions/:id/:token/callback, in order (Discord accepts only the first). */
  readonly callbacks: { type: number; data?: Record<string, unknown> }[];
  /** The original response as last edited (after a deferred reply); null once deleted. */
  original: APIMessage | null;
  originalDeleted: boolean;
  readonly followUps: APIMessage[];
}

export const PERMISSIONS = {
  /** View channel, send messages, read history, add reactions, send in threads. */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 6n) | (1n << 38n)),
  /** The above plus Manage Server (1 << 5). */
  manageServer: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 6n) | (1n << 38n) | (1n << 5n)),
} as const;

const DISCORD_EPOCH = 1_420_070_400_000n;

export class FakeWorld {
  readonly guilds = new Map<string, FakeGuild>();
  readonly channels = new Map<string, APIChannel>();
  readonly messages = new Map<string, APIMessage>();
  readonly users = new Map<string, APIUser>();
  /** `<author>:<nonce>` → message id, for enforce_nonce. */
  readonly nonces = new Map<string, string>();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  private increment = 0n;

  constructor(
    readonly bot: APIUser,
    readonly applicationId: string,
  ) {
    this.users.set(bot.id, bot);
  }

  /** A snowflake for now: ids grow with time, as Discord's do (findPost pages with `after`). */
  snowflake(at: number = Date.now()): string {
    this.increment = (this.increment + 1n) % 4096n;
    return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | this.increment);
  }

  user(id: string, username: string, options: { bot?: boolean; globalName?: string } = {}): APIUser {
    const user: APIUser = {
      id,
      username,
      discriminator: '0',
      global_name: options.globalName ?? username,
      avatar: null,
      ...(options.bot ? { bot: true } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  addGuild(guild: FakeGuild, channels: readonly { id: string; name: string }[]): void {
    this.guilds.set(guild.id, guild);
    for (const channel of channels) {
      this.channels.set(channel.id, {
        id: channel.id,
        type: ChannelType.GuildText,
        guild_id: guild.id,
        name: channel.name,
        position: 0,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      } as APIChannel);
    }
  }

  guildOf(channelId: string): string | null {
    const channel = this.channels.get(channelId);
    return channel && 'guild_id' in channel && channel.guild_id ? channel.guild_id : null;
  }

  channelsOf(guildId: string): APIChannel[] {
    return [...this.channels.values()].filter((c) => 'guild_id' in c && c.guild_id === guildId);
  }

  createMessage(input: {
    channelId: string;
    author: APIUser;
    content?: string;
    embeds?: APIEmbed[];
    components?: APIMessage['components'];
    nonce?: string;
    flags?: number;
    id?: string;
  }): APIMessage {
    const guildId = this.guildOf(input.channelId);
    const message = {
      id: input.id ?? this.snowflake(),
      channel_id: input.channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: input.author,
      content: input.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: input.embeds ?? [],
      components: input.components ?? [],
      pinned: false,
      type: 0,
      flags: input.flags ?? 0,
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    } as APIMessage;
    this.messages.set(message.id, message);
    return message;
  }

  /** Messages of a channel, newest first, as GET /channels/:id/messages returns them. */
  messagesIn(channelId: string): APIMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  }

  startThread(parent: APIChannel, messageId: string, name: string): APIChannel {
    const thread = {
      id: messageId,
      type: ChannelType.PublicThread,
      guild_id: 'guild_id' in parent ? parent.guild_id : undefined,
      parent_id: parent.id,
      owner_id: this.bot.id,
      name,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        create_timestamp: new Date().toISOString(),
      },
    } as unknown as APIChannel;
    this.channels.set(thread.id, thread);
    const message = this.messages.get(messageId);
    if (message) (message as { thread?: APIChannel }).thread = thread;
    return thread;
  }

  dmChannelFor(userId: string): APIChannel {
    const existing = [...this.channels.values()].find(
      (c) => c.type === ChannelType.DM && 'recipients' in c && c.recipients?.[0]?.id === userId,
    );
    if (existing) return existing;
    const recipient = this.users.get(userId) ?? this.user(userId, `user${userId}`);
    const channel = { id: this.snowflake(), type: ChannelType.DM, recipients: [recipient], last_message_id: null } as APIChannel;
    this.channels.set(channel.id, channel);
    return channel;
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    return [...this.interactions.values()].find((i) => i.token === token);
  }
}
