import cron from 'node-cron';
import type { Logger } from 'pino';
import { MemoryChat } from '../adapters/memory/memory-chat.js';
import { ShellAdapter } from '../adapters/shell/shell-adapter.js';
import { createApp } from './app.js';
import { CatalogError, loadCatalog } from './catalog/load.js';
import { loadConfigOrExit, type Config } from './config.js';
import { ManualClock, systemClock, travel } from './core/clock.js';
import { createLogger } from './core/logger.js';
import { openStorage, StorageError } from './db/open.js';
import { RoutingPort, type PlatformAdapter } from './core/platform.js';
import { startHealthServer } from './health.js';


/** Start-up failures the operator can fix: printed as one line, exit code 1, no stack trace. */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function loadEverything(): { config: Config; log: Logger } {
  const config = loadConfigOrExit();
  return { config, log: createLogger(config.LOG_LEVEL) };
}

function playgroundClock(): ManualClock {
  const start = process.env.BAR_RAISER_CLOCK;
  if (!start) return new ManualClock(Date.now());
  const at = new Date(start);
  if (Number.isNaN(at.getTime())) fail(`BAR_RAISER_CLOCK: "${start}" is not an ISO instant (e.g. 2026-12-01T08:00:00Z)`);
  return new ManualClock(at);
}

async function runPlayground(config: Config, log: Logger): Promise<void> {
  const clock = playgroundClock();
  // A scripted session (fixed clock) starts from an empty database so that it is reproducible.
  const storage = openStorage(process.env.BAR_RAISER_CLOCK ? ':memory:' : config.DATABASE_PATH);
  const catalog = loadCatalog();
  const chat = new MemoryChat('mem:w:playground', 'playground', () => clock.now());
  const app = createApp({
    storage,
    catalog,
    clock,
    port: chat,
    log,
    settings: { defaultTimezone: config.DEFAULT_TIMEZONE, adminUserIds: config.ADMIN_USER_IDS },
  });
  chat.dispatch = (event) => app.dispatcher.dispatch(event);
  await app.dispatcher.start();

  await bootstrapPlayground(chat, storage.sqlite);
  const tick = (now: Date) => app.dispatcher.tick(now);
  const shell = new ShellAdapter({
    chat,
    clock,
    tick,
    input: process.stdin,
    output: process.stdout,
    prompt: process.stdin.isTTY === true,
  });

  // Without a fixed clock the simulated time follows real time, minute by minute.
  let live: NodeJS.Timeout | null = null;
  if (!process.env.BAR_RAISER_CLOCK) {
    let last = Date.now();
    live = setInterval(() => {
      const elapsed = Date.now() - last;
      last += elapsed;
      void travel(clock, elapsed, tick);
    }, 15_000);
    live.unref();
  }
  // Ctrl-C in the playground closes the database cleanly, like :quit.
  const quit = () => {
    storage.close();
    process.exit(0);
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  await shell.run();
  if (live) clearInterval(live);
  storage.close();
}

/** The playground's channel is scheduled out of the box (09:00, DEFAULT_TIMEZONE, Monday-Friday). */
async function bootstrapPlayground(chat: MemoryChat, sqlite: import('better-sqlite3').Database): Promise<void> {
  const channel = MemoryChat.channelRef('study-group');
  const row = sqlite.prepare('SELECT scheduled FROM channel WHERE id = ?').get(channel) as { scheduled: number } | undefined;
  if (row?.scheduled) return;
  const quiet = chat.user('playground-setup', { admin: true });
  const before = chat.messages.length;
  await chat.command(quiet, channel, '/prep setup time:09:00 days:mon-fri');
  // The setup reply went to the invisible set-up user; the playground starts clean.
  chat.messages.splice(before);
}

async function main(): Promise<void> {
  const { config, log } = loadEverything();
  const wantsSlack = Boolean(config.SLACK_BOT_TOKEN);
  const wantsDiscord = Boolean(config.DISCORD_TOKEN);
  try {
    // `npm run playground` opens the playground even when platform tokens are configured.
    if ((!wantsSlack && !wantsDiscord) || process.env.BAR_RAISER_FORCE_PLAYGROUND === '1') {
      await runPlayground(config, log);
      return;
    }
    await runPlatforms(config, log);
  } catch (err) {
    if (err instanceof StorageError || err instanceof CatalogError) fail(err.message);
    throw err;
  }
}

async function runPlatforms(config: Config, log: Logger): Promise<void> {
  const storage = openStorage(config.DATABASE_PATH);
  const catalog = loadCatalog();
  const context = { log, adminUserIds: config.ADMIN_USER_IDS };
  const adapters: PlatformAdapter[] = [];
  // Platform SDKs load only when their platform is configured: the playground starts fast.
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    adapters.push(
      createSlackAdapter(context, {
        botToken: config.SLACK_BOT_TOKEN,
        appToken: config.SLACK_APP_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        port: config.SLACK_PORT ?? 3000,
        apiUrl: config.SLACK_API_URL,
      }),
    );
  }
  if (config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    adapters.push(
      createDiscordAdapter(context, {
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        runScheduler: process.env.BAR_RAISER_SCHEDULER !== 'off',
      }),
    );
  }
  const port = adapters.length === 1 ? adapters[0]!.port : new RoutingPort(adapters.map((a) => a.port));
  const app = createApp({
    storage,
    catalog,
    clock: systemClock,
    port,
    log,
    settings: { defaultTimezone: config.DEFAULT_TIMEZONE, adminUserIds: config.ADMIN_USER_IDS },
  });
  const dispatch = (event: Parameters<typeof app.dispatcher.dispatch>[0]) => app.dispatcher.dispatch(event);
  for (const adapter of adapters) {
    await adapter.start(dispatch);
    log.info({ adapter: adapter.name }, 'adapter connected');
  }
  const schedulerOn = process.env.BAR_RAISER_SCHEDULER !== 'off';
  // Start-up catch-up (reconciling posts, resuming mock deadlines) belongs to the one process
  // that runs the scheduler; other shards only handle their guilds' events.
  if (schedulerOn) await app.dispatcher.start();

  // One task for every channel: each minute the features ask the database what is due.
  const task = schedulerOn ? cron.schedule('* * * * *', () => app.dispatcher.tick(), { noOverlap: true }) : null;
  const health = config.HEALTH_PORT ? await startHealthServer(config.HEALTH_PORT, adapters, storage) : null;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    await task?.stop();
    // Sends in flight (a fan-out, a feedback message) finish while the connections are still up.
    await app.dispatcher.idle();
    for (const adapter of adapters) {
      try {
        await adapter.stop();
      } catch (err) {
        log.error({ err, adapter: adapter.name }, 'adapter did not stop cleanly');
      }
    }
    health?.close();
    storage.close();
    log.info('stopped');
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
