import type { Logger } from 'pino';
import type { DispatchResult, InboundEvent } from './events.js';
import type { ChatPort, Ref } from './ports.js';

export type DispatchFn = (event: InboundEvent) => Promise<DispatchResult>;

/** A platform connection: its ChatPort plus a lifecycle. main.ts starts one per configured platform. */
export interface PlatformAdapter {
  readonly name: string;
  readonly port: ChatPort;
  /** Connects and starts delivering events to `dispatch`. Resolves once connected. */
  start(dispatch: DispatchFn): Promise<void>;
  /** Stops taking events, lets sends in flight finish, disconnects. */
  stop(): Promise<void>;
  /** For /healthz: false while disconnected. */
  healthy(): boolean;
}

export interface AdapterContext {
  readonly log: Logger;
  readonly adminUserIds: readonly string[];
}

/**
 * One ChatPort over several platforms: each call goes to the adapter whose prefix starts the ref
 * ("slack:...", "discord:..."). The prefix is the only part of a ref the core routes on.
 */
export class RoutingPort implements ChatPort {
  readonly platform = 'multi';
  readonly formsShowLongText: boolean;
  private readonly byPrefix = new Map<string, ChatPort>();

  constructor(ports: readonly ChatPort[]) {
    for (const port of ports) this.byPrefix.set(port.platform, port);
    this.formsShowLongText = ports.every((p) => p.formsShowLongText);
  }

  private portFor(ref: Ref | { ref: Ref }): ChatPort {
    const text = typeof ref === 'string' ? ref : ref.ref;
    const prefix = text.slice(0, text.indexOf(':'));
    const port = this.byPrefix.get(prefix);
    if (!port) throw new Error(`no adapter handles refs starting with "${prefix}"`);
    return port;
  }

  postMessage: ChatPort['postMessage'] = (channel, doc) => this.portFor(channel).postMessage(channel, doc);
  startThread: ChatPort['startThread'] = (channel, doc, options) => this.portFor(channel).startThread(channel, doc, options);
  reply: ChatPort['reply'] = (thread, doc) => this.portFor(thread).reply(thread, doc);
  sendEphemeral: ChatPort['sendEphemeral'] = (target, doc) => this.portFor(target.channel).sendEphemeral(target, doc);
  sendDirect: ChatPort['sendDirect'] = (user, doc) => this.portFor(user).sendDirect(user, doc);
  openForm: ChatPort['openForm'] = (interaction, form) => this.portFor(interaction).openForm(interaction, form);
  addReaction: ChatPort['addReaction'] = (message, emoji) => this.portFor(message).addReaction(message, emoji);
  updateMessage: ChatPort['updateMessage'] = (message, doc) => this.portFor(message).updateMessage(message, doc);
  deleteMessage: ChatPort['deleteMessage'] = (message) => this.portFor(message).deleteMessage(message);
  findPost: ChatPort['findPost'] = (channel, key, since) => this.portFor(channel).findPost(channel, key, since);
}
