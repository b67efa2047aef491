import {
  makeURLSearchParams,
  Routes,
  SnowflakeUtil,
  type APIChannel,
  type APIMessage,
  type REST,
} from 'discord.js';
import type { Logger } from 'pino';
import {
  DeliveryError,
  type ChatPort,
  type EphemeralTarget,
  type FormDoc,
  type MessageDoc,
  type PostOptions,
  type Posted,
  type Ref,
} from '../../src/core/ports.js';
import type { CustomIds } from './custom-ids.js';
import { toReactionEmoji } from './emoji.js';
import { deliver, isDiscordCode, THREAD_ALREADY_EXISTS, toDeliveryError, UNKNOWN_MESSAGE } from './errors.js';
import type { FormSessions } from './form-sessions.js';
import type { LiveInteractions } from './live-interactions.js';
import * as refs from './refs.js';
import { messageRef, targetChannelId, threadRef, type ChannelLocation } from './refs.js';
import { openFormDoc } from './render-form.js';
import { footerHasKey, nonceFor, renderMessage, truncate, type RenderedMessage } from './render-message.js';

export interface DiscordChatDeps {
  /** discord.js's REST client: it queues requests per route and waits out 429s itself. */
  readonly rest: REST;
  readonly customIds: CustomIds;
  readonly interactions: LiveInteractions;
  readonly forms: FormSessions;
  /** The bot's own user id once connected: findPost only trusts the bot's messages. */
  readonly botUserId: () => string | null;
  readonly log: Logger;
}

/** findPost looks this many pages of 100 messages past `since` before giving up. */
const FIND_POST_PAGES = 10;
const THREAD_NAME_MAX = 100;
/** Threads stay open a day without activity: one daily question's life. */
const THREAD_ARCHIVE_MINUTES = 1440;
const DM_CHANNEL_CACHE = 10_000;

/**
 * The ChatPort over Discord. Every send goes through REST (not the gateway cache), so any shard,
 * and the one that runs the scheduler in particular, can post in any guild.
 */
export class DiscordChat implements ChatPort {
  readonly platform = 'discord';
  /** Modals hold short inputs only: the answer under review is shown in a message beside the form. */
  readonly formsShowLongText = false;
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly deps: DiscordChatDeps) {}

  async postMessage(channel: Ref, doc: MessageDoc): Promise<Ref> {
    const location = parseLocation(channel);
    const message = await this.send(location, this.render(doc, location), 'posting a message');
    return messageRef(location, message.id);
  }

  async startThread(channel: Ref, doc: MessageDoc, options: PostOptions = {}): Promise<Posted> {
    const location = parseLocation(channel);
    const body = {
      ...renderMessage(doc, { customIds: this.deps.customIds, postKey: options.key }),
      // A resend of the same post within Discord's nonce window returns the first message instead of a duplicate.
      ...(options.key ? { nonce: nonceFor(options.key), enforce_nonce: true } : {}),
    };
    const message = await this.send(location, body, 'posting a thread starter');
    const threadId = await this.openThread(location, message.id, options.threadName ?? doc.title ?? 'Discussion');
    return { message: messageRef(location, message.id), thread: threadRef(location.guildId, location.channelId, threadId) };
  }

  async reply(thread: Ref, doc: MessageDoc): Promise<Ref> {
    const location = parseLocation(thread);
    const message = await this.send(location, this.render(doc, location), 'replying in a thread');
    return messageRef(location, message.id);
  }

  async sendEphemeral(target: EphemeralTarget, doc: MessageDoc): Promise<void> {
    const live = this.deps.interactions.get(target.interaction);
    if (live?.canSend()) {
      const rendered = renderMessage(doc, { customIds: this.deps.customIds, dmGuildId: live.dmGuildId ?? undefined });
      try {
        await deliver('answering an interaction', () => live.send(rendered));
        return;
      } catch (err) {
        // An interaction that can no longer be answered (expired, already closed): the DM still reaches them.
        if (!(err instanceof DeliveryError && err.permanent)) throw err;
        this.deps.log.warn({ err, interaction: live.ref }, 'could not answer an interaction; sending a DM instead');
      }
    }
    // Discord has ephemeral messages only as interaction answers: anything else goes to DMs.
    await this.sendDirect(typeof target.user === 'string' ? target.user : target.user.ref, doc);
  }

  async sendDirect(user: Ref, doc: MessageDoc): Promise<Ref> {
    const { guildId, userId } = parseUser(user);
    const channelId = await this.dmChannel(userId);
    const location: ChannelLocation = { guildId, channelId, threadId: null, dm: true };
    const message = await this.send(location, this.render(doc, location), 'sending a direct message');
    return messageRef(location, message.id);
  }

  async openForm(interaction: Ref, form: FormDoc): Promise<void> {
    const live = this.deps.interactions.get(interaction);
    if (!live) throw new DeliveryError(`interaction ${interaction} is unknown or expired`, 'unknown_interaction', true);
    const session = this.deps.forms.open(form, live.userId, live.dmGuildId);
    if (live.canShowModal()) {
      await deliver('opening a form', () => live.showModal(this.deps.forms.modal(session)));
      return;
    }
    // Too late for a modal (the interaction was already answered): a button opens it instead.
    const prompt = renderMessage(openFormDoc(form, session.id), { customIds: this.deps.customIds, dmGuildId: live.dmGuildId ?? undefined });
    await deliver('offering a form', () => live.send(prompt));
  }

  async addReaction(message: Ref, emoji: string): Promise<void> {
    const { messageId, ...location } = parseMessage(message);
    const channelId = targetChannelId(location);
    await deliver('adding a reaction', () =>
      this.deps.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(toReactionEmoji(emoji)))),
    );
  }

  async updateMessage(message: Ref, doc: MessageDoc): Promise<void> {
    const { messageId, ...location } = parseMessage(message);
    const body = this.render(doc, location);
    await deliver('updating a message', () =>
      this.deps.rest.patch(Routes.channelMessage(targetChannelId(location), messageId), {
        body: { embeds: body.embeds, components: body.components, allowed_mentions: body.allowed_mentions },
      }),
    );
  }

  async deleteMessage(message: Ref): Promise<void> {
    const { messageId, ...location } = parseMessage(message);
    try {
      await this.deps.rest.delete(Routes.channelMessage(targetChannelId(location), messageId));
    } catch (err) {
      if (isDiscordCode(err, UNKNOWN_MESSAGE)) return;
      throw toDeliveryError(err, 'deleting a message');
    }
  }

  async findPost(channel: Ref, key: string, since: Date): Promise<Posted | null> {
    const location = parseLocation(channel);
    const botId = this.deps.botUserId();
    const nonce = nonceFor(key);
    let after = SnowflakeUtil.generate({ timestamp: since.getTime() }).toString();
    for (let page = 0; page < FIND_POST_PAGES; page++) {
      const batch = (await deliver('looking for a post', () =>
        this.deps.rest.get(Routes.channelMessages(targetChannelId(location)), {
          query: makeURLSearchParams({ after, limit: 100 }),
        }),
      )) as APIMessage[];
      // Discord keeps the nonce only in the create response; the footer key is what lasts.
      const found = batch.find(
        (m) =>
          (botId === null || m.author.id === botId) &&
          (m.nonce === nonce || m.embeds.some((e) => footerHasKey(e.footer?.text, key))),
      );
      if (found) {
        const threadId = found.thread?.id ?? (await this.openThread(location, found.id, found.embeds[0]?.title ?? 'Discussion'));
        return { message: messageRef(location, found.id), thread: threadRef(location.guildId, location.channelId, threadId) };
      }
      if (batch.length < 100) return null;
      after = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------

  private render(doc: MessageDoc, location: ChannelLocation): RenderedMessage {
    return renderMessage(doc, { customIds: this.deps.customIds, dmGuildId: location.dm ? location.guildId : undefined });
  }

  private async send(location: ChannelLocation, body: object, doing: string): Promise<APIMessage> {
    return (await deliver(doing, () =>
      this.deps.rest.post(Routes.channelMessages(targetChannelId(location)), { body }),
    )) as APIMessage;
  }

  /** Opens the public thread of a message; a second attempt (a resend after a crash) finds the first. */
  private async openThread(location: ChannelLocation, messageId: string, name: string): Promise<string> {
    const threadName = truncate(name.replace(/\s+/g, ' ').trim() || 'Discussion', THREAD_NAME_MAX);
    try {
      const thread = (await this.deps.rest.post(Routes.threads(location.channelId, messageId), {
        body: { name: threadName, auto_archive_duration: THREAD_ARCHIVE_MINUTES },
      })) as APIChannel;
      return thread.id;
    } catch (err) {
      // A thread started from a message has the message's id.
      if (isDiscordCode(err, THREAD_ALREADY_EXISTS)) return messageId;
      throw toDeliveryError(err, 'opening a thread');
    }
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await deliver('opening a direct message', () =>
      this.deps.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }),
    )) as APIChannel;
    if (this.dmChannels.size >= DM_CHANNEL_CACHE) this.dmChannels.clear();
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }
}

/** A ref this adapter did not make can never be delivered to: a permanent DeliveryError, not a crash. */
function readRef<T>(parse: (ref: Ref) => T, ref: Ref): T {
  try {
    return parse(ref);
  } catch (err) {
    throw toDeliveryError(err, 'reading a ref');
  }
}
const parseLocation = (ref: Ref) => readRef(refs.parseLocation, ref);
const parseMessage = (ref: Ref) => readRef(refs.parseMessage, ref);
const parseUser = (ref: Ref) => readRef(refs.parseUser, ref);
