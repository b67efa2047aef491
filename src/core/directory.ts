import type Database from 'better-sqlite3';
import type { Ref } from './ports.js';

/**
 * Makes sure the community, channel and member rows an event refers to exist, and remembers
 * which ones it has already seen so the hot path does no writes for known ids.
 */
export class Directory {
  private readonly knownCommunities = new Set<string>();
  private readonly knownChannels = new Set<string>();
  private readonly memberIds = new Map<string, number>();
  private readonly insertCommunity: Database.Statement;
  private readonly insertChannel: Database.Statement;
  private readonly upsertMember: Database.Statement;
  private readonly renameMember: Database.Statement;
  private readonly memberNames = new Map<number, string>();

  constructor(
    sqlite: Database.Database,
    private readonly defaultTimezone: string,
    private readonly now: () => number,
  ) {
    this.insertCommunity = sqlite.prepare(
      'INSERT INTO community (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING',
    );
    this.insertChannel = sqlite.prepare(
      `INSERT INTO channel (id, community_id, name, timezone, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name WHERE excluded.name <> '' AND channel.name <> excluded.name`,
    );
    this.upsertMember = sqlite.prepare(
      `INSERT INTO member (community_id, user_ref, name, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(community_id, user_ref) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE member.name END
       RETURNING id`,
    );
    this.renameMember = sqlite.prepare('UPDATE member SET name = ? WHERE id = ?');
  }

  ensureCommunity(community: Ref, name = ''): void {
    if (this.knownCommunities.has(community)) return;
    this.insertCommunity.run(community, name, this.now());
    this.knownCommunities.add(community);
  }

  ensureChannel(community: Ref, channel: Ref, name = ''): void {
    if (this.knownChannels.has(channel)) return;
    this.ensureCommunity(community);
    this.insertChannel.run(channel, community, name, this.defaultTimezone, this.now());
    this.knownChannels.add(channel);
  }

  memberId(community: Ref, user: Ref, name: string): number {
    const key = `${community}\u0000${user}`;
    const known = this.memberIds.get(key);
    if (known !== undefined) {
      if (name && this.memberNames.get(known) !== name) {
        this.renameMember.run(name, known);
        this.memberNames.set(known, name);
      }
      return known;
    }
    this.ensureCommunity(community);
    const row = this.upsertMember.get(community, user, name, this.now()) as { id: number };
    this.memberIds.set(key, row.id);
    this.memberNames.set(row.id, name);
    return row.id;
  }

  /** After a member's data is deleted (forget-me), the cache must not hand out the old id. */
  forgetMember(community: Ref, user: Ref): void {
    const key = `${community}\u0000${user}`;
    const id = this.memberIds.get(key);
    if (id !== undefined) this.memberNames.delete(id);
    this.memberIds.delete(key);
  }
}
