import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeSocketMode } from './fake-socket.js';

/**
 * A fake Slack Web API on 127.0.0.1: it records every call (method + params, with JSON-valued
 * params such as blocks, view and metadata decoded) and answers the methods Bar Raiser uses the way
 * Slack does, with real state for messages, reactions and DMs. Errors can be injected per method.
 * Point a WebClient (or Bolt's clientOptions.slackApiUrl) at `apiUrl`.
 */

export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly token: string | undefined;
  readonly at: number;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown;
  readonly threadTs?: string;
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
  readonly botId: string;
  readonly user: string;
  readonly reactions: Map<string, Set<string>>;
}

export interface FakeUser {
  readonly id: string;
  readonly name?: string;
  readonly displayName?: string;
  readonly realName?: string;
  readonly isAdmin?: boolean;
  readonly isOwner?: boolean;
  readonly isBot?: boolean;
}

/** What to answer instead of the normal result: a Slack error, or an HTTP status (429 with Retry-After). */
export type InjectedFailure = { readonly error: string } | { readonly status: number; readonly retryAfter?: number };

export interface FakeSlackOptions {
  readonly teamId?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  /** Where message timestamps come from (tests with a manual clock pass it). */
  readonly now?: () => number;
  /** Fixed port (the standalone runner); default a random free one. */
  readonly port?: number;
  readonly socket?: FakeSocketMode;
  /** Called for every Web API call with what was answered (the standalone runner prints them). */
  readonly onCall?: (call: RecordedCall, answer: Record<string, unknown>) => void;
}

type Waiter = { method: string; predicate: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void };

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  /** Bodies POSTed to response_url endpoints, by id. */
  readonly responses = new Map<string, unknown[]>();
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  private readonly users = new Map<string, FakeUser>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly waiters: Waiter[] = [];
  private readonly now: () => number;
  private server: Server | null = null;
  private lastTsMicros = 0;
  private viewCount = 0;
  socket: FakeSocketMode | undefined;

  constructor(private readonly options: FakeSlackOptions = {}) {
    this.teamId = options.teamId ?? 'T0BARRAISE';
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.now = options.now ?? Date.now;
    this.socket = options.socket;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** The Web API base URL, with the trailing slash WebClient expects. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url that records what is posted to it under `id`. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** The next `times` calls of `method` fail with `failure`. */
  fail(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call of `method` (already made or coming) that matches. */
  waitFor(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 10_000): Promise<RecordedCall> {
    const done = this.calls.find((c) => c.method === method && predicate(c));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { method, predicate, resolve: () => undefined };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const seen = this.calls.map((c) => c.method).join(', ') || 'none';
        reject(new Error(`fake Slack: no matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      waiter.resolve = (call) => {
        clearTimeout(timer);
        resolve(call);
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the next call of `method` made after now. */
  nextCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 10_000): Promise<RecordedCall> {
    const after = this.calls.length;
    return this.waitFor(method, (c) => this.calls.indexOf(c) >= after && predicate(c), timeoutMs);
  }

  // -------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/response/')) {
      const id = path.slice('/response/'.length);
      this.responses.set(id, [...(this.responses.get(id) ?? []), JSON.parse(raw || '{}')]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!path.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = path.slice('/api/'.length);
    const params = parseParams(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const call: RecordedCall = {
      method,
      params,
      token: auth?.replace(/^Bearer /, '') ?? (params.token as string | undefined),
      at: Date.now(),
    };
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.method === method && waiter.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'fatal_error' }));
      return;
    }
    const body = failure ? { ok: false, error: failure.error } : this.answer(method, params);
    this.options.onCall?.(call, body);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** A new message timestamp, as Slack would assign (also for messages tests send as users). */
  nextTs(): string {
    // Unique and increasing even when the clock stands still (a manual clock).
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 100);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(Math.floor(micros % 1_000_000)).padStart(6, '0')}`;
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const text = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : undefined);
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake Team', user: 'bar-raiser', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId };
      case 'apps.connections.open':
        return this.socket ? { ok: true, url: this.socket.url } : { ok: false, error: 'not_allowed_token_type' };
      case 'chat.postMessage': {
        const message: StoredMessage = {
          channel: text('channel') ?? '',
          ts: this.nextTs(),
          text: text('text') ?? '',
          blocks: params.blocks,
          threadTs: text('thread_ts'),
          metadata: params.metadata as StoredMessage['metadata'],
          botId: this.botId,
          user: this.botUserId,
          reactions: new Map(),
        };
        this.messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message: this.asSlackMessage(message, true) };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === text('channel') && m.ts === text('ts'));
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = text('text') ?? message.text;
        message.blocks = params.blocks ?? message.blocks;
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.delete': {
        const message = this.messages.find((m) => m.channel === text('channel') && m.ts === text('ts'));
        if (!message) return { ok: false, error: 'message_not_found' };
        // A bot token deletes only the bot's own messages.
        if (message.botId !== this.botId) return { ok: false, error: 'cant_delete_message' };
        this.messages.splice(this.messages.indexOf(message), 1);
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'views.open': {
        const view = (params.view ?? {}) as Record<string, unknown>;
        return { ok: true, view: { ...view, id: `V${++this.viewCount}`, team_id: this.teamId } };
      }
      case 'users.info':
        return { ok: true, user: this.slackUser(text('user') ?? '') };
      case 'conversations.open': {
        const users = text('users') ?? '';
        return { ok: true, channel: { id: `D${users.split(',')[0]}` } };
      }
      case 'conversations.history':
        return this.history(params);
      case 'reactions.add': {
        const message = this.messages.find((m) => m.channel === text('channel') && m.ts === text('timestamp'));
        const name = text('name') ?? '';
        if (message) {
          const by = message.reactions.get(name) ?? new Set<string>();
          if (by.has(this.botUserId)) return { ok: false, error: 'already_reacted' };
          by.add(this.botUserId);
          message.reactions.set(name, by);
        }
        return { ok: true };
      }
      default:
        return { ok: true };
    }
  }

  private history(params: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(params.oldest ?? 0);
    const withMetadata = params.include_all_metadata === 'true' || params.include_all_metadata === true;
    const messages = this.messages
      .filter((m) => m.channel === params.channel && !m.threadTs && Number(m.ts) >= oldest)
      .reverse()
      .map((m) => this.asSlackMessage(m, withMetadata));
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
  }

  private asSlackMessage(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
    return {
      type: 'message',
      user: message.user,
      bot_id: message.botId,
      text: message.text,
      ts: message.ts,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    };
  }

  private slackUser(id: string): Record<string, unknown> {
    // Unknown ids answer as ordinary members rather than user_not_found: tests name users freely.
    const user = this.users.get(id) ?? { id };
    const name = user.name ?? id.toLowerCase();
    return {
      id,
      team_id: this.teamId,
      name,
      real_name: user.realName ?? name,
      is_admin: user.isAdmin ?? false,
      is_owner: user.isOwner ?? false,
      is_bot: user.isBot ?? false,
      profile: { display_name: user.displayName ?? '', real_name: user.realName ?? name },
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Params that WebClient JSON-encodes inside its form-encoded body. */
const JSON_PARAMS = new Set(['blocks', 'view', 'metadata', 'attachments']);

/** WebClient sends form-encoded params with objects JSON-encoded; JSON bodies are accepted too. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = JSON_PARAMS.has(key) ? tryJson(value) : value;
  }
  return params;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
