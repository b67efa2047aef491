import type { Logger } from 'pino';
import type Database from 'better-sqlite3';
import type { Catalog } from '../catalog/load.js';
import type { Db } from '../db/open.js';
import type { Args } from './args.js';
import type { Clock } from './clock.js';
import type { DomainEvents } from './domain-events.js';
import type {
  ButtonEvent,
  CommandEvent,
  FormSubmitEvent,
  MessageDeletedEvent,
  MessageEditedEvent,
  MessageEvent,
  ReactionEvent,
} from './events.js';
import type { Actor, ChatPort, MessageDoc, Ref } from './ports.js';

export interface CoreSettings {
  readonly defaultTimezone: string;
  /** Platform user ids that are admins everywhere (ADMIN_USER_IDS). */
  readonly adminUserIds: readonly string[];
}

/** What every feature is built from. Features get it once, at construction. */
export interface Services {
  readonly db: Db;
  readonly sqlite: Database.Database;
  /** Runs `fn` in one transaction (a savepoint when already in one); see Storage.atomic. */
  atomic<T>(fn: () => T): T;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly port: ChatPort;
  readonly log: Logger;
  readonly settings: CoreSettings;
  /** Facts features publish for each other (answer saved, post published...). */
  readonly events: DomainEvents;
  /** Group commit: `flush()` where a write must be durable before something leaves the process. */
  readonly writes: { join(): void; flush(): void };
}

/** Everything a handler needs about the event it is answering and the person who caused it. */
export interface Context<E> {
  readonly event: E;
  /** The actor, with `isAdmin` already combining platform roles and ADMIN_USER_IDS. */
  readonly actor: Actor;
  /** The member row of the actor in this community (created on first sight). */
  readonly memberId: number;
  readonly community: Ref;
  readonly channel: Ref;
  readonly thread: Ref | null;
  readonly interaction: Ref | null;
  /** A message only the actor sees, where they are. */
  reply(doc: MessageDoc | string): Promise<void>;
}

export interface CommandSpec {
  /** "prep" or "mock". */
  readonly command: string;
  /** The subcommand ("setup"); "" for the command's default action (`/mock`). */
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly adminOnly?: boolean;
  run(ctx: Context<CommandEvent>, args: Args): Promise<void>;
}

export interface FormOutcome {
  /** Field id → problem, shown beside the fields where the platform can. */
  readonly fieldErrors?: Readonly<Record<string, string>>;
}

export type ButtonHandler = (ctx: Context<ButtonEvent>) => Promise<void>;
export type FormHandler = (ctx: Context<FormSubmitEvent>) => Promise<FormOutcome | void>;

/** A capability: its commands and handlers. `main.ts`/`app.ts` registers features with the dispatcher. */
export interface Feature {
  readonly name: string;
  readonly commands?: readonly CommandSpec[];
  /** Button action id ("daily.answer") → handler. */
  readonly buttons?: Readonly<Record<string, ButtonHandler>>;
  /** Form id ("answers.star") → handler. */
  readonly forms?: Readonly<Record<string, FormHandler>>;
  /** Return true when the message was this feature's (features are asked in registration order). */
  onThreadMessage?(ctx: Context<MessageEvent>): Promise<boolean>;
  onMessageEdited?(ctx: Context<MessageEditedEvent>): Promise<boolean>;
  onMessageDeleted?(event: MessageDeletedEvent): Promise<boolean>;
  onReaction?(ctx: Context<ReactionEvent>): Promise<boolean>;
  /** Called every minute (and by the playground for every simulated minute). */
  tick?(now: Date): Promise<void>;
  /** Start-up work: reconciliation after a crash. */
  start?(): Promise<void>;
}
