import type { webApi } from '@slack/bolt';
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
import { renderMessage, type RenderedMessage } from './blocks.js';
import { slackEmojiName } from './emoji.js';
import { platformErrorOf, toDeliveryError } from './errors.js';
import { renderModal } from './modal.js';
import { decodeChannel, decodeInteraction, decodeMessage, decodeUser, messageRef, type InteractionInfo } from './refs.js';

/** The metadata event type of daily posts: findPost looks for it after a crash. */
export const POST_EVENT_TYPE = 'bar_raiser_post';
/** conversations.history pages read by findPost (200 messages each) before giving up. */
const FIND_POST_PAGES = 5;
/** Errors after which an ephemeral can still reach the user through the interaction's response_url. */
const NOT_A_MEMBER = new Set(['channel_not_found', 'not_in_channel']);

/** The ChatPort over Slack's Web API. Every failure leaves as a DeliveryError (see errors.ts). */
export class SlackChat implements ChatPort {
  readonly platform = 'slack';
  readonly formsShowLongText = true;
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    /** Our bot id, once auth.test has told us (so findPost ignores other apps' messages). */
    private readonly botId: () => string | undefined = () => undefined,
  ) {}

  async postMessage(channel: Ref, doc: MessageDoc): Promise<Ref> {
    const { team } = decodeChannel(channel);
    const { channelId, ts } = await this.post(await this.channelId(channel), renderMessage(doc));
    return messageRef(team, channelId, ts);
  }

  async startThread(channel: Ref, doc: MessageDoc, options: PostOptions = {}): Promise<Posted> {
    const { team } = decodeChannel(channel);
    const metadata = options.key ? { event_type: POST_EVENT_TYPE, event_payload: { key: options.key } } : undefined;
    const { channelId, ts } = await this.post(await this.channelId(channel), renderMessage(doc), { metadata });
    // On Slack a thread is named by its parent message.
    const ref = messageRef(team, channelId, ts);
    return { message: ref, thread: ref };
  }

  async reply(thread: Ref, doc: MessageDoc): Promise<Ref> {
    const { team, channel, ts: threadTs } = decodeMessage(thread);
    const { channelId, ts } = await this.post(channel, renderMessage(doc), { thread_ts: threadTs });
    return messageRef(team, channelId, ts);
  }

  async sendEphemeral(target: EphemeralTarget, doc: MessageDoc): Promise<void> {
    const destination = decodeChannel(target.channel);
    const user = typeof target.user === 'string' ? decodeUser(target.user).user : target.user.platformId;
    if ('dmWith' in destination) {
      // No channel to be ephemeral in (a modal opened elsewhere): a DM is the private fallback.
      await this.direct(destination.team, user, doc);
      return;
    }
    const rendered = renderMessage(doc);
    const threadTs = target.thread ? decodeMessage(target.thread).ts : undefined;
    try {
      await this.client.chat.postEphemeral({ channel: destination.channel, user, thread_ts: threadTs, ...rendered });
    } catch (err) {
      const failure = toDeliveryError(err, 'chat.postEphemeral');
      // A slash command in a channel the bot has not joined can still be answered through response_url.
      const responseUrl = this.interactionOf(target)?.responseUrl;
      if (!responseUrl || !NOT_A_MEMBER.has(failure.code)) throw failure;
      await this.respond(responseUrl, rendered);
    }
  }

  async sendDirect(user: Ref, doc: MessageDoc): Promise<Ref> {
    const { team, user: id } = decodeUser(user);
    return this.direct(team, id, doc);
  }

  async openForm(interaction: Ref, form: FormDoc): Promise<void> {
    const info = decodeInteraction(interaction);
    if (!info.triggerId) throw new DeliveryError(`form ${form.id}: the interaction has no trigger_id`, 'no_trigger_id', true);
    const view = renderModal(form, { channel: info.channel, threadTs: info.threadTs });
    await this.call('views.open', () => this.client.views.open({ trigger_id: info.triggerId!, view }));
  }

  async addReaction(message: Ref, emoji: string): Promise<void> {
    const { channel, ts } = decodeMessage(message);
    try {
      await this.client.reactions.add({ channel, timestamp: ts, name: slackEmojiName(emoji) });
    } catch (err) {
      // Redelivered work may react twice: the reaction is there, which is what was asked.
      if (platformErrorOf(err) === 'already_reacted') return;
      throw toDeliveryError(err, 'reactions.add');
    }
  }

  async updateMessage(message: Ref, doc: MessageDoc): Promise<void> {
    const { channel, ts } = decodeMessage(message);
    await this.call('chat.update', () => this.client.chat.update({ channel, ts, ...renderMessage(doc) }));
  }

  async deleteMessage(message: Ref): Promise<void> {
    const { channel, ts } = decodeMessage(message);
    try {
      await this.client.chat.delete({ channel, ts });
    } catch (err) {
      if (platformErrorOf(err) === 'message_not_found') return;
      throw toDeliveryError(err, 'chat.delete');
    }
  }

  async findPost(channel: Ref, key: string, since: Date): Promise<Posted | null> {
    const { team } = decodeChannel(channel);
    const channelId = await this.channelId(channel);
    const botId = this.botId();
    let cursor: string | undefined;
    for (let page = 0; page < FIND_POST_PAGES; page++) {
      const history = await this.call('conversations.history', () =>
        this.client.conversations.history({
          channel: channelId,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
          cursor,
        }),
      );
      for (const message of history.messages ?? []) {
        const metadata = message.metadata;
        // The generated response type declares event_payload as {}; ours is { key }.
        const payload = metadata?.event_payload as { key?: unknown } | undefined;
        const ours = !botId || !message.bot_id || message.bot_id === botId;
        if (ours && message.ts && metadata?.event_type === POST_EVENT_TYPE && payload?.key === key) {
          const ref = messageRef(team, channelId, message.ts);
          return { message: ref, thread: ref };
        }
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------

  private async call<T>(method: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toDeliveryError(err, method);
    }
  }

  private async post(
    channel: string,
    rendered: RenderedMessage,
    extra: { thread_ts?: string; metadata?: { event_type: string; event_payload: { key: string } } } = {},
  ): Promise<{ channelId: string; ts: string }> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel, ...rendered, ...extra, unfurl_links: false, unfurl_media: false }),
    );
    if (!result.ts) throw new DeliveryError('chat.postMessage: no ts in the answer', 'no_ts', false);
    return { channelId: result.channel ?? channel, ts: result.ts };
  }

  private async direct(team: string, user: string, doc: MessageDoc): Promise<Ref> {
    const channel = await this.openDm(user);
    const { channelId, ts } = await this.post(channel, renderMessage(doc));
    return messageRef(team, channelId, ts);
  }

  private async channelId(ref: Ref): Promise<string> {
    const target = decodeChannel(ref);
    return 'dmWith' in target ? this.openDm(target.dmWith) : target.channel;
  }

  private async openDm(user: string): Promise<string> {
    const known = this.dmChannels.get(user);
    if (known) return known;
    const opened = await this.call('conversations.open', () => this.client.conversations.open({ users: user }));
    const id = opened.channel?.id;
    if (!id) throw new DeliveryError('conversations.open: no channel in the answer', 'no_channel', false);
    this.dmChannels.set(user, id);
    return id;
  }

  private interactionOf(target: EphemeralTarget): InteractionInfo | null {
    if (!target.interaction) return null;
    try {
      return decodeInteraction(target.interaction);
    } catch {
      return null;
    }
  }

  /** Posts to an interaction's response_url (valid 30 minutes, 5 times). */
  private async respond(responseUrl: string, rendered: RenderedMessage): Promise<void> {
    let response: Response;
    try {
      response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...rendered }),
      });
    } catch (err) {
      throw new DeliveryError(`response_url: ${(err as Error).message}`, 'request_failed', false);
    }
    if (!response.ok) {
      this.log.warn({ status: response.status }, 'response_url refused the ephemeral answer');
      throw new DeliveryError(`response_url: HTTP ${response.status}`, `http_${response.status}`, response.status < 500);
    }
  }
}
