import { randomBytes } from 'node:crypto';

/** Discord refuses a custom_id longer than this. */
export const CUSTOM_ID_MAX = 100;

/** Buttons the adapter handles itself (reopening a form, the next page of a long form): never dispatched. */
export const ADAPTER_ACTION_PREFIX = 'discord.';

export interface ButtonTarget {
  readonly action: string;
  readonly value: string;
  /**
   * The guild a button in a DM belongs to. A click in a DM carries no guild, and the core needs one
   * to know which community's member clicked, so DM buttons remember it in their custom_id.
   */
  readonly guildId?: string;
}

/**
 * custom_id = `[<guild>#]<action>|<value>`. Actions are "<feature>.<name>" and never start with a
 * digit, so a leading `<digits>#` is always the guild. What does not fit in 100 characters is kept in
 * memory behind a `~token`; such buttons stop working after a restart, which only affects payloads
 * the core made unusually long.
 */
export class CustomIds {
  private readonly overflow = new Map<string, ButtonTarget>();

  constructor(private readonly overflowLimit = 10_000) {}

  encode(target: ButtonTarget): string {
    const plain = `${target.guildId ? `${target.guildId}#` : ''}${target.action}|${target.value}`;
    if (plain.length <= CUSTOM_ID_MAX && !plain.startsWith('~')) return plain;
    const token = `~${randomBytes(9).toString('base64url')}`;
    this.overflow.set(token, target);
    if (this.overflow.size > this.overflowLimit) {
      const oldest = this.overflow.keys().next().value;
      if (oldest !== undefined) this.overflow.delete(oldest);
    }
    return token;
  }

  /** Null when the id was an overflow token this process no longer knows (after a restart). */
  decode(customId: string): ButtonTarget | null {
    if (customId.startsWith('~')) return this.overflow.get(customId) ?? null;
    const guild = /^(\d+)#/.exec(customId);
    const rest = guild ? customId.slice(guild[0].length) : customId;
    const bar = rest.indexOf('|');
    const action = bar < 0 ? rest : rest.slice(0, bar);
    const value = bar < 0 ? '' : rest.slice(bar + 1);
    return guild ? { action, value, guildId: guild[1]! } : { action, value };
  }
}
