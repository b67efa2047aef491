import type { Logger } from 'pino';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/index.js';
import type { DispatchResult, InboundEvent } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { DispatchFn } from '../../../src/core/platform.js';
import type { ChatPort } from '../../../src/core/ports.js';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket.js';
import { formBody, interactivityBody, postSigned, type SignedPostOptions, type SlackHttpResponse } from './signed-requests.js';

export const SIGNING_SECRET = 'test-signing-secret';
/** Fast retries: tests inject failures and should not wait for real back-off. */
export const FAST_RETRIES = { retries: 1, minTimeout: 10, maxTimeout: 20, factor: 1 };

export interface SlackTestEnv {
  readonly fake: FakeSlack;
  readonly adapter: SlackAdapter;
  readonly socket: FakeSocketMode | null;
  /** Every event the adapter dispatched, in order. */
  readonly dispatched: InboundEvent[];
  readonly eventsUrl: string;
  /** Posts a raw body to /slack/events, signed (options override the signature). */
  post(body: string, options?: Partial<SignedPostOptions>): Promise<SlackHttpResponse>;
  postEvent(envelope: unknown, options?: Partial<SignedPostOptions>): Promise<SlackHttpResponse>;
  postCommand(fields: Record<string, string>): Promise<SlackHttpResponse>;
  postInteraction(payload: unknown): Promise<SlackHttpResponse>;
  stop(): Promise<void>;
}

export interface SlackTestEnvOptions {
  readonly mode?: 'http' | 'socket';
  /** What the core answers; default "handled". Wrapped so every event is also recorded. */
  readonly dispatch?: DispatchFn;
  /** Builds a real core on the adapter's port (called before the adapter starts). */
  readonly core?: (port: ChatPort) => DispatchFn;
  readonly fakeOptions?: FakeSlackOptions;
  readonly adminUserIds?: readonly string[];
  readonly adapterOptions?: Partial<SlackAdapterOptions>;
  readonly log?: Logger;
}

/** A fake Slack (Web API, and Socket Mode when asked) and a started Slack adapter talking to it. */
export async function startSlackTestEnv(options: SlackTestEnvOptions = {}): Promise<SlackTestEnv> {
  const socket = options.mode === 'socket' ? await new FakeSocketMode().start() : null;
  const fake = await new FakeSlack({ ...options.fakeOptions, socket: socket ?? undefined }).start();
  const adapter = createSlackAdapter(
    { log: options.log ?? silentLogger, adminUserIds: options.adminUserIds ?? [] },
    {
      botToken: 'xoxb-test',
      ...(socket ? { appToken: 'xapp-test' } : { signingSecret: SIGNING_SECRET }),
      port: 0,
      apiUrl: fake.apiUrl,
      retryConfig: FAST_RETRIES,
      ...options.adapterOptions,
    },
  );
  const dispatched: InboundEvent[] = [];
  const inner: DispatchFn = options.core?.(adapter.port) ?? options.dispatch ?? (async (): Promise<DispatchResult> => ({ handled: true }));
  await adapter.start(async (event) => {
    dispatched.push(event);
    return inner(event);
  });
  const eventsUrl = `http://127.0.0.1:${adapter.listeningPort ?? 0}/slack/events`;
  const post = (body: string, signed: Partial<SignedPostOptions> = {}) => postSigned(eventsUrl, body, { secret: SIGNING_SECRET, ...signed });
  return {
    fake,
    adapter,
    socket,
    dispatched,
    eventsUrl,
    post,
    postEvent: (envelope, signed) => post(JSON.stringify(envelope), signed),
    postCommand: (fields) => post(formBody(fields)),
    postInteraction: (payload) => post(interactivityBody(payload)),
    async stop() {
      await adapter.stop();
      await fake.stop();
      await socket?.stop();
    },
  };
}

/** Polls until `check` passes (work after the ack happens asynchronously). */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
