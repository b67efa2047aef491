import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Actor } from '../../src/core/ports.js';

/** Admin rights and names change rarely; ten minutes keeps users.info far below its rate tier. */
export const USER_CACHE_MS = 10 * 60_000;

interface Cached {
  readonly actor: Actor;
  readonly expiresAt: number;
}

/**
 * Who a Slack user is, for the core: display name (profile.display_name, else real name, else
 * handle), admin (workspace admin/owner or listed in ADMIN_USER_IDS) and bot flag, from users.info,
 * cached. When users.info fails the event still goes through, with what the payload said.
 */
export class SlackUserDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Actor>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly adminUserIds: readonly string[],
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces a provisional actor (from the payload) with the directory's view of the user. */
  async resolve(provisional: Actor): Promise<Actor> {
    const ref = provisional.ref;
    const hit = this.cache.get(ref);
    if (hit && hit.expiresAt > this.now()) return hit.actor;
    // Concurrent events from one user share one users.info call.
    let lookup = this.pending.get(ref);
    if (!lookup) {
      lookup = this.lookUp(provisional).finally(() => this.pending.delete(ref));
      this.pending.set(ref, lookup);
    }
    return lookup;
  }

  private async lookUp(provisional: Actor): Promise<Actor> {
    const id = provisional.platformId;
    const listedAdmin = this.adminUserIds.includes(id);
    try {
      const { user } = await this.client.users.info({ user: id });
      const profile = user?.profile;
      const actor: Actor = {
        ref: provisional.ref,
        platformId: id,
        name: profile?.display_name || profile?.real_name || user?.real_name || user?.name || provisional.name,
        isAdmin: listedAdmin || user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true,
        isBot: user?.is_bot === true,
      };
      this.cache.set(provisional.ref, { actor, expiresAt: this.now() + USER_CACHE_MS });
      return actor;
    } catch (err) {
      // Not cached: the next event tries again.
      this.log.warn({ err, user: id }, 'users.info failed; using the name from the payload');
      return { ...provisional, isAdmin: provisional.isAdmin || listedAdmin };
    }
  }
}
