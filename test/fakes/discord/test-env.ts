import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../../adapters/discord/index.js';
import type { DispatchResult, InboundEvent } from '../../../src/core/events.js';
import type { DispatchFn } from '../../../src/core/platform.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';

/** Ids shared by the Discord tests: one server with one study channel. */
export const GUILD = '1457468924290662599';
export const CHANNEL = '1457510428359004343';

/** A logger whose lines a test can read (warnings about commands, shard roles...). */
export function capturingLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines: () => lines };
}

export async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  fake.addGuild({ id: GUILD, name: 'Data Eng Prep', channels: [{ id: CHANNEL, name: 'study-group' }] });
  return fake;
}

export interface AdapterUnderTest {
  readonly adapter: DiscordAdapter;
  readonly events: InboundEvent[];
  readonly lines: () => Record<string, unknown>[];
}

/** A real adapter (real discord.js Client) against the fake; `dispatch` defaults to recording events. */
export async function startAdapter(
  fake: FakeDiscord,
  options: Partial<DiscordAdapterOptions> & { dispatch?: DispatchFn; adminUserIds?: string[] } = {},
): Promise<AdapterUnderTest> {
  const { log, lines } = capturingLogger();
  const events: InboundEvent[] = [];
  const adapter = createDiscordAdapter(
    { log, adminUserIds: options.adminUserIds ?? [] },
    { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, runScheduler: true, ...options },
  );
  const record: DispatchFn = async (event): Promise<DispatchResult> => {
    events.push(event);
    return { handled: true };
  };
  await adapter.start(options.dispatch ?? record);
  return { adapter, events, lines };
}
