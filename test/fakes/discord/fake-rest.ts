import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelType, type APIApplicationCommand, type APIChannel, type APIMessage } from 'discord.js';
import type { FakeGateway } from './fake-gateway.js';
import type { FakeWorld } from './fake-world.js';

export interface RecordedCall {
  readonly method: string;
  /** Without the /api/v10 prefix, e.g. "/channels/123/messages". */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: any;
  readonly at: number;
}

/** A scripted failure: the next `times` matching calls get this Discord error (or a 429). */
export interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly code?: number;
  readonly message?: string;
  /** Seconds, for 429s. */
  readonly retryAfter?: number;
  times: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (match: RegExpMatchArray, call: RecordedCall) => Reply;

const json = (body: unknown, status = 200): Reply => ({ status, body });
const noContent: Reply = { status: 204 };
const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });

/** Discord's REST API as far as Bar Raiser uses it, over the fake world; every call is recorded. */
export class FakeRest {
  readonly calls: RecordedCall[] = [];
  readonly faults: Fault[] = [];
  private readonly routes: [string, RegExp, Handler][] = [];

  constructor(
    private readonly world: FakeWorld,
    private readonly gateway: FakeGateway,
    private readonly options: { token: string; gatewayUrl: () => string; shardCount: () => number; maxConcurrency: number },
  ) {
    this.defineRoutes();
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    // Decoded once: discord.js encodes "@original" and reaction emoji.
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const raw = await readBody(request);
    const call: RecordedCall = { method: request.method ?? 'GET', path, query: url.searchParams, body: parse(raw), at: Date.now() };
    this.calls.push(call);
    const reply = this.route(call, request.headers.authorization);
    const type = reply.body === undefined ? {} : { 'content-type': 'application/json' };
    response.writeHead(reply.status, { ...type, ...reply.headers });
    response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private route(call: RecordedCall, authorization: string | undefined): Reply {
    const fault = this.faults.find((f) => f.times > 0 && f.method === call.method && f.path.test(call.path));
    if (fault) {
      fault.times -= 1;
      if (fault.status === 429) {
        const retryAfter = fault.retryAfter ?? 0.05;
        return {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
          headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
        };
      }
      return error(fault.status, fault.code ?? 0, fault.message ?? 'fake failure');
    }
    // Interaction callbacks and webhooks are authorised by their token, everything else by the bot token.
    const tokenAuthorised = /^\/(interactions|webhooks)\//.test(call.path);
    if (!tokenAuthorised && authorization !== `Bot ${this.options.token}`) return error(401, 0, '401: Unauthorized');
    for (const [method, pattern, handler] of this.routes) {
      const match = call.path.match(pattern);
      if (method === call.method && match) return handler(match, call);
    }
    return error(404, 0, `404: Not Found (${call.method} ${call.path})`);
  }

  private on(method: string, pattern: RegExp, handler: Handler): void {
    this.routes.push([method, pattern, handler]);
  }

  private defineRoutes(): void {
    const { world, gateway } = this;
    this.on('GET', /^\/gateway\/bot$/, () =>
      json({
        url: this.options.gatewayUrl(),
        shards: this.options.shardCount(),
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.options.maxConcurrency },
      }),
    );
    this.on('GET', /^\/gateway$/, () => json({ url: this.options.gatewayUrl() }));
    this.on('GET', /^\/users\/@me$/, () => json(world.bot));

    this.on('GET', /^\/channels\/(\d+)$/, ([, id]) => {
      const channel = world.channels.get(id!);
      return channel ? json(channel) : error(404, 10003, 'Unknown Channel');
    });
    this.on('GET', /^\/channels\/(\d+)\/messages$/, ([, id], call) => {
      if (!world.channels.has(id!)) return error(404, 10003, 'Unknown Channel');
      const after = call.query.get('after');
      const limit = Number(call.query.get('limit') ?? 50);
      // The oldest `limit` messages after `after`, returned newest first; like Discord, without nonces.
      const newer = world.messagesIn(id!).filter((m) => !after || BigInt(m.id) > BigInt(after));
      return json(newer.slice(-limit).map(({ nonce: _nonce, ...message }) => message));
    });
    this.on('POST', /^\/channels\/(\d+)\/messages$/, ([, id], call) => this.createMessage(id!, call.body));
    this.on('PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, ([, channelId, messageId], call) => {
      const message = world.messages.get(messageId!);
      if (!message || message.channel_id !== channelId) return error(404, 10008, 'Unknown Message');
      Object.assign(message, pick(call.body, ['content', 'embeds', 'components']), { edited_timestamp: new Date().toISOString() });
      gateway.dispatch('MESSAGE_UPDATE', message, world.guildOf(message.channel_id));
      return json(message);
    });
    // Like Discord: a bot may delete its own messages (others' need Manage Messages, which it lacks here).
    this.on('DELETE', /^\/channels\/(\d+)\/messages\/(\d+)$/, ([, channelId, messageId]) => {
      const message = world.messages.get(messageId!);
      if (!message || message.channel_id !== channelId) return error(404, 10008, 'Unknown Message');
      if (message.author.id !== world.bot.id) return error(403, 50013, 'Missing Permissions');
      world.messages.delete(messageId!);
      const guildId = world.guildOf(channelId!);
      gateway.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: channelId, guild_id: guildId }, guildId);
      return noContent;
    });
    this.on('POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, ([, channelId, messageId], call) => {
      const parent = world.channels.get(channelId!);
      const message = world.messages.get(messageId!);
      if (!parent || !message) return error(404, 10008, 'Unknown Message');
      if (world.channels.has(messageId!)) return error(400, 160004, 'A thread has already been created for this message');
      const thread = world.startThread(parent, messageId!, String(call.body?.name ?? 'thread'));
      gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, world.guildOf(channelId!));
      return json(thread, 201);
    });
    this.on('PUT', /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/, ([, channelId, messageId, emoji]) => {
      if (!world.messages.has(messageId!)) return error(404, 10008, 'Unknown Message');
      const guildId = world.guildOf(channelId!);
      gateway.dispatch(
        'MESSAGE_REACTION_ADD',
        { user_id: world.bot.id, channel_id: channelId, message_id: messageId, guild_id: guildId, emoji: { id: null, name: emoji! }, burst: false, type: 0 },
        guildId,
      );
      return noContent;
    });
    this.on('POST', /^\/users\/@me\/channels$/, (_m, call) => json(world.dmChannelFor(String(call.body?.recipient_id))));

    this.on('POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, ([, id], call) => {
      const record = world.interactions.get(id!);
      if (!record) return error(404, 10062, 'Unknown interaction');
      record.callbacks.push(call.body);
      if (record.callbacks.length > 1) return error(400, 40060, 'Interaction has already been acknowledged.');
      if (call.body?.type === 4) record.original = this.webhookMessage(record, call.body.data);
      return noContent;
    });
    this.on('POST', /^\/webhooks\/([^/]+)\/([^/]+)$/, ([, , token], call) => {
      const record = world.interactionByToken(decodeURIComponent(token!));
      if (!record) return error(404, 10015, 'Unknown Webhook');
      const message = this.webhookMessage(record, call.body);
      record.followUps.push(message);
      return json(message);
    });
    this.on('PATCH', /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/@original$/, ([, , token], call) => {
      const record = world.interactionByToken(decodeURIComponent(token!));
      if (!record) return error(404, 10015, 'Unknown Webhook');
      record.original = this.webhookMessage(record, { ...record.original, ...call.body });
      return json(record.original);
    });
    this.on('DELETE', /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/@original$/, ([, , token]) => {
      const record = world.interactionByToken(decodeURIComponent(token!));
      if (!record) return error(404, 10015, 'Unknown Webhook');
      record.original = null;
      record.originalDeleted = true;
      return noContent;
    });

    this.on('GET', /^\/applications\/(\d+)\/commands$/, () => json(world.globalCommands));
    this.on('PUT', /^\/applications\/(\d+)\/commands$/, (_m, call) => json(replaceCommands(world.globalCommands, call.body, world)));
    this.on('GET', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, ([, , guildId]) => json(world.guildCommands.get(guildId!) ?? []));
    this.on('PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, ([, , guildId], call) => {
      const list = world.guildCommands.get(guildId!) ?? [];
      world.guildCommands.set(guildId!, list);
      return json(replaceCommands(list, call.body, world));
    });
  }

  private createMessage(channelId: string, body: any): Reply {
    const { world, gateway } = this;
    const channel = world.channels.get(channelId);
    if (!channel) return error(404, 10003, 'Unknown Channel');
    const key = body?.nonce !== undefined ? `${world.bot.id}:${String(body.nonce)}` : null;
    // enforce_nonce: the same nonce from the same author returns the first message, not a second one.
    if (key && body.enforce_nonce && world.nonces.has(key)) return json(world.messages.get(world.nonces.get(key)!));
    const message = world.createMessage({
      channelId,
      author: world.bot,
      content: body?.content,
      embeds: body?.embeds,
      components: body?.components,
      nonce: body?.nonce,
    });
    if (key) world.nonces.set(key, message.id);
    gateway.dispatch('MESSAGE_CREATE', withChannelType(message, channel), world.guildOf(channelId));
    return json(message);
  }

  private webhookMessage(record: { channelId: string; guildId: string | null }, data: any): APIMessage {
    const message = this.world.createMessage({
      channelId: record.channelId,
      author: this.world.bot,
      content: data?.content,
      embeds: data?.embeds,
      components: data?.components,
      flags: data?.flags,
    });
    this.world.messages.delete(message.id); // interaction answers are not channel history
    return message;
  }
}

function withChannelType(message: APIMessage, channel: APIChannel) {
  return { ...message, channel_type: channel.type ?? ChannelType.GuildText };
}

function replaceCommands(list: APIApplicationCommand[], body: any[], world: FakeWorld): APIApplicationCommand[] {
  list.splice(0, list.length, ...(body ?? []).map((command) => ({ ...command, id: world.snowflake(), application_id: world.applicationId, version: world.snowflake(), type: command.type ?? 1 })));
  return list;
}

function pick(source: any, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source?.[k] !== undefined).map((k) => [k, source[k]]));
}

function parse(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
