import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  InteractionType,
  type APIChannel,
  type APIMessage,
  type APIUser,
} from 'discord.js';
import { FakeGateway } from './fake-gateway.js';
import { FakeRest } from './fake-rest.js';
import { FakeWorld, PERMISSIONS, type InteractionRecord } from './fake-world.js';

export { PERMISSIONS } from './fake-world.js';
export type { InteractionRecord } from './fake-world.js';

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly applicationId?: string;
  readonly bot?: { readonly id: string; readonly username: string };
  /** What GET /gateway/bot recommends. */
  readonly shardCount?: number;
  readonly heartbeatIntervalMs?: number;
  /** session_start_limit.max_concurrency: how many shards may identify at once. */
  readonly maxConcurrency?: number;
  readonly port?: number;
  /** Whether the app enabled the privileged Message Content intent (default true). */
  readonly messageContentIntent?: boolean;
}

/** A message or interaction answer as a user sees it privately, flattened to text for assertions. */
export interface PrivateMessage {
  readonly via: 'reply' | 'follow-up' | 'dm';
  readonly message: APIMessage;
  readonly text: string;
}

export type OptionValue = string | number | { readonly user: APIUser };

/**
 * A stand-alone fake Discord: REST under /api/v10 and the gateway websocket at /gateway on one
 * port. Tests act as users (messages, commands, clicks, form submits) and read what the bot did.
 */
export class FakeDiscord {
  readonly world: FakeWorld;
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  readonly token: string;
  private readonly server: Server;
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-token';
    const bot = options.bot ?? { id: '1457469483726668048', username: 'Bar Raiser' };
    this.world = new FakeWorld({ id: bot.id, username: bot.username, discriminator: '0', global_name: null, avatar: null, bot: true }, options.applicationId ?? '1');
    const shardCount = () => options.shardCount ?? 1;
    this.gateway = new FakeGateway(this.world, {
      token: this.token,
      url: () => this.gatewayUrl,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 45_000,
      shardCount,
      messageContentIntent: options.messageContentIntent ?? true,
    });
    this.rest = new FakeRest(this.world, this.gateway, {
      token: this.token,
      gatewayUrl: () => this.gatewayUrl,
      shardCount,
      maxConcurrency: options.maxConcurrency ?? 16,
    });
    this.server = createServer((request, response) => {
      this.rest.handle(request, response).catch((err: unknown) => {
        response.writeHead(500).end(String(err));
      });
    });
    this.server.on('upgrade', (request, socket, head) => {
      if (request.url?.startsWith('/gateway')) this.gateway.handleUpgrade(request, socket, head);
      else socket.destroy();
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  get bot(): APIUser {
    return this.world.bot;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ----------------------------------------------------------------------------- the world

  addGuild(guild: { id: string; name: string; ownerId?: string; channels: { id: string; name: string }[] }): void {
    this.world.addGuild({ id: guild.id, name: guild.name, ownerId: guild.ownerId ?? '1' }, guild.channels);
  }

  user(id: string, username: string, options: { bot?: boolean } = {}): APIUser {
    return this.world.user(id, username, options);
  }

  // ----------------------------------------------------------------------------- acting as users

  say(author: APIUser, channelId: string, content: string): APIMessage {
    const message = this.world.createMessage({ channelId, author, content });
    const channel = this.world.channels.get(channelId)!;
    const guildId = this.world.guildOf(channelId);
    this.gateway.dispatch('MESSAGE_CREATE', { ...message, channel_type: channel.type, ...(guildId ? { member: member() } : {}) }, guildId);
    return message;
  }

  edit(message: APIMessage, content: string): void {
    Object.assign(message, { content, edited_timestamp: new Date().toISOString() });
    const guildId = this.world.guildOf(message.channel_id);
    this.gateway.dispatch('MESSAGE_UPDATE', { ...message, ...(guildId ? { member: member() } : {}) }, guildId);
  }

  remove(message: APIMessage): void {
    this.world.messages.delete(message.id);
    const guildId = this.world.guildOf(message.channel_id);
    this.gateway.dispatch('MESSAGE_DELETE', { id: message.id, channel_id: message.channel_id, guild_id: guildId }, guildId);
  }

  react(user: APIUser, message: APIMessage, emoji: string): void {
    const guildId = this.world.guildOf(message.channel_id);
    this.gateway.dispatch(
      'MESSAGE_REACTION_ADD',
      {
        user_id: user.id,
        channel_id: message.channel_id,
        message_id: message.id,
        guild_id: guildId,
        member: { ...member(), user },
        emoji: { id: null, name: emoji },
        message_author_id: message.author.id,
        burst: false,
        type: 0,
      },
      guildId,
    );
  }

  /** `/command subcommand option:value...` as `user`; permissions default to an ordinary member's. */
  command(
    user: APIUser,
    channelId: string,
    command: string,
    subcommand: string | null,
    options: Record<string, OptionValue> = {},
    permissions: string = PERMISSIONS.member,
  ): InteractionRecord {
    const users: Record<string, APIUser> = {};
    const leaves = Object.entries(options).map(([name, value]) => {
      if (typeof value === 'object') {
        users[value.user.id] = value.user;
        return { name, type: ApplicationCommandOptionType.User, value: value.user.id };
      }
      const type = typeof value === 'number' ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.String;
      return { name, type, value };
    });
    const data = {
      id: this.world.snowflake(),
      name: command,
      type: 1,
      options: subcommand ? [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: leaves }] : leaves,
      ...(Object.keys(users).length ? { resolved: { users } } : {}),
    };
    return this.interact(InteractionType.ApplicationCommand, user, channelId, data, permissions);
  }

  /** Clicks the first button whose label starts with `label` on `message` (a post, a DM or a private answer). */
  click(user: APIUser, message: APIMessage, label: string, permissions: string = PERMISSIONS.member): InteractionRecord {
    const buttons = (message.components ?? []).flatMap((row: any) => row.components ?? []);
    const button = buttons.find((b: any) => String(b.label ?? '').toLowerCase().startsWith(label.toLowerCase()));
    if (!button) throw new Error(`no button "${label}" on message ${message.id}: ${buttons.map((b: any) => b.label).join(', ')}`);
    const data = { custom_id: button.custom_id, component_type: ComponentType.Button };
    return this.interact(InteractionType.MessageComponent, user, message.channel_id, data, permissions, message);
  }

  /** Fills and submits the modal the bot opened in answer to `opened`. */
  submit(user: APIUser, opened: InteractionRecord, values: Record<string, string>, permissions: string = PERMISSIONS.member): InteractionRecord {
    const modal = opened.callbacks.find((c) => c.type === 9)?.data as { custom_id: string; components: any[] } | undefined;
    if (!modal) throw new Error(`interaction ${opened.id} opened no form`);
    const components = modal.components.map((label: any) => {
      const inner = label.component;
      const value = values[inner.custom_id] ?? '';
      return {
        type: ComponentType.Label,
        id: label.id ?? 0,
        component:
          inner.type === ComponentType.StringSelect
            ? { type: inner.type, id: 0, custom_id: inner.custom_id, values: value ? [value] : [] }
            : { type: inner.type, id: 0, custom_id: inner.custom_id, value },
      };
    });
    return this.interact(InteractionType.ModalSubmit, user, opened.channelId, { custom_id: modal.custom_id, components }, permissions);
  }

  /** Sends a recorded gateway payload as it is (fixtures); the shard is chosen by its guild_id. */
  dispatchRaw(t: string, d: Record<string, unknown>): void {
    this.gateway.dispatch(t, d, typeof d.guild_id === 'string' ? d.guild_id : null);
  }

  /** Sends a recorded INTERACTION_CREATE payload, and accepts the bot's answers to its id and token. */
  injectInteraction(payload: Record<string, any>): InteractionRecord {
    const record: InteractionRecord = {
      id: String(payload.id),
      token: String(payload.token),
      userId: String(payload.member?.user?.id ?? payload.user?.id),
      guildId: payload.guild_id ?? null,
      channelId: String(payload.channel?.id ?? payload.channel_id),
      callbacks: [],
      original: null,
      originalDeleted: false,
      followUps: [],
    };
    this.world.interactions.set(record.id, record);
    this.gateway.dispatch('INTERACTION_CREATE', payload, record.guildId);
    return record;
  }

  private interact(
    type: InteractionType,
    user: APIUser,
    channelId: string,
    data: unknown,
    permissions: string,
    message?: APIMessage,
  ): InteractionRecord {
    const channel = this.world.channels.get(channelId) ?? ({ id: channelId, type: ChannelType.DM } as APIChannel);
    const guildId = this.world.guildOf(channelId);
    const record: InteractionRecord = {
      id: this.world.snowflake(),
      token: `token-${this.world.snowflake()}`,
      userId: user.id,
      guildId,
      channelId,
      callbacks: [],
      original: null,
      originalDeleted: false,
      followUps: [],
    };
    this.world.interactions.set(record.id, record);
    const payload = {
      id: record.id,
      application_id: this.applicationId,
      type,
      token: record.token,
      version: 1,
      data,
      channel_id: channelId,
      channel,
      locale: 'en-US',
      entitlements: [],
      app_permissions: PERMISSIONS.manageServer,
      attachment_size_limit: 10_485_760,
      ...(guildId
        ? { guild_id: guildId, guild_locale: 'en-US', context: 0, authorizing_integration_owners: { 0: guildId }, member: { ...member(), user, permissions } }
        : { user, context: 1, authorizing_integration_owners: { 1: user.id } }),
      ...(message ? { message } : {}),
    };
    this.gateway.dispatch('INTERACTION_CREATE', payload, guildId);
    return record;
  }

  // ----------------------------------------------------------------------------- reading what happened

  /** Polls until `probe` returns something truthy. */
  async waitFor<T>(probe: () => T | null | undefined | false, what = 'condition', timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Interaction answers and DMs to `userId`, oldest first. */
  privateTo(userId: string): PrivateMessage[] {
    const seen: PrivateMessage[] = [];
    for (const record of this.world.interactions.values()) {
      if (record.userId !== userId) continue;
      if (record.original) seen.push({ via: 'reply', message: record.original, text: textOf(record.original) });
      for (const followUp of record.followUps) seen.push({ via: 'follow-up', message: followUp, text: textOf(followUp) });
    }
    for (const message of this.world.messages.values()) {
      const channel = this.world.channels.get(message.channel_id);
      if (channel?.type === ChannelType.DM && 'recipients' in channel && channel.recipients?.[0]?.id === userId) {
        seen.push({ via: 'dm', message, text: textOf(message) });
      }
    }
    return seen.sort((a, b) => (BigInt(a.message.id) < BigInt(b.message.id) ? -1 : 1));
  }

  /** What the bot posted in a channel or thread, oldest first. */
  botMessagesIn(channelId: string): APIMessage[] {
    return this.world.messagesIn(channelId).filter((m) => m.author.id === this.bot.id).reverse();
  }

  callsTo(method: string, path: RegExp): FakeRest['calls'] {
    return this.rest.calls.filter((c) => c.method === method && path.test(c.path));
  }
}

function member() {
  return { roles: [], joined_at: '2026-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0, pending: false, nick: null };
}

/** A message flattened the way a reader sees it: content, embed title, description, fields, footer, buttons. */
export function textOf(message: Pick<APIMessage, 'content' | 'embeds' | 'components'>): string {
  const lines: string[] = [];
  if (message.content) lines.push(message.content);
  for (const embed of message.embeds ?? []) {
    if (embed.title) lines.push(embed.title);
    if (embed.description) lines.push(embed.description);
    for (const field of embed.fields ?? []) lines.push(`${field.name}: ${field.value}`);
    if (embed.footer?.text) lines.push(`(${embed.footer.text})`);
  }
  const buttons = (message.components ?? []).flatMap((row: any) => row.components ?? []);
  if (buttons.length) lines.push(buttons.map((b: any) => `[${b.label}]`).join(' '));
  return lines.join('\n');
}
