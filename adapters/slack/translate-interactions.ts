import type { Actor } from '../../src/core/ports.js';
import { actionFromId } from './action-ids.js';
import { decodeFormMetadata } from './form-metadata.js';
import { slackTextToPlain } from './incoming-text.js';
import { arrayAt, isObject, objectAt, rawTextAt, textAt, type Json } from './payload-reading.js';
import { interactionRef, messageRef } from './refs.js';
import { ignored, parentTs, provisionalActor, translated, where, type Translation } from './translate-common.js';

/** Slash commands (the form fields, already parsed into an object). */
export function translateCommand(body: Json): Translation {
  const team = textAt(body, 'team_id');
  const channel = textAt(body, 'channel_id');
  const user = textAt(body, 'user_id');
  const command = textAt(body, 'command');
  if (!team || !channel || !user || !command) return ignored('slash command without team, channel, user or command');
  const channelName = textAt(body, 'channel_name');
  // A mention becomes the user's ref: the core matches it exactly against its members. Each one
  // is also reported as a mention, so the core can make a member of someone who never used the bot.
  const mentions = new Map<string, Actor>();
  const text = slackTextToPlain(rawTextAt(body, 'text') ?? '', (mentioned, label) => {
    const actor = mentionedActor(team, mentioned, label);
    mentions.set(actor.ref, actor);
    return actor.ref;
  });
  return translated({
    type: 'command',
    ...where(team, channel, null, {
      community: textAt(body, 'team_domain'),
      // DMs and private groups arrive with placeholder names.
      channel: channelName && !['directmessage', 'privategroup'].includes(channelName) ? `#${channelName}` : undefined,
    }),
    command: command.replace(/^\//, '').toLowerCase(),
    text,
    user: provisionalActor(team, user, textAt(body, 'user_name')),
    interaction: interactionRef({
      team,
      user,
      channel,
      triggerId: textAt(body, 'trigger_id'),
      responseUrl: textAt(body, 'response_url'),
    }),
    ...(mentions.size > 0 ? { mentions: [...mentions.values()] } : {}),
  });
}

/**
 * A mentioned user as the command text tells: `<@U123|bob>` carries the handle. Without a label
 * the name is left empty rather than set to the id, because an empty name never renames an
 * existing member. Provisional like the actor: the adapter asks users.info before dispatching.
 */
function mentionedActor(team: string, user: string, label: string | undefined): Actor {
  return { ...provisionalActor(team, user), name: label ?? '' };
}

function teamOf(body: Json): string | undefined {
  // Org-wide installs send `team: null`; the user still says which workspace they are in.
  return textAt(objectAt(body, 'team'), 'id') ?? textAt(objectAt(body, 'user'), 'team_id');
}

function userNameOf(body: Json): string | undefined {
  const user = objectAt(body, 'user');
  return textAt(user, 'name') ?? textAt(user, 'username');
}

/** Button clicks (and a select menu, should a message ever carry one). */
export function translateBlockActions(body: Json): Translation {
  const action = arrayAt(body, 'actions')[0];
  const team = teamOf(body);
  const user = textAt(objectAt(body, 'user'), 'id');
  const container = objectAt(body, 'container');
  const message = objectAt(body, 'message');
  const channel = textAt(objectAt(body, 'channel'), 'id') ?? textAt(container, 'channel_id');
  const messageTs = textAt(container, 'message_ts') ?? textAt(message, 'ts');
  const actionId = textAt(action, 'action_id');
  if (!team || !user || !actionId) return ignored('block_actions without team, user or action_id');
  if (!channel || !messageTs) return ignored('block_actions outside a message (a modal or the home tab)');
  let value: string | undefined;
  switch (textAt(action, 'type')) {
    case 'button':
      value = rawTextAt(action, 'value') ?? '';
      break;
    case 'static_select':
      value = textAt(objectAt(action, 'selected_option'), 'value') ?? '';
      break;
    default:
      return ignored(`block action of type "${textAt(action, 'type') ?? ''}" is not used`);
  }
  const threadTs = parentTs(messageTs, textAt(container, 'thread_ts') ?? textAt(message, 'thread_ts'));
  const channelName = textAt(objectAt(body, 'channel'), 'name');
  return translated({
    type: 'button',
    ...where(team, channel, threadTs, {
      community: textAt(objectAt(body, 'team'), 'domain'),
      channel: channelName ? `#${channelName}` : undefined,
    }),
    action: actionFromId(actionId),
    value,
    message: messageRef(team, channel, messageTs),
    user: provisionalActor(team, user, userNameOf(body)),
    interaction: interactionRef({
      team,
      user,
      channel,
      threadTs: threadTs ?? undefined,
      triggerId: textAt(body, 'trigger_id'),
      responseUrl: textAt(body, 'response_url'),
    }),
  });
}

/** Modal submissions: the values by input block id, the state and origin from private_metadata. */
export function translateViewSubmission(body: Json): Translation {
  const view = objectAt(body, 'view');
  const form = textAt(view, 'callback_id');
  const team = textAt(view, 'app_installed_team_id') ?? teamOf(body);
  const user = textAt(objectAt(body, 'user'), 'id');
  if (!view || !form || !team || !user) return ignored('view_submission without view, callback_id, team or user');
  const metadata = decodeFormMetadata(rawTextAt(view, 'private_metadata'));
  // A view this code did not open has no channel of origin: answer the user in a DM.
  const channel = metadata.channel ?? `@${user}`;
  const responseUrl = textAt(arrayAt(body, 'response_urls')[0], 'response_url');
  return translated({
    type: 'form_submit',
    ...where(team, channel, metadata.threadTs),
    form,
    state: metadata.state,
    values: flattenViewValues(objectAt(objectAt(view, 'state'), 'values')),
    user: provisionalActor(team, user, userNameOf(body)),
    interaction: interactionRef({
      team,
      user,
      channel,
      threadTs: metadata.threadTs,
      triggerId: textAt(body, 'trigger_id'),
      responseUrl,
    }),
  });
}

/** `state.values` is {blockId: {actionId: element}}; our inputs use one element per block, keyed by block id. */
export function flattenViewValues(values: Json | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const element = isObject(actions) ? Object.values(actions)[0] : undefined;
    if (isObject(element)) flat[blockId] = readElementValue(element);
  }
  return flat;
}

function readElementValue(element: Json): string {
  const optionValue = (option: unknown) => textAt(option, 'value') ?? '';
  switch (textAt(element, 'type')) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return optionValue(objectAt(element, 'selected_option'));
    case 'checkboxes':
    case 'multi_static_select':
      return arrayAt(element, 'selected_options').map(optionValue).join(',');
    case 'datepicker':
      return textAt(element, 'selected_date') ?? '';
    case 'timepicker':
      return textAt(element, 'selected_time') ?? '';
    case 'users_select':
      return textAt(element, 'selected_user') ?? '';
    case 'conversations_select':
      return textAt(element, 'selected_conversation') ?? '';
    case 'channels_select':
      return textAt(element, 'selected_channel') ?? '';
    default:
      // plain_text_input, email/url/number inputs: `value` is null when an optional field is left empty.
      return rawTextAt(element, 'value') ?? '';
  }
}
