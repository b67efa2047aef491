import type { InboundEvent } from '../../src/core/events.js';
import type { Actor } from '../../src/core/ports.js';
import { channelRef, communityRef, directChannelRef, messageRef, userRef } from './refs.js';

/** The result of reading one Slack payload: a normalized event, or the reason it is none of ours. */
export type Translation =
  | { readonly kind: 'event'; readonly event: InboundEvent }
  | { readonly kind: 'ignored'; readonly reason: string };

export function ignored(reason: string): Translation {
  return { kind: 'ignored', reason };
}

export function translated(event: InboundEvent): Translation {
  return { kind: 'event', event };
}

/**
 * The actor as far as the payload tells: the adapter replaces it with the users.info answer
 * (display name, admin rights) before dispatching. Keeping this step out of translation keeps
 * translation pure.
 */
export function provisionalActor(team: string, user: string, name?: string): Actor {
  return { ref: userRef(team, user), platformId: user, name: name ?? user, isAdmin: false };
}

/** Where an event happened, as refs. `channel` may be "@U789" for "the DM with U789". */
export function where(
  team: string,
  channel: string,
  threadTs: string | null | undefined,
  names: { community?: string; channel?: string } = {},
) {
  const channelAsRef = channel.startsWith('@') ? directChannelRef(team, channel.slice(1)) : channelRef(team, channel);
  return {
    community: communityRef(team),
    ...(names.community ? { communityName: names.community } : {}),
    channel: channelAsRef,
    ...(names.channel ? { channelName: names.channel } : {}),
    thread: threadTs ? messageRef(team, channel, threadTs) : null,
  };
}

/** A reply's thread_ts names its parent; a parent's own thread_ts equals its ts and is no thread. */
export function parentTs(ts: string | undefined, threadTs: string | undefined): string | null {
  return threadTs && threadTs !== ts ? threadTs : null;
}
