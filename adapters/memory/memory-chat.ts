import type { DispatchResult, InboundEvent } from '../../src/core/events.js';
import {
  DeliveryError,
  type Actor,
  type ChatPort,
  type EphemeralTarget,
  type FormDoc,
  type MessageDoc,
  type PostOptions,
  type Posted,
  type Ref,
} from '../../src/core/ports.js';
import { renderPlainText } from '../../src/core/render-text.js';

export type SentKind = 'post' | 'thread-start' | 'reply' | 'ephemeral' | 'dm' | 'user';

/** One message in the in-memory world: sent by the bot or by a simulated user. */
export interface MemoryMessage {
  readonly id: number;
  readonly ref: Ref;
  readonly kind: SentKind;
  /** Channel ref; for DMs, the DM channel of the recipient. */
  readonly channel: Ref;
  readonly thread: Ref | null;
  /** Recipient of an ephemeral or direct message. */
  readonly to: Ref | null;
  /** "bot" or the author's user ref. */
  readonly author: string;
  doc: MessageDoc;
  text: string;
  readonly key?: string;
  readonly threadName?: string;
  readonly at: Date;
  readonly reactions: Map<string, Set<string>>;
  edited: boolean;
  deleted: boolean;
}

export interface OpenedForm {
  readonly interaction: Ref;
  readonly user: Ref;
  readonly form: FormDoc;
  readonly channel: Ref;
  readonly thread: Ref | null;
}

type PortMethod =
  | 'postMessage'
  | 'startThread'
  | 'reply'
  | 'sendEphemeral'
  | 'sendDirect'
  | 'openForm'
  | 'addReaction'
  | 'updateMessage'
  | 'deleteMessage';
/** A hook that can make an outbound call fail, for fault tests. Return an error to throw it. */
export type FaultInjector = (method: PortMethod, target: Ref) => Error | undefined;

export interface MemoryUser extends Actor {}

export const BOT_USER = 'mem:u:bar-raiser';

/**
 * An in-memory chat platform with real state: channels, threads, messages, reactions, forms.
 * It is a ChatPort for the core and, through the driver methods, lets a test or the shell act
 * as any user and read everything the bot sent, to whom, where, and whether it was ephemeral.
 */
export class MemoryChat implements ChatPort {
  readonly platform: string = 'memory';
  readonly formsShowLongText = true;
  readonly messages: MemoryMessage[] = [];
  readonly forms: OpenedForm[] = [];
  private readonly byRef = new Map<Ref, MemoryMessage>();
  private readonly interactions = new Map<Ref, { user: Ref; channel: Ref; thread: Ref | null }>();
  private readonly users = new Map<string, MemoryUser>();
  private readonly listeners: Array<(message: MemoryMessage) => void> = [];
  private readonly formListeners: Array<(form: OpenedForm) => void> = [];
  private readonly editListeners: Array<(message: MemoryMessage) => void> = [];
  private nextId = 1;
  private nextInteraction = 1;
  fault: FaultInjector | null = null;
  dispatch: (event: InboundEvent) => Promise<DispatchResult> = async () => ({ handled: false });

  constructor(
    readonly community: Ref = 'mem:w:playground',
    readonly communityName = 'playground',
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ----------------------------------------------------------------------------- refs and users

  static channelRef(name: string): Ref {
    return `mem:c:${name.replace(/^#/, '')}`;
  }

  static channelName(ref: Ref): string {
    return ref.startsWith('mem:c:') ? `#${ref.slice(6)}` : ref.startsWith('mem:dm:') ? `DM ${ref.slice(7)}` : ref;
  }

  user(name: string, options: { admin?: boolean; bot?: boolean } = {}): MemoryUser {
    const existing = this.users.get(name);
    if (existing && options.admin === undefined && options.bot === undefined) return existing;
    const user: MemoryUser = {
      ref: `mem:u:${name}`,
      platformId: name,
      name,
      isAdmin: options.admin ?? existing?.isAdmin ?? false,
      isBot: options.bot ?? existing?.isBot ?? false,
    };
    this.users.set(name, user);
    return user;
  }

  onMessage(listener: (message: MemoryMessage) => void): void {
    this.listeners.push(listener);
  }

  onForm(listener: (form: OpenedForm) => void): void {
    this.formListeners.push(listener);
  }

  /** Called after the bot edits (updateMessage) or deletes (deleteMessage) one of its messages. */
  onEdit(listener: (message: MemoryMessage) => void): void {
    this.editListeners.push(listener);
  }

  message(ref: Ref): MemoryMessage | undefined {
    return this.byRef.get(ref);
  }

  // ----------------------------------------------------------------------------- ChatPort

  async postMessage(channel: Ref, doc: MessageDoc): Promise<Ref> {
    this.maybeFail('postMessage', channel);
    return this.record({ kind: 'post', channel, thread: null, to: null, author: 'bot', doc }).ref;
  }

  async startThread(channel: Ref, doc: MessageDoc, options: PostOptions = {}): Promise<Posted> {
    this.maybeFail('startThread', channel);
    const message = this.record({
      kind: 'thread-start',
      channel,
      thread: null,
      to: null,
      author: 'bot',
      doc,
      key: options.key,
      threadName: options.threadName,
    });
    return { message: message.ref, thread: this.threadOf(message) };
  }

  async reply(thread: Ref, doc: MessageDoc): Promise<Ref> {
    this.maybeFail('reply', thread);
    const parent = this.byRef.get(thread.replace('mem:t:', 'mem:m:'));
    if (!parent) throw new DeliveryError(`no such thread ${thread}`, 'thread_not_found', true);
    return this.record({ kind: 'reply', channel: parent.channel, thread, to: null, author: 'bot', doc }).ref;
  }

  async sendEphemeral(target: EphemeralTarget, doc: MessageDoc): Promise<void> {
    const user = typeof target.user === 'string' ? target.user : target.user.ref;
    this.maybeFail('sendEphemeral', target.channel);
    this.record({ kind: 'ephemeral', channel: target.channel, thread: target.thread ?? null, to: user, author: 'bot', doc });
  }

  async sendDirect(user: Ref, doc: MessageDoc): Promise<Ref> {
    this.maybeFail('sendDirect', user);
    const dm = `mem:dm:${user.replace('mem:u:', '')}`;
    return this.record({ kind: 'dm', channel: dm, thread: null, to: user, author: 'bot', doc }).ref;
  }

  async openForm(interaction: Ref, form: FormDoc): Promise<void> {
    this.maybeFail('openForm', interaction);
    const origin = this.interactions.get(interaction);
    if (!origin) throw new DeliveryError(`interaction ${interaction} is unknown or expired`, 'expired_trigger', true);
    const opened: OpenedForm = { interaction, user: origin.user, form, channel: origin.channel, thread: origin.thread };
    this.forms.push(opened);
    for (const listener of this.formListeners) listener(opened);
  }

  async addReaction(message: Ref, emoji: string): Promise<void> {
    this.maybeFail('addReaction', message);
    const target = this.byRef.get(message);
    if (!target) throw new DeliveryError(`no such message ${message}`, 'message_not_found', true);
    const users = target.reactions.get(emoji) ?? new Set<string>();
    users.add(BOT_USER);
    target.reactions.set(emoji, users);
  }

  async updateMessage(message: Ref, doc: MessageDoc): Promise<void> {
    this.maybeFail('updateMessage', message);
    const target = this.byRef.get(message);
    if (!target) throw new DeliveryError(`no such message ${message}`, 'message_not_found', true);
    target.doc = doc;
    target.text = renderPlainText(doc);
    target.edited = true;
    for (const listener of this.editListeners) listener(target);
  }

  async deleteMessage(message: Ref): Promise<void> {
    this.maybeFail('deleteMessage', message);
    const target = this.byRef.get(message);
    if (!target || target.deleted) return;
    if (target.author !== 'bot') throw new DeliveryError(`message ${message} is not the bot's`, 'cant_delete_message', true);
    target.deleted = true;
    for (const listener of this.editListeners) listener(target);
  }

  async findPost(channel: Ref, key: string, since: Date): Promise<Posted | null> {
    const found = this.messages.find(
      (m) => m.channel === channel && m.key === key && m.author === 'bot' && !m.deleted && m.at >= since,
    );
    return found ? { message: found.ref, thread: this.threadOf(found) } : null;
  }

  // ----------------------------------------------------------------------------- driver: act as a user

  /** A user posts `text` in a channel or thread; dispatched as a message event. */
  async say(user: MemoryUser, channel: Ref, text: string, thread: Ref | null = null): Promise<MemoryMessage> {
    const message = this.record({ kind: 'user', channel, thread, to: null, author: user.ref, doc: { text } });
    await this.dispatch({
      type: 'message',
      ...this.where(channel, thread),
      message: message.ref,
      messageId: String(message.id),
      user,
      text,
    });
    return message;
  }

  /** Redelivers a message event exactly as the platform would after a timeout. */
  async redeliver(message: MemoryMessage): Promise<void> {
    const user = this.users.get(message.author.replace('mem:u:', ''));
    if (!user) throw new Error(`message ${message.ref} was not sent by a known user`);
    await this.dispatch({
      type: 'message',
      ...this.where(message.channel, message.thread),
      message: message.ref,
      messageId: String(message.id),
      user,
      text: message.text,
    });
  }

  async edit(user: MemoryUser, message: MemoryMessage, text: string): Promise<void> {
    message.doc = { text };
    message.text = text;
    message.edited = true;
    await this.dispatch({
      type: 'message_edited',
      ...this.where(message.channel, message.thread),
      message: message.ref,
      messageId: String(message.id),
      user,
      text,
    });
  }

  async remove(message: MemoryMessage): Promise<void> {
    message.deleted = true;
    await this.dispatch({
      type: 'message_deleted',
      ...this.where(message.channel, message.thread),
      message: message.ref,
      messageId: String(message.id),
    });
  }

  /** Runs "/prep setup time:09:00" as `user`. */
  async command(user: MemoryUser, channel: Ref, line: string, thread: Ref | null = null): Promise<DispatchResult> {
    const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
    if (!match) throw new Error(`not a slash command: ${line}`);
    const text = match[2]!;
    const mentions = this.mentionsIn(text);
    return this.dispatch({
      type: 'command',
      ...this.where(channel, thread),
      command: match[1]!.toLowerCase(),
      text,
      user,
      interaction: this.newInteraction(user, channel, thread),
      ...(mentions.length > 0 ? { mentions } : {}),
    });
  }

  /**
   * `@dana` words (alone or as `partner:@dana`) as the users they name, as Slack and Discord
   * resolve a picked mention: everyone is a user of this world, so the name is created if new.
   * The text keeps `@dana`; the core finds her by name once the dispatcher has made her a member.
   */
  private mentionsIn(text: string): MemoryUser[] {
    const found = new Map<string, MemoryUser>();
    for (const [, name] of text.matchAll(/(?:^|[\s:])@(\w+(?:[.-]\w+)*)/g)) {
      if (`mem:u:${name}` === BOT_USER) continue;
      const user = this.user(name!);
      found.set(user.ref, { ...user, isAdmin: false });
    }
    return [...found.values()];
  }

  /** Clicks the first button whose label starts with `label` (case-insensitive) on `message`. */
  async click(user: MemoryUser, message: MemoryMessage, label: string): Promise<DispatchResult> {
    const wanted = label.trim().toLowerCase();
    const button = message.doc.buttons?.find((b) => b.label.toLowerCase().startsWith(wanted) || b.action === label);
    if (!button) throw new Error(`no button "${label}" on message ${message.ref}`);
    // A click inside a DM or ephemeral message still happens "where" the message is.
    return this.dispatch({
      type: 'button',
      ...this.where(message.channel, message.thread),
      action: button.action,
      value: button.value ?? '',
      message: message.ref,
      user,
      interaction: this.newInteraction(user, message.channel, message.thread),
    });
  }

  async submit(user: MemoryUser, opened: OpenedForm, values: Record<string, string>): Promise<DispatchResult> {
    return this.dispatch({
      type: 'form_submit',
      ...this.where(opened.channel, opened.thread),
      form: opened.form.id,
      state: opened.form.state,
      values,
      user,
      interaction: this.newInteraction(user, opened.channel, opened.thread),
    });
  }

  async react(user: MemoryUser, message: MemoryMessage, emoji: string, added = true): Promise<void> {
    const users = message.reactions.get(emoji) ?? new Set<string>();
    if (added) users.add(user.ref);
    else users.delete(user.ref);
    message.reactions.set(emoji, users);
    await this.dispatch({
      type: 'reaction',
      ...this.where(message.channel, message.thread),
      emoji,
      added,
      message: message.ref,
      messageId: String(message.id),
      user,
    });
  }

  // ----------------------------------------------------------------------------- reading what happened

  /** Everything the bot sent, oldest first. */
  botMessages(): MemoryMessage[] {
    return this.messages.filter((m) => m.author === 'bot');
  }

  /** What `user` could see privately: ephemeral messages and DMs addressed to them. */
  privateTo(user: MemoryUser | Ref): MemoryMessage[] {
    const ref = typeof user === 'string' ? user : user.ref;
    return this.messages.filter((m) => m.to === ref);
  }

  threadOf(message: MemoryMessage): Ref {
    return message.ref.replace('mem:m:', 'mem:t:');
  }

  // -----------------------------------------------------------------------------

  private where(channel: Ref, thread: Ref | null) {
    return {
      community: this.community,
      communityName: this.communityName,
      channel,
      channelName: MemoryChat.channelName(channel),
      thread,
    };
  }

  private newInteraction(user: MemoryUser, channel: Ref, thread: Ref | null): Ref {
    const ref = `mem:i:${this.nextInteraction++}`;
    this.interactions.set(ref, { user: user.ref, channel, thread });
    return ref;
  }

  private maybeFail(method: PortMethod, target: Ref): void {
    const error = this.fault?.(method, target);
    if (error) throw error;
  }

  private record(fields: Omit<MemoryMessage, 'id' | 'ref' | 'text' | 'at' | 'reactions' | 'edited' | 'deleted'>): MemoryMessage {
    const id = this.nextId++;
    const message: MemoryMessage = {
      ...fields,
      id,
      ref: `mem:m:${id}`,
      text: renderPlainText(fields.doc),
      at: this.now(),
      reactions: new Map(),
      edited: false,
      deleted: false,
    };
    this.messages.push(message);
    this.byRef.set(message.ref, message);
    for (const listener of this.listeners) listener(message);
    return message;
  }
}
