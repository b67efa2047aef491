import { App, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { AddressInfo, Server } from 'node:net';
import type { AdapterContext, DispatchFn, PlatformAdapter } from '../../src/core/platform.js';
import { boltLogger } from './bolt-logger.js';
import { toDeliveryError } from './errors.js';
import { FORM_ACK_GUARD_MS, SlackInbound } from './inbound.js';
import { SlackChat } from './slack-chat.js';
import { SlackUserDirectory } from './user-directory.js';

export interface SlackAdapterOptions {
  readonly botToken: string;
  /** xapp- token: Socket Mode (no public URL). Without it, HTTP with signature checks. */
  readonly appToken?: string;
  readonly signingSecret?: string;
  /** HTTP mode: where /slack/events listens (0 picks a free port, see listeningPort). */
  readonly port: number;
  /** Replaces https://slack.com/api/ (proxies, tests). */
  readonly apiUrl?: string;
  /** Web API retries; tests shorten them. */
  readonly retryConfig?: webApi.RetryOptions;
  /** How long a modal submission waits for the core before acking without field errors. */
  readonly formAckGuardMs?: number;
}

/**
 * Retries for the Web API: network errors, 5xx and 429 (after sleeping the Retry-After, since
 * rejectRateLimitedCalls is off) are retried this many times. Short, because a daily post or an
 * answer's feedback that cannot go out within a minute is better reported to the core, which
 * retries on its next tick, than held in memory.
 */
export const DEFAULT_RETRY_CONFIG: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 8_000, randomize: true };
const API_TIMEOUT_MS = 15_000;

export function createSlackAdapter(context: AdapterContext, options: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(context, options);
}

/** Slack through @slack/bolt 5: Socket Mode when an app token is given, otherwise HTTP. */
export class SlackAdapter implements PlatformAdapter {
  readonly name = 'slack';
  readonly port: SlackChat;
  private readonly app: App;
  private readonly inbound: SlackInbound;
  private readonly socketMode: boolean;
  private connected = false;
  private server: Server | null = null;
  private botId: string | undefined;

  constructor(
    private readonly context: AdapterContext,
    private readonly options: SlackAdapterOptions,
  ) {
    const log = context.log.child({ adapter: 'slack' });
    this.socketMode = Boolean(options.appToken);
    if (!this.socketMode && !options.signingSecret) {
      throw new Error('Slack: SLACK_SIGNING_SECRET is required without SLACK_APP_TOKEN (HTTP mode verifies request signatures)');
    }
    const logger = boltLogger(log);
    const clientOptions: webApi.WebClientOptions = {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: options.retryConfig ?? DEFAULT_RETRY_CONFIG,
      rejectRateLimitedCalls: false,
      timeout: API_TIMEOUT_MS,
      logger,
    };
    // Built here rather than by App so that its client's connection state can be watched.
    const socketReceiver = options.appToken
      ? new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions } })
      : null;
    this.app = new App({
      token: options.botToken,
      ...(socketReceiver ? { receiver: socketReceiver } : { signingSecret: options.signingSecret, port: options.port }),
      logger,
      // auth.test runs in start(), not here: constructing the adapter touches no network.
      deferInitialization: true,
      convoStore: false,
      clientOptions,
    });
    if (socketReceiver) this.watchSocket(socketReceiver);
    this.port = new SlackChat(this.app.client, log, () => this.botId);
    const users = new SlackUserDirectory(this.app.client, context.adminUserIds, log);
    this.inbound = new SlackInbound(users, this.port, log, options.formAckGuardMs ?? FORM_ACK_GUARD_MS);
    // One global middleware sees every request (after Bolt's ignoreSelf); no listeners are needed.
    this.app.use(async (args) => {
      await this.inbound.handle({
        body: args.body,
        ack: 'ack' in args ? (args.ack as (response?: unknown) => Promise<void>) : undefined,
        retryNum: args.context.retryNum,
      });
    });
    this.app.error(async (error) => {
      log.error({ err: error }, 'slack: unhandled error in Bolt');
    });
  }

  async start(dispatch: DispatchFn): Promise<void> {
    const identity = await this.app.client.auth.test().catch((err: unknown) => {
      // One line the operator can act on, instead of a Web API stack trace.
      const failure = toDeliveryError(err, 'auth.test');
      throw new Error(`Slack: cannot connect (${failure.message}); check SLACK_BOT_TOKEN${this.options.apiUrl ? ' and SLACK_API_URL' : ''}`);
    });
    this.botId = identity.bot_id;
    await this.app.init();
    this.inbound.attach(dispatch);
    if (this.socketMode) {
      await this.app.start();
    } else {
      this.server = (await this.app.start(this.options.port)) as Server;
      this.server.on('close', () => (this.connected = false));
    }
    this.connected = true;
    this.context.log.info({ team: identity.team, bot: identity.user, mode: this.socketMode ? 'socket' : 'http' }, 'slack: connected');
  }

  async stop(): Promise<void> {
    await this.inbound.detach();
    if (this.connected || this.server) await this.app.stop();
    this.connected = false;
    this.server = null;
  }

  healthy(): boolean {
    return this.connected;
  }

  /** HTTP mode: the port actually listened on (useful with port 0). */
  get listeningPort(): number | undefined {
    const address = this.server?.address() as AddressInfo | string | null | undefined;
    return typeof address === 'object' && address ? address.port : undefined;
  }

  private watchSocket(receiver: SocketModeReceiver): void {
    // The Socket Mode client reconnects by itself; health follows its state.
    receiver.client.on('connected', () => (this.connected = true));
    receiver.client.on('disconnected', () => (this.connected = false));
    receiver.client.on('reconnecting', () => (this.connected = false));
  }
}
