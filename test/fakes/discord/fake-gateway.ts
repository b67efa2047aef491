import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { loadFixture } from './fixtures.js';
import type { FakeWorld } from './fake-world.js';

interface Payload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

/** One gateway session (one shard of the bot): its sequence, its backlog for RESUME, its socket if connected. */
interface Session {
  readonly id: string;
  readonly shard: readonly [number, number];
  seq: number;
  readonly sent: Payload[];
  socket: WebSocket | null;
}

export interface GatewayLogEntry {
  readonly op: 'identify' | 'resume' | 'heartbeat';
  readonly shard?: readonly [number, number];
  readonly sessionId?: string;
  readonly seq?: number | null;
}

/** Discord's rule: a guild lives on shard (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

const BACKLOG = 1_000;
/** GatewayIntentBits.MessageContent: privileged, refused unless enabled for the app. */
const MESSAGE_CONTENT = 1 << 15;

/**
 * The gateway websocket: HELLO, heartbeat ACKs, IDENTIFY → READY + GUILD_CREATE for the shard's
 * guilds, RESUME → replay of what the session missed + RESUMED, then dispatches.
 */
export class FakeGateway {
  readonly log: GatewayLogEntry[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly world: FakeWorld,
    private readonly options: {
      token: string;
      url: () => string;
      heartbeatIntervalMs: number;
      shardCount: () => number;
      /** False: the app did not enable the privileged Message Content intent in the Developer Portal. */
      messageContentIntent: boolean;
    },
  ) {
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  /** Sends a dispatch to the shard that owns `guildId` (DMs go to shard 0). False when no shard has identified. */
  dispatch(t: string, d: unknown, guildId: string | null = null): boolean {
    const session = this.sessionFor(guildId);
    if (!session) return false;
    this.send(session, { op: 0, t, d });
    return true;
  }

  /** Drops a shard's connection the way a network blip does; the client resumes and gets what it missed. */
  disconnect(shardId = 0, code = 4000): void {
    for (const session of this.sessions.values()) {
      if (session.shard[0] !== shardId || !session.socket) continue;
      session.socket.close(code, 'fake gateway disconnect');
      session.socket = null;
    }
  }

  connectedShards(): number[] {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).map((s) => s.shard[0]);
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  // -------------------------------------------------------------------------------------------

  private sessionFor(guildId: string | null): Session | null {
    let found: Session | null = null;
    for (const session of this.sessions.values()) {
      const [id, count] = session.shard;
      if (guildId === null ? id === 0 : shardOf(guildId, count) === id) found = session; // the newest wins
    }
    return found;
  }

  private send(session: Session, payload: Payload): void {
    const numbered = { ...payload, s: ++session.seq };
    session.sent.push(numbered);
    if (session.sent.length > BACKLOG) session.sent.shift();
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(numbered));
  }

  private onConnection(socket: WebSocket): void {
    const hello = loadFixture<Payload>('gateway-hello.json');
    socket.send(JSON.stringify({ ...hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as Payload;
      if (payload.op === 1) {
        this.log.push({ op: 'heartbeat', seq: payload.d as number | null });
        socket.send(JSON.stringify({ op: 11 }));
      } else if (payload.op === 2) {
        this.identify(socket, payload.d as { token: string; intents: number; shard?: [number, number] });
      } else if (payload.op === 6) {
        this.resume(socket, payload.d as { token: string; session_id: string; seq: number });
      }
    });
  }

  private identify(socket: WebSocket, d: { token: string; intents: number; shard?: [number, number] }): void {
    if (d.token !== this.options.token) {
      socket.close(4004, 'Authentication failed');
      return;
    }
    if (!this.options.messageContentIntent && (d.intents & MESSAGE_CONTENT) !== 0) {
      socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard: [number, number] = d.shard ?? [0, 1];
    this.log.push({ op: 'identify', shard });
    const session: Session = { id: randomBytes(8).toString('hex'), shard, seq: 0, sent: [], socket };
    this.sessions.set(session.id, session);
    const guilds = [...this.world.guilds.values()].filter((g) => shardOf(g.id, shard[1]) === shard[0]);
    // READY as the kord fixture shows it, with this bot, this session and this shard's guilds.
    const ready = loadFixture<{ d: Record<string, unknown> }>('gateway-ready.json');
    this.send(session, {
      op: 0,
      t: 'READY',
      d: {
        ...ready.d,
        v: 10,
        user: { ...this.world.bot, verified: true, flags: 0 },
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.options.url(),
        shard,
        application: { id: this.world.applicationId, flags: 0 },
      },
    });
    for (const guild of guilds) this.send(session, { op: 0, t: 'GUILD_CREATE', d: this.guildCreate(guild.id) });
  }

  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    const session = this.sessions.get(d.session_id);
    this.log.push({ op: 'resume', sessionId: d.session_id, seq: d.seq });
    if (!session || d.token !== this.options.token) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = socket;
    for (const missed of session.sent.filter((p) => (p.s ?? 0) > d.seq)) socket.send(JSON.stringify(missed));
    this.send(session, { op: 0, t: 'RESUMED', d: {} });
  }

  private guildCreate(guildId: string): Record<string, unknown> {
    const guild = this.world.guilds.get(guildId)!;
    const channels = this.world.channelsOf(guildId);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: guild.ownerId,
      unavailable: false,
      large: false,
      member_count: 1,
      joined_at: new Date().toISOString(),
      features: [],
      emojis: [],
      stickers: [],
      roles: [{ id: guild.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      channels: channels.filter((c) => c.type !== 11 && c.type !== 12),
      threads: channels.filter((c) => c.type === 11 || c.type === 12),
      members: [{ user: this.world.bot, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      premium_tier: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
    };
  }
}
