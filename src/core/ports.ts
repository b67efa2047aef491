/**
 * The boundary between the platform-agnostic core and the adapters.
 *
 * Refs are opaque strings minted by adapters ("slack:T1:C2", "discord:G1:C2:T3", "mem:c1").
 * The core stores and compares them but never parses them: only the adapter that made a ref
 * knows what is inside.
 */
export type Ref = string;

/** Who did something. The adapter decides `isAdmin` from platform roles; the core adds ADMIN_USER_IDS. */
export interface Actor {
  readonly ref: Ref;
  /** Platform user id as configured in ADMIN_USER_IDS (e.g. "U123" on Slack, a snowflake on Discord). */
  readonly platformId: string;
  readonly name: string;
  readonly isAdmin: boolean;
  readonly isBot?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Outbound: the neutral message and form model every adapter renders.

export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface Button {
  /** Routed by the dispatcher: "<feature>.<action>", e.g. "daily.answer". */
  readonly action: string;
  readonly label: string;
  /** Opaque payload the handler gets back (a post id, a review id...). */
  readonly value?: string;
  readonly style?: ButtonStyle;
}

export interface Field {
  readonly label: string;
  readonly value: string;
}

/** A neutral message document. `text` is a small Markdown subset: **bold**, _italic_, `code`, > quote, - bullets. */
export interface MessageDoc {
  readonly title?: string;
  readonly text?: string;
  readonly fields?: readonly Field[];
  readonly buttons?: readonly Button[];
  /** A small grey line under the message. */
  readonly context?: string;
}

export interface TextInput {
  readonly kind: 'text';
  readonly id: string;
  readonly label: string;
  readonly multiline?: boolean;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly initial?: string;
}

export interface ChoiceInput {
  readonly kind: 'choice';
  readonly id: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly required?: boolean;
  readonly initial?: string;
}

export type FormInput = TextInput | ChoiceInput;

export interface FormDoc {
  /** Routed by the dispatcher on submit: "<feature>.<form>", e.g. "answers.star". */
  readonly id: string;
  readonly title: string;
  /** Read-only Markdown shown above the inputs (the answer being reviewed). Platforms whose forms cannot show long text leave it out (`formsShowLongText`). */
  readonly intro?: string;
  readonly submitLabel?: string;
  readonly inputs: readonly FormInput[];
  /** Opaque context returned with the submission (a post id, an answer id...). */
  readonly state: string;
}

/** Where an ephemeral message goes: the user, in a channel or thread, ideally as the answer to an interaction. */
export interface EphemeralTarget {
  readonly user: Actor | Ref;
  readonly channel: Ref;
  readonly thread?: Ref | null;
  /** The interaction being answered, when there is one (Discord can only be ephemeral there). */
  readonly interaction?: Ref | null;
}

export interface PostOptions {
  /** A stable key for this post (e.g. "daily:42"): adapters embed it so a post can be found again after a crash. */
  readonly key?: string;
  /** Name of the thread the post opens, where the platform names threads. */
  readonly threadName?: string;
}

export interface Posted {
  /** The message itself (for updates and reactions). */
  readonly message: Ref;
  /** The thread the message opened: replies go there and thread messages arrive with it. */
  readonly thread: Ref;
}

/** Errors adapters raise so the core can tell "try again later" from "this will never work". */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** True when retrying cannot help: the channel is gone, the bot was removed, access denied. */
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface ChatPort {
  /** "slack", "discord", "memory", "shell": for logs and for choosing how to phrase things. */
  readonly platform: string;
  /** Posts a top-level message in a channel (a leaderboard, a digest). */
  postMessage(channel: Ref, doc: MessageDoc): Promise<Ref>;
  /** Posts a top-level message in a channel and opens a thread on it. */
  startThread(channel: Ref, doc: MessageDoc, options?: PostOptions): Promise<Posted>;
  /** Replies inside a thread. */
  reply(thread: Ref, doc: MessageDoc): Promise<Ref>;
  /** A message only `user` sees. Adapters that cannot do that fall back to a direct message. */
  sendEphemeral(target: EphemeralTarget, doc: MessageDoc): Promise<void>;
  /** A direct message to a user. */
  sendDirect(user: Ref, doc: MessageDoc): Promise<Ref>;
  /** Opens a form in answer to an interaction (a button click or command). */
  openForm(interaction: Ref, form: FormDoc): Promise<void>;
  addReaction(message: Ref, emoji: string): Promise<void>;
  updateMessage(message: Ref, doc: MessageDoc): Promise<void>;
  /** Deletes a message the bot posted; one that is already gone counts as deleted. */
  deleteMessage(message: Ref): Promise<void>;
  /** Finds a post made with `options.key` in a channel, for crash reconciliation. Null when not found. */
  findPost(channel: Ref, key: string, since: Date): Promise<Posted | null>;
  /** True when this platform's forms cannot show long read-only text (the answer being reviewed). */
  readonly formsShowLongText: boolean;
}

/** Which ChatPort handles a ref: main.ts wires one per platform; refs start with the platform prefix. */
export interface PortDirectory {
  portFor(ref: Ref): ChatPort;
}
