import {
  ApplicationCommandOptionType,
  ComponentType,
  GuildMember,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { ButtonEvent, CommandEvent, FormSubmitEvent } from '../../src/core/events.js';
import type { Actor, Ref } from '../../src/core/ports.js';
import { toActor } from './actors.js';
import { commandText } from './command-text.js';
import type { ButtonTarget } from './custom-ids.js';
import type { Answerable } from './live-interactions.js';
import { locateDm, locateGuildChannel, whereFields, type Located } from './locate.js';
import { messageRef } from './refs.js';
import type { TranslateContext } from './translate-messages.js';

/**
 * Where an interaction happened. In a DM there is no guild: `dmGuildId` (from the button's
 * custom_id) says which community it belongs to; without it the interaction cannot be attributed.
 */
export async function locateInteraction(
  interaction: Answerable,
  channelId: string | null,
  ctx: TranslateContext,
  dmGuildId?: string,
): Promise<Located | null> {
  if (!channelId) return null;
  if (interaction.guildId) return locateGuildChannel(ctx.client, interaction.guildId, channelId, ctx.log);
  if (dmGuildId) return locateDm(dmGuildId, channelId, ctx.client);
  return null;
}

export function interactionActor(interaction: Answerable, guildId: string, adminUserIds: readonly string[]): Actor {
  const member = interaction.member;
  const nickname = member instanceof GuildMember ? member.nickname : (member?.nick ?? null);
  return toActor({
    guildId,
    user: interaction.user,
    nickname,
    // Computed by Discord for this channel, overwrites included; null in DMs.
    permissions: interaction.memberPermissions,
    adminUserIds,
  });
}

export function commandEvent(
  interaction: ChatInputCommandInteraction,
  where: Located,
  user: Actor,
  ref: Ref,
): CommandEvent {
  const mentions = mentionedUsers(interaction.options.data, where.location.guildId);
  return {
    type: 'command',
    ...whereFields(where),
    command: interaction.commandName,
    text: commandText(interaction.commandName, interaction.options.data, where.location.guildId),
    user,
    interaction: ref,
    ...(mentions.length > 0 ? { mentions } : {}),
  };
}

/**
 * The people chosen in user options (`/mock start partner:`), from the interaction's resolved
 * data, so the core can make a member of someone who never used the bot. Their refs are the same
 * as in the command text. An option Discord did not resolve is left out: without a name it adds
 * nothing the ref in the text does not already say. A mention grants nothing: isAdmin is false.
 */
export function mentionedUsers(options: readonly CommandInteractionOption[], guildId: string): Actor[] {
  const found = new Map<string, Actor>();
  const visit = (list: readonly CommandInteractionOption[]): void => {
    for (const option of list) {
      if (option.options) visit(option.options);
      if (option.type !== ApplicationCommandOptionType.User || !option.user) continue;
      const member = option.member;
      const nickname = member instanceof GuildMember ? member.nickname : (member?.nick ?? null);
      const actor = toActor({ guildId, user: option.user, nickname, permissions: null, adminUserIds: [] });
      found.set(actor.ref, actor);
    }
  };
  visit(options);
  return [...found.values()];
}

export function buttonEvent(interaction: ButtonInteraction, target: ButtonTarget, where: Located, user: Actor, ref: Ref): ButtonEvent {
  return {
    type: 'button',
    ...whereFields(where),
    action: target.action,
    value: target.value,
    message: messageRef(where.location, interaction.message.id),
    user,
    interaction: ref,
  };
}

/** What was typed or chosen in a modal, by input id: text as typed, a choice as its value ('' when none). */
export function modalValues(interaction: ModalSubmitInteraction): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if (field.type === ComponentType.TextInput) values[id] = field.value;
    else if ('values' in field && Array.isArray(field.values)) values[id] = String(field.values[0] ?? '');
  }
  return values;
}

export function formSubmitEvent(
  submitted: { readonly form: string; readonly state: string; readonly values: Readonly<Record<string, string>> },
  where: Located,
  user: Actor,
  ref: Ref,
): FormSubmitEvent {
  const { form, state, values } = submitted;
  return { type: 'form_submit', ...whereFields(where), form, state, values, user, interaction: ref };
}
