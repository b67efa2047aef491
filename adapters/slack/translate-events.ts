import { slackTextToPlain } from './incoming-text.js';
import { arrayAt, objectAt, rawTextAt, textAt, type Json } from './payload-reading.js';
import { messageKey, messageRef } from './refs.js';
import { ignored, parentTs, provisionalActor, translated, where, type Translation } from './translate-common.js';

/** Subtypes that are a person saying something new (a broadcast reply is still a thread reply). */
const NEW_MESSAGE_SUBTYPES = new Set<string | undefined>([undefined, 'thread_broadcast', 'file_share', 'me_message']);

/** Events API envelopes (`type: event_callback`): messages, edits, deletes, reactions. */
export function translateEventCallback(body: Json): Translation {
  const firstAuthorization = arrayAt(body, 'authorizations')[0];
  const team = textAt(body, 'team_id') ?? textAt(firstAuthorization, 'team_id');
  const event = objectAt(body, 'event');
  if (!team || !event) return ignored('event envelope without team_id or event');
  const type = textAt(event, 'type');
  switch (type) {
    case 'message':
      return translateMessage(team, event);
    case 'reaction_added':
    case 'reaction_removed':
      return translateReaction(team, event, type === 'reaction_added');
    default:
      return ignored(`event type "${type ?? ''}" is not used`);
  }
}

function isFromBot(message: Json): boolean {
  return textAt(message, 'subtype') === 'bot_message' || textAt(message, 'bot_id') !== undefined || objectAt(message, 'bot_profile') !== undefined;
}

function translateMessage(team: string, event: Json): Translation {
  const subtype = textAt(event, 'subtype');
  const channel = textAt(event, 'channel');
  if (!channel) return ignored('message without a channel');
  if (subtype === 'message_changed') return translateEdit(team, channel, event);
  if (subtype === 'message_deleted') return translateDelete(team, channel, event);
  if (isFromBot(event)) return ignored('message from a bot');
  if (!NEW_MESSAGE_SUBTYPES.has(subtype)) return ignored(`message subtype "${subtype ?? ''}" is not a new message`);
  const user = textAt(event, 'user');
  const ts = textAt(event, 'ts');
  if (!user || !ts) return ignored('message without user or ts');
  return translated({
    type: 'message',
    ...where(team, channel, parentTs(ts, textAt(event, 'thread_ts'))),
    message: messageRef(team, channel, ts),
    messageId: messageKey(team, channel, ts),
    user: provisionalActor(team, user),
    text: slackTextToPlain(rawTextAt(event, 'text') ?? ''),
  });
}

function translateEdit(team: string, channel: string, event: Json): Translation {
  const message = objectAt(event, 'message');
  if (!message) return ignored('message_changed without the message');
  if (isFromBot(message)) return ignored('edit of a bot message');
  const user = textAt(message, 'user');
  const ts = textAt(message, 'ts');
  if (!user || !ts) return ignored('message_changed without user or ts');
  const text = rawTextAt(message, 'text') ?? '';
  const previous = objectAt(event, 'previous_message');
  // Slack also sends message_changed when a link unfurls or a reply is added to a thread parent.
  if (previous && rawTextAt(previous, 'text') === text) return ignored('message_changed without a text change');
  return translated({
    type: 'message_edited',
    ...where(team, channel, parentTs(ts, textAt(message, 'thread_ts'))),
    message: messageRef(team, channel, ts),
    messageId: messageKey(team, channel, ts),
    user: provisionalActor(team, user),
    text: slackTextToPlain(text),
  });
}

function translateDelete(team: string, channel: string, event: Json): Translation {
  const ts = textAt(event, 'deleted_ts');
  if (!ts) return ignored('message_deleted without deleted_ts');
  const previous = objectAt(event, 'previous_message');
  if (previous && isFromBot(previous)) return ignored('delete of a bot message');
  return translated({
    type: 'message_deleted',
    ...where(team, channel, parentTs(ts, textAt(previous, 'thread_ts'))),
    message: messageRef(team, channel, ts),
    messageId: messageKey(team, channel, ts),
  });
}

function translateReaction(team: string, event: Json, added: boolean): Translation {
  const item = objectAt(event, 'item');
  if (textAt(item, 'type') !== 'message') return ignored('reaction on something other than a message');
  const user = textAt(event, 'user');
  const channel = textAt(item, 'channel');
  const ts = textAt(item, 'ts');
  const reaction = textAt(event, 'reaction');
  if (!user || !channel || !ts || !reaction) return ignored('reaction without user, channel, ts or name');
  return translated({
    type: 'reaction',
    // The event does not say whether the message is in a thread.
    ...where(team, channel, null),
    // "+1::skin-tone-3" is still a "+1" to the core.
    emoji: reaction.split('::')[0]!,
    added,
    message: messageRef(team, channel, ts),
    messageId: messageKey(team, channel, ts),
    user: provisionalActor(team, user),
  });
}
