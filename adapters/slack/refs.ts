import { DeliveryError, type Ref } from '../../src/core/ports.js';

/**
 * Slack refs. The core treats them as opaque strings; only this adapter mints and reads them.
 *
 *   community    slack:T123
 *   channel      slack:T123:C456            (or slack:T123:@U789: "the bot's DM with U789")
 *   message      slack:T123:C456:1712345.0001
 *   thread       the ref of the thread's parent message
 *   user         slack:T123:U789
 *   interaction  slack:T123:i:<base64url JSON>  (everything needed to answer it, see InteractionInfo)
 */
export const PLATFORM = 'slack';

export function communityRef(team: string): Ref {
  return `${PLATFORM}:${team}`;
}

export function channelRef(team: string, channel: string): Ref {
  return `${PLATFORM}:${team}:${channel}`;
}

/** A channel we only know as "the DM with this user" (a modal submitted without a channel of origin). */
export function directChannelRef(team: string, user: string): Ref {
  return `${PLATFORM}:${team}:@${user}`;
}

export function messageRef(team: string, channel: string, ts: string): Ref {
  return `${PLATFORM}:${team}:${channel}:${ts}`;
}

export function userRef(team: string, user: string): Ref {
  return `${PLATFORM}:${team}:${user}`;
}

/** The platform-unique message id the core deduplicates on: ts is only unique within a channel. */
export function messageKey(team: string, channel: string, ts: string): string {
  return `${team}:${channel}:${ts}`;
}

function parts(ref: Ref, what: string, count: number): string[] {
  const split = ref.split(':');
  if (split[0] !== PLATFORM || split.length !== count || split.some((p) => p === '')) {
    throw new DeliveryError(`"${ref}" is not a Slack ${what} ref`, 'bad_ref', true);
  }
  return split;
}

export type ChannelTarget = { team: string; channel: string } | { team: string; dmWith: string };

export function decodeChannel(ref: Ref): ChannelTarget {
  const [, team, id] = parts(ref, 'channel', 3) as [string, string, string];
  return id.startsWith('@') ? { team, dmWith: id.slice(1) } : { team, channel: id };
}

export function decodeMessage(ref: Ref): { team: string; channel: string; ts: string } {
  const [, team, channel, ts] = parts(ref, 'message', 4) as [string, string, string, string];
  return { team, channel, ts };
}

export function decodeUser(ref: Ref): { team: string; user: string } {
  const [, team, user] = parts(ref, 'user', 3) as [string, string, string];
  return { team, user };
}

/** What an interaction ref carries: enough to open a modal, answer ephemerally or follow up. */
export interface InteractionInfo {
  readonly team: string;
  readonly user: string;
  /** Channel id, or "@U789" when the interaction has no channel (a foreign modal). */
  readonly channel: string;
  readonly threadTs?: string;
  /** views.open needs it within 3 s of the click. */
  readonly triggerId?: string;
  /** Lets us answer ephemerally even where the bot is not a member (30 min, 5 uses). */
  readonly responseUrl?: string;
}

export function interactionRef(info: InteractionInfo): Ref {
  const { team, ...rest } = info;
  return `${PLATFORM}:${team}:i:${Buffer.from(JSON.stringify(rest)).toString('base64url')}`;
}

export function decodeInteraction(ref: Ref): InteractionInfo {
  const [, team, marker, payload] = ref.split(':');
  if (!ref.startsWith(`${PLATFORM}:`) || !team || marker !== 'i' || !payload) {
    throw new DeliveryError(`"${ref}" is not a Slack interaction ref`, 'bad_ref', true);
  }
  try {
    const rest = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Omit<InteractionInfo, 'team'>;
    return { team, ...rest };
  } catch {
    throw new DeliveryError(`"${ref}" is not a readable Slack interaction ref`, 'bad_ref', true);
  }
}
