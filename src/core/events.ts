import type { Actor, Ref } from './ports.js';

/**
 * The small union of normalized inbound events. Adapters turn platform payloads into these and
 * hand them to the dispatcher; nothing else enters the core.
 */
interface InChannel {
  /** Workspace (Slack team) or guild. */
  readonly community: Ref;
  readonly communityName?: string;
  readonly channel: Ref;
  readonly channelName?: string;
  /** The thread the event happened in, when it did. */
  readonly thread?: Ref | null;
}

export interface MessageEvent extends InChannel {
  readonly type: 'message';
  readonly message: Ref;
  /** Platform-unique message id: the idempotency key for anything the message creates. */
  readonly messageId: string;
  readonly user: Actor;
  readonly text: string;
}

export interface MessageEditedEvent extends InChannel {
  readonly type: 'message_edited';
  readonly message: Ref;
  readonly messageId: string;
  readonly user: Actor;
  readonly text: string;
}

export interface MessageDeletedEvent extends InChannel {
  readonly type: 'message_deleted';
  readonly message: Ref;
  readonly messageId: string;
}

export interface CommandEvent extends InChannel {
  readonly type: 'command';
  /** Without the slash: "prep" or "mock". */
  readonly command: string;
  /** Everything after the command, as typed (Discord options are rendered back to "key:value" text). */
  readonly text: string;
  readonly user: Actor;
  readonly interaction?: Ref | null;
  /**
   * The users the command mentions, as the adapter resolved them (isAdmin always false: a mention
   * grants nothing). Refs are opaque to the core, so this is the only way it can learn of someone
   * who has never acted, e.g. a first-time `/mock partner:@bob`.
   */
  readonly mentions?: readonly Actor[];
}

export interface ButtonEvent extends InChannel {
  readonly type: 'button';
  readonly action: string;
  readonly value: string;
  /** The message the button was on. */
  readonly message: Ref;
  readonly user: Actor;
  readonly interaction?: Ref | null;
}

export interface FormSubmitEvent extends InChannel {
  readonly type: 'form_submit';
  readonly form: string;
  readonly state: string;
  readonly values: Readonly<Record<string, string>>;
  readonly user: Actor;
  readonly interaction?: Ref | null;
}

export interface ReactionEvent extends InChannel {
  readonly type: 'reaction';
  /** Emoji name without colons ("white_check_mark", "👍" on platforms that send unicode). */
  readonly emoji: string;
  readonly added: boolean;
  readonly message: Ref;
  readonly messageId: string;
  readonly user: Actor;
}

export type InboundEvent =
  | MessageEvent
  | MessageEditedEvent
  | MessageDeletedEvent
  | CommandEvent
  | ButtonEvent
  | FormSubmitEvent
  | ReactionEvent;

/** What the dispatcher hands back to the adapter: form field errors must travel in Slack's ack. */
export interface DispatchResult {
  /** Field id → message, for platforms that show errors beside the fields. */
  readonly fieldErrors?: Readonly<Record<string, string>>;
  /** Whether any handler took the event. */
  readonly handled: boolean;
}
