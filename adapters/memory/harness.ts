import { createApp, type App } from '../../src/app.js';
import { loadCatalog, type Catalog } from '../../src/catalog/load.js';
import { ManualClock, parseDuration, travel } from '../../src/core/clock.js';
import type { DispatchResult } from '../../src/core/events.js';
import type { CoreSettings } from '../../src/core/feature.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Ref } from '../../src/core/ports.js';
import { openStorage, type Storage } from '../../src/db/open.js';
import { MemoryChat, type MemoryMessage, type MemoryUser, type OpenedForm } from './memory-chat.js';

export interface HarnessOptions {
  /** Start of the simulated clock. Default 2026-11-30T08:00:00Z (a Monday). */
  readonly start?: string | Date;
  /** Database file; default an in-memory database. */
  readonly databasePath?: string;
  /** Reuse an open storage (to build a second core on the same database, as after a restart). */
  readonly storage?: Storage;
  readonly catalog?: Catalog;
  readonly settings?: Partial<CoreSettings>;
  /** Reuse a chat world (to keep what users saw across a simulated restart). */
  readonly chat?: MemoryChat;
  readonly clock?: ManualClock;
}

let sharedCatalog: Catalog | null = null;

/**
 * The errbot-style test backend: a whole Bar Raiser core over the memory adapter. A test acts as
 * any user and reads what the bot sent.
 */
export class Harness {
  readonly clock: ManualClock;
  readonly chat: MemoryChat;
  readonly storage: Storage;
  readonly app: App;
  readonly channel: Ref = MemoryChat.channelRef('study-group');

  constructor(options: HarnessOptions = {}) {
    this.clock = options.clock ?? new ManualClock(options.start ?? '2026-11-30T08:00:00Z');
    this.storage = options.storage ?? openStorage(options.databasePath ?? ':memory:');
    this.chat = options.chat ?? new MemoryChat('mem:w:playground', 'playground', () => this.clock.now());
    const catalog = options.catalog ?? (sharedCatalog ??= loadCatalog());
    this.app = createApp({
      storage: this.storage,
      catalog,
      clock: this.clock,
      port: this.chat,
      log: silentLogger,
      settings: { defaultTimezone: 'UTC', adminUserIds: [], ...options.settings },
    });
    this.chat.dispatch = (event) => this.app.dispatcher.dispatch(event);
  }

  /** Acts as `name` (created on first use; `admin` makes them a workspace admin). */
  as(name: string, options: { admin?: boolean } = {}): UserDriver {
    return new UserDriver(this, this.chat.user(name, options));
  }

  /** Moves the clock by "1d", "2h30m"... or milliseconds, running every minute's work on the way. */
  async advance(duration: string | number): Promise<void> {
    const ms = typeof duration === 'number' ? duration : parseDuration(duration);
    if (ms === null) throw new Error(`not a duration: ${duration}`);
    await travel(this.clock, ms, (now) => this.app.dispatcher.tick(now));
  }

  /** Runs start-up work (reconciliation), as main.ts does. */
  async start(): Promise<void> {
    await this.app.dispatcher.start();
  }

  botMessages(): MemoryMessage[] {
    return this.chat.botMessages();
  }

  /** Top-level bot posts that opened a thread (daily questions, mock interviews), oldest first. */
  threadStarts(channel: Ref = this.channel): MemoryMessage[] {
    return this.chat.messages.filter((m) => m.kind === 'thread-start' && m.channel === channel);
  }

  /** How many threads the bot opened across every channel. */
  threadStartsAll(): number {
    return this.chat.messages.filter((m) => m.kind === 'thread-start').length;
  }

  lastThreadStart(channel: Ref = this.channel): MemoryMessage {
    const starts = this.threadStarts(channel);
    const last = starts[starts.length - 1];
    if (!last) throw new Error('the bot has not opened any thread yet');
    return last;
  }

  close(): void {
    this.storage.close();
  }
}

export class UserDriver {
  constructor(
    private readonly harness: Harness,
    readonly user: MemoryUser,
  ) {}

  private get chat(): MemoryChat {
    return this.harness.chat;
  }

  command(line: string, where: { channel?: Ref; thread?: Ref | null } = {}): Promise<DispatchResult> {
    return this.chat.command(this.user, where.channel ?? this.harness.channel, line, where.thread ?? null);
  }

  say(text: string, where: { channel?: Ref; thread?: Ref | null } = {}): Promise<MemoryMessage> {
    return this.chat.say(this.user, where.channel ?? this.harness.channel, text, where.thread ?? null);
  }

  /** Answers in the thread of a bot post (default: the latest one). */
  answer(text: string, post: MemoryMessage = this.harness.lastThreadStart()): Promise<MemoryMessage> {
    return this.chat.say(this.user, post.channel, text, this.chat.threadOf(post));
  }

  click(message: MemoryMessage, label: string): Promise<DispatchResult> {
    return this.chat.click(this.user, message, label);
  }

  /** The most recent form opened for this user. */
  openedForm(): OpenedForm {
    const forms = this.chat.forms.filter((f) => f.user === this.user.ref);
    const last = forms[forms.length - 1];
    if (!last) throw new Error(`no form was opened for ${this.user.name}`);
    return last;
  }

  submit(values: Record<string, string>, form: OpenedForm = this.openedForm()): Promise<DispatchResult> {
    return this.chat.submit(this.user, form, values);
  }

  react(message: MemoryMessage, emoji: string): Promise<void> {
    return this.chat.react(this.user, message, emoji);
  }

  edit(message: MemoryMessage, text: string): Promise<void> {
    return this.chat.edit(this.user, message, text);
  }

  /** Ephemeral messages and DMs this user received, oldest first. */
  inbox(): MemoryMessage[] {
    return this.chat.privateTo(this.user);
  }

  lastPrivate(): MemoryMessage {
    const inbox = this.inbox();
    const last = inbox[inbox.length - 1];
    if (!last) throw new Error(`${this.user.name} has received nothing privately`);
    return last;
  }
}
