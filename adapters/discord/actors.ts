import { PermissionFlagsBits, type GuildMember, type PermissionsBitField, type User } from 'discord.js';
import type { Actor } from '../../src/core/ports.js';
import { userRef } from './refs.js';

/** Manage Server or Manage Channels make a member a Bar Raiser admin (Administrator implies both). */
export function hasAdminPermissions(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  if (!permissions) return false;
  return permissions.has(PermissionFlagsBits.ManageGuild) || permissions.has(PermissionFlagsBits.ManageChannels);
}

export interface ActorInput {
  readonly guildId: string;
  readonly user: Pick<User, 'id' | 'username' | 'globalName' | 'bot'>;
  /** Server nickname, when known. */
  readonly nickname?: string | null;
  /** The member's permissions where the event happened (interactions carry them; messages compute them). */
  readonly permissions?: Readonly<PermissionsBitField> | null;
  readonly adminUserIds: readonly string[];
}

export function toActor(input: ActorInput): Actor {
  const { user } = input;
  return {
    ref: userRef(input.guildId, user.id),
    platformId: user.id,
    name: input.nickname || user.globalName || user.username || '',
    isAdmin: hasAdminPermissions(input.permissions) || input.adminUserIds.includes(user.id),
    isBot: user.bot === true,
  };
}

/** A message author's permissions, computed from cached roles; null when the guild is not cached. */
export function memberPermissions(member: GuildMember | null | undefined): Readonly<PermissionsBitField> | null {
  if (!member) return null;
  try {
    return member.permissions;
  } catch {
    return null;
  }
}
