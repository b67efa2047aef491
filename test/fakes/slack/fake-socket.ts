import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface Ack {
  readonly envelope_id: string;
  readonly payload?: unknown;
}

/**
 * A fake Socket Mode server: FakeSlack's apps.connections.open hands out `url`; on connection it
 * says hello, then `send` pushes envelopes and resolves with the client's ack for each.
 */
export class FakeSocketMode {
  readonly acks: Ack[] = [];
  private server: WebSocketServer | null = null;
  private readonly clients = new Set<WebSocket>();
  private readonly pendingAcks = new Map<string, (ack: Ack) => void>();
  private readonly connectionWaiters: Array<() => void> = [];
  connections = 0;

  async start(): Promise<this> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => {
      this.connections++;
      this.clients.add(socket);
      socket.on('close', () => this.clients.delete(socket));
      socket.on('message', (data) => this.onAck(String(data)));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0FAKE' } }));
      for (const resolve of this.connectionWaiters.splice(0)) resolve();
    });
    return this;
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `ws://127.0.0.1:${address.port}/link`;
  }

  async stop(): Promise<void> {
    for (const socket of this.clients) socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  whenConnected(): Promise<void> {
    if (this.clients.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectionWaiters.push(resolve));
  }

  /** Sends one envelope to every connected client and resolves with the first ack for it. */
  send(type: EnvelopeType, payload: unknown, options: { acceptsResponsePayload?: boolean; retryAttempt?: number; timeoutMs?: number } = {}): Promise<Ack> {
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' } : {}),
    };
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(envelopeId);
        reject(new Error(`fake Socket Mode: no ack for ${type} envelope within ${options.timeoutMs ?? 5000} ms`));
      }, options.timeoutMs ?? 5000);
      this.pendingAcks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    for (const socket of this.clients) socket.send(JSON.stringify(envelope));
    return acked;
  }

  private onAck(text: string): void {
    let ack: Ack;
    try {
      ack = JSON.parse(text) as Ack;
    } catch {
      return;
    }
    if (!ack.envelope_id) return;
    this.acks.push(ack);
    this.pendingAcks.get(ack.envelope_id)?.(ack);
    this.pendingAcks.delete(ack.envelope_id);
  }
}
