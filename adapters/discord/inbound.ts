import {
  Events,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { InboundEvent } from '../../src/core/events.js';
import type { DispatchFn } from '../../src/core/platform.js';
import type { MessageDoc } from '../../src/core/ports.js';
import { findOption } from './commands.js';
import type { CustomIds } from './custom-ids.js';
import type { FormSessions } from './form-sessions.js';
import { ACK_DEADLINE_MS, type Answerable, type LiveInteraction, type LiveInteractions } from './live-interactions.js';
import { FORM_BUTTON_ACTION, fieldErrorsDoc, nextPageDoc } from './render-form.js';
import type { RawChannelIds } from './raw-channel-ids.js';
import { renderMessage } from './render-message.js';
import { suggestTimezones } from './timezones.js';
import {
  buttonEvent,
  commandEvent,
  formSubmitEvent,
  interactionActor,
  locateInteraction,
  modalValues,
} from './translate-interactions.js';
import { deleteEvent, editEvent, messageEvent, reactionEvent, type TranslateContext } from './translate-messages.js';

export interface InboundDeps extends TranslateContext {
  readonly interactions: LiveInteractions;
  readonly rawChannelIds: RawChannelIds;
  readonly forms: FormSessions;
  readonly customIds: CustomIds;
}

/**
 * Gateway events in, normalized events out. Interactions are acknowledged before the core works
 * (Discord voids them after 3 s): commands and form submits are deferred at once; a button waits
 * for the core only until the deadline, because the core may answer it with a form, and a form
 * (modal) can only be the first response.
 */
export class Inbound {
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;

  constructor(
    private readonly deps: InboundDeps,
    private readonly dispatch: DispatchFn,
  ) {}

  attach(client: Client): void {
    this.deps.rawChannelIds.attach(client);
    client.on(Events.MessageCreate, (message) => this.track(async () => this.forward(await messageEvent(message, this.deps))));
    client.on(Events.MessageUpdate, (before, after) =>
      this.track(async () => this.forward(await editEvent(before, after, this.deps))),
    );
    client.on(Events.MessageDelete, (message) => this.track(async () => this.forward(await deleteEvent(message, this.deps))));
    client.on(Events.MessageBulkDelete, (messages) =>
      this.track(async () => {
        for (const message of messages.values()) await this.forward(await deleteEvent(message, this.deps));
      }),
    );
    client.on(Events.MessageReactionAdd, (reaction, user) =>
      this.track(async () => this.forward(await reactionEvent(reaction, user, true, this.deps))),
    );
    client.on(Events.MessageReactionRemove, (reaction, user) =>
      this.track(async () => this.forward(await reactionEvent(reaction, user, false, this.deps))),
    );
    client.on(Events.InteractionCreate, (interaction) => this.track(() => this.onInteraction(interaction)));
  }

  /** Stops taking events and waits for the ones being handled. */
  async drain(): Promise<void> {
    this.accepting = false;
    await Promise.allSettled([...this.inFlight]);
  }

  // -------------------------------------------------------------------------------------------

  private track(work: () => Promise<void>): void {
    if (!this.accepting) return;
    const running: Promise<void> = work()
      .catch((err: unknown) => this.deps.log.error({ err }, 'handling a Discord event failed'))
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  private async forward(event: InboundEvent | null): Promise<void> {
    if (event) await this.dispatch(event);
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return this.onAutocomplete(interaction);
    // Discord never lets bots use commands or buttons; payloads that say so are not worth an answer.
    if (interaction.user.bot) return;
    if (interaction.isChatInputCommand()) return this.onCommand(interaction);
    if (interaction.isButton()) return this.onButton(interaction);
    if (interaction.isModalSubmit()) return this.onModalSubmit(interaction);
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const live = this.deps.interactions.add(interaction);
    await live.deferReply();
    await this.answering(live, async () => {
      const where = await locateInteraction(interaction, this.channelOf(interaction), this.deps);
      if (!where) return this.say(live, { text: 'Bar Raiser commands work in servers, not in direct messages.' });
      const user = interactionActor(interaction, where.location.guildId, this.deps.adminUserIds);
      await this.dispatch(commandEvent(interaction, where, user, live.ref));
    });
  }

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    const live = this.deps.interactions.add(interaction);
    const target = this.deps.customIds.decode(interaction.customId);
    if (target?.guildId && !interaction.guildId) live.dmGuildId = target.guildId;
    if (!target) return this.say(live, { text: 'This button has expired. Run the command again (`/prep help` lists them).' });
    if (target.action === FORM_BUTTON_ACTION) return this.showFormPage(live, target.value);
    const deadline = setTimeout(() => {
      live.acknowledgeQuietly().catch((err: unknown) => this.deps.log.warn({ err }, 'could not acknowledge a button in time'));
    }, ACK_DEADLINE_MS);
    try {
      await this.answering(live, async () => {
        const where = await locateInteraction(interaction, this.channelOf(interaction), this.deps, target.guildId);
        if (!where) return this.say(live, { text: 'This button no longer knows which server it belongs to.' });
        const user = interactionActor(interaction, where.location.guildId, this.deps.adminUserIds);
        await this.dispatch(buttonEvent(interaction, target, where, user, live.ref));
      });
    } finally {
      clearTimeout(deadline);
    }
  }

  /** The adapter's own button: the current page of a form session (next page, or fix and resubmit). */
  private async showFormPage(live: LiveInteraction, sessionId: string): Promise<void> {
    const session = this.deps.forms.get(sessionId);
    if (!session || session.userId !== live.userId) {
      return this.say(live, { text: 'That form has expired. Open it again from its button.' });
    }
    await live.showModal(this.deps.forms.modal(session));
  }

  private async onModalSubmit(interaction: ModalSubmitInteraction): Promise<void> {
    const live = this.deps.interactions.add(interaction);
    await live.deferReply();
    await this.answering(live, async () => {
      const { forms } = this.deps;
      const outcome = forms.submitted(interaction.customId, interaction.user.id, modalValues(interaction));
      if (outcome.kind === 'expired') return this.say(live, { text: 'That form has expired. Open it again from its button.' });
      if (outcome.kind === 'next-page') {
        const { session } = outcome;
        return this.say(live, nextPageDoc(session.form, session.id, { index: session.page, count: session.pageCount }));
      }
      live.dmGuildId = interaction.guildId ? null : outcome.dmGuildId;
      const where = await locateInteraction(interaction, this.channelOf(interaction), this.deps, outcome.dmGuildId ?? undefined);
      if (!where) return this.say(live, { text: 'This form no longer knows which server it belongs to.' });
      const user = interactionActor(interaction, where.location.guildId, this.deps.adminUserIds);
      const result = await this.dispatch(formSubmitEvent(outcome, where, user, live.ref));
      const errors = result.fieldErrors ?? {};
      if (Object.keys(errors).length === 0) {
        if (outcome.session) forms.close(outcome.session);
        return;
      }
      const session = outcome.session ?? forms.recover(outcome, interaction.user.id);
      forms.rewind(session);
      await this.say(live, fieldErrorsDoc(session.form, outcome.values, errors, session.id));
    });
  }

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const spec = findOption(interaction.commandName, interaction.options.getSubcommand(false) ?? '', focused.name);
    await interaction.respond(spec?.autocomplete === 'timezone' ? suggestTimezones(String(focused.value)) : []);
  }

  /** Runs the core's work for an interaction, then leaves nothing pending or "thinking…". */
  private async answering(live: LiveInteraction, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.log.error({ err, interaction: live.ref }, 'an interaction failed');
      await this.say(live, { text: 'Something went wrong on our side. Please try again.' }).catch(() => undefined);
    }
    await live.finish();
  }

  private channelOf(interaction: Answerable): string | null {
    return this.deps.rawChannelIds.channelIdOf(interaction);
  }

  private say(live: LiveInteraction, doc: MessageDoc): Promise<void> {
    return live.send(renderMessage(doc, { customIds: this.deps.customIds, dmGuildId: live.dmGuildId ?? undefined }));
  }
}
