import {
  MessageFlags,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Ref } from '../../src/core/ports.js';
import { interactionRef } from './refs.js';
import type { ButtonRow } from './render-message.js';

export type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** Discord voids an interaction that gets no response within 3 s; this leaves room for the request itself. */
export const ACK_DEADLINE_MS = 2_200;
/** Interaction tokens (follow-ups, edits) work for 15 minutes. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

export interface PrivateBody {
  readonly embeds: APIEmbed[];
  readonly components: ButtonRow[];
}

type AckState = 'pending' | 'deferred-reply' | 'deferred-update' | 'replied' | 'modal';

/**
 * One interaction the core may still answer, and the rules of answering it: the first response
 * is a reply, a deferral or a modal; after a deferred reply the first message replaces the
 * "thinking…" placeholder; everything after that is an ephemeral follow-up. Calls are queued so a
 * deadline deferral and the core's own answer never race each other.
 */
export class LiveInteraction {
  readonly ref: Ref;
  readonly userId: string;
  /** Set for clicks in DMs: the guild the button belonged to, so buttons in the answer keep it. */
  dmGuildId: string | null = null;
  private state: AckState = 'pending';
  private placeholderShown = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly interaction: Answerable,
    readonly receivedAt: number = Date.now(),
  ) {
    this.ref = interactionRef(interaction.id);
    this.userId = interaction.user.id;
  }

  /** A modal can only be the first response, within the 3-second window, and never to a modal submit. */
  canShowModal(now = Date.now()): boolean {
    return this.state === 'pending' && !this.interaction.isModalSubmit() && now - this.receivedAt < ACK_DEADLINE_MS;
  }

  /** Whether a private message can still go through this interaction (else the caller sends a DM). */
  canSend(now = Date.now()): boolean {
    return this.state !== 'modal' && now - this.receivedAt < TOKEN_LIFETIME_MS;
  }

  /** "Bar Raiser is thinking…", visible only to the user: for commands and form submits. */
  deferReply(): Promise<void> {
    return this.serially(async () => {
      if (this.state !== 'pending') return;
      await this.interaction.deferReply({ flags: MessageFlags.Ephemeral });
      this.state = 'deferred-reply';
      this.placeholderShown = true;
    });
  }

  /** Acknowledges a button click without showing anything, if nothing else has answered it yet. */
  acknowledgeQuietly(): Promise<void> {
    return this.serially(() => this.quietAck());
  }

  send(body: PrivateBody): Promise<void> {
    return this.serially(async () => {
      const message = { embeds: body.embeds, components: body.components, allowedMentions: { parse: [] } };
      if (this.state === 'pending') {
        await this.interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
        this.state = 'replied';
      } else if (this.state === 'deferred-reply' && this.placeholderShown) {
        await this.interaction.editReply(message);
        this.placeholderShown = false;
      } else {
        await this.interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      }
    });
  }

  showModal(modal: APIModalInteractionResponseCallbackData): Promise<void> {
    return this.serially(async () => {
      if (!this.canShowModal() || this.interaction.isModalSubmit()) {
        throw new Error(`interaction ${this.ref} can no longer open a form`);
      }
      await this.interaction.showModal(modal);
      this.state = 'modal';
    });
  }

  /** After the core is done: nothing left "thinking…", nothing left unanswered. */
  finish(): Promise<void> {
    return this.serially(async () => {
      if (this.state === 'pending') await this.quietAck();
      if (this.state === 'deferred-reply' && this.placeholderShown) {
        await this.interaction.deleteReply();
        this.placeholderShown = false;
      }
    });
  }

  private async quietAck(): Promise<void> {
    if (this.state !== 'pending') return;
    if (this.interaction.isButton()) {
      await this.interaction.deferUpdate();
      this.state = 'deferred-update';
    } else {
      await this.interaction.deferReply({ flags: MessageFlags.Ephemeral });
      this.state = 'deferred-reply';
      this.placeholderShown = true;
    }
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The interactions of the last 15 minutes, by ref, so the core can answer them. */
export class LiveInteractions {
  private readonly live = new Map<Ref, LiveInteraction>();

  constructor(private readonly now: () => number = Date.now) {}

  add(interaction: Answerable): LiveInteraction {
    this.sweep();
    const live = new LiveInteraction(interaction, this.now());
    this.live.set(live.ref, live);
    return live;
  }

  get(ref: Ref | null | undefined): LiveInteraction | undefined {
    return ref ? this.live.get(ref) : undefined;
  }

  get size(): number {
    return this.live.size;
  }

  private sweep(): void {
    const cutoff = this.now() - TOKEN_LIFETIME_MS;
    // Insertion order is arrival order: stop at the first one still alive.
    for (const [ref, live] of this.live) {
      if (live.receivedAt >= cutoff) break;
      this.live.delete(ref);
    }
  }
}
