import type Database from 'better-sqlite3';
import type { Ref } from './ports.js';

/** How many members the directory remembers: the active ones. The rest cost one indexed read when they next speak. */
export const REMEMBERED_MEMBERS = 10_000;

/**
 * Makes sure the community, channel and member rows an event refers to exist, and remembers
 * which ones it has already seen so the hot path does no writes for known ids. Members are
 * remembered least-recently-used first out: a workspace of 100,000 members would otherwise keep
 * every one of them in memory for the life of the process.
 */
export class Directory {
  private readonly knownCommunities = new Set<string>();
  private readonly knownChannels = new Set<string>();
  /** (community, user ref) → member id and the name last stored; a Map iterates oldest first. */
  private readonly members = new Map<string, { id: number; name: string }>();
  private readonly insertCommunity: Database.Statement;
  private readonly insertChannel: Database.Statement;
  private readonly findMember: Database.Statement;
  private readonly insertMember: Database.Statement;
  private readonly renameMember: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly defaultTimezone: string,
    private readonly now: () => number,
    private readonly capacity = REMEMBERED_MEMBERS,
  ) {
    this.insertCommunity = sqlite.prepare(
      'INSERT INTO community (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING',
    );
    this.insertChannel = sqlite.prepare(
      `INSERT INTO channel (id, community_id, name, timezone, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name WHERE excluded.name <> '' AND channel.name <> excluded.name`,
    );
    // Read first: a member the cache let go of is found without writing anything.
    this.findMember = sqlite.prepare('SELECT id, name FROM member WHERE community_id = ? AND user_ref = ?');
    this.insertMember = sqlite.prepare(
      // DO NOTHING: another process sharing the database (a Discord shard) may have just added them.
      'INSERT INTO member (community_id, user_ref, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id',
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

  /** The member id of `user`, creating the row on first sight; a changed display name is stored. */
  memberId(community: Ref, user: Ref, name: string): number {
    const key = `${community}\u0000${user}`;
    let member = this.members.get(key);
    if (member) {
      this.members.delete(key); // re-inserted below: most recently used last
    } else {
      this.ensureCommunity(community);
      member = this.findMember.get(community, user) as { id: number; name: string } | undefined;
      if (!member) {
        const inserted = this.insertMember.get(community, user, name, this.now()) as { id: number } | undefined;
        member = inserted ? { id: inserted.id, name } : (this.findMember.get(community, user) as { id: number; name: string });
      }
    }
    if (name && member.name !== name) {
      this.renameMember.run(name, member.id);
      member = { id: member.id, name };
    }
    this.members.set(key, member);
    if (this.members.size > this.capacity) this.members.delete(this.members.keys().next().value!);
    return member.id;
  }

  /** After a member's data is deleted (forget-me), the cache must not hand out the old id. */
  forgetMember(community: Ref, user: Ref): void {
    this.members.delete(`${community}\u0000${user}`);
  }
}
