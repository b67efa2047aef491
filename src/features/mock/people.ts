import type Database from 'better-sqlite3';
import type { Ref } from '../../core/ports.js';

/** A member as a mock session needs them: who, how to address them, where to DM them. */
export interface Person {
  readonly memberId: number;
  readonly name: string;
  readonly ref: Ref;
}

/** "@alice", for thread names and messages. */
export function handle(person: Pick<Person, 'name'>): string {
  return `@${person.name || 'someone'}`;
}

/**
 * Finds members of a community. Refs are opaque: a partner is found either by the exact text of
 * their user ref (what the Discord adapter sends for a user option, the Slack adapter for a
 * mention) or by display name (`@bob`, as typed). Nothing here parses a ref. Someone who never
 * used the bot is a member too once a command mentions them (the dispatcher sees to it).
 */
export class People {
  private readonly byId: Database.Statement;
  private readonly byRef: Database.Statement;
  private readonly byName: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.byId = sqlite.prepare('SELECT id AS memberId, name, user_ref AS ref FROM member WHERE id = ?');
    this.byRef = sqlite.prepare('SELECT id AS memberId, name, user_ref AS ref FROM member WHERE community_id = ? AND user_ref = ?');
    this.byName = sqlite.prepare(
      'SELECT id AS memberId, name, user_ref AS ref FROM member WHERE community_id = ? AND name = ? COLLATE NOCASE LIMIT 3',
    );
  }

  get(memberId: number): Person | undefined {
    return this.byId.get(memberId) as Person | undefined;
  }

  /** The member `typed` designates, or a message saying why there is none (with an example). */
  resolve(community: Ref, typed: string): { person: Person } | { error: string } {
    const text = typed.trim();
    const exact = this.byRef.get(community, text) as Person | undefined;
    if (exact) return { person: exact };
    const name = text.replace(/^@/, '');
    const found = name === '' ? [] : (this.byName.all(community, name) as Person[]);
    if (found.length === 1) return { person: found[0]! };
    if (found.length > 1) {
      return {
        error: `partner: several members are called "${name}". Pick them from the mention list (\`partner:@\` then choose) so I get exactly one.`,
      };
    }
    return {
      error:
        `partner: I don't know a member "${text}" here. Pick your partner from the mention list (type \`@\` and choose ` +
        'them), so I know exactly who it is. Example: `/mock partner:@bob`',
    };
  }
}
