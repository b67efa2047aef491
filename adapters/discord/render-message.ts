import { createHash } from 'node:crypto';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Button, MessageDoc } from '../../src/core/ports.js';
import type { CustomIds } from './custom-ids.js';

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
} as const;

const ACCENT = 0xff9900;
/** Fields at most this long sit side by side; longer ones take the full width. */
const INLINE_FIELD_MAX = 40;
/** Separates the context line from the post key in the footer. */
const KEY_SEPARATOR = ' · ';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface RenderedMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Our text never pings anyone: mentions inside embeds are display only anyway. */
  allowed_mentions: { parse: [] };
}

export interface RenderOptions {
  readonly customIds: CustomIds;
  /** For messages sent in DMs: buttons remember the guild they belong to. */
  readonly dmGuildId?: string;
  /** The post key (PostOptions.key), written in the footer so that start-up reconciliation can find the post. */
  readonly postKey?: string;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The nonce Discord deduplicates a resend with (enforce_nonce; at most 25 characters). */
export function nonceFor(postKey: string): string {
  return createHash('sha256').update(postKey).digest('base64url').slice(0, 25);
}

export function footerText(context: string | undefined, postKey: string | undefined): string | undefined {
  const text = [context, postKey].filter(Boolean).join(KEY_SEPARATOR);
  if (!text) return undefined;
  // The key must survive truncation: it is what findPost looks for.
  if (!postKey || text.length <= LIMITS.footer) return truncate(text, LIMITS.footer);
  const room = LIMITS.footer - postKey.length - KEY_SEPARATOR.length;
  return `${truncate(context ?? '', room)}${KEY_SEPARATOR}${postKey}`;
}

/** True when a message footer carries `postKey` (written by footerText). */
export function footerHasKey(footer: string | undefined | null, postKey: string): boolean {
  return !!footer && (footer === postKey || footer.endsWith(`${KEY_SEPARATOR}${postKey}`));
}

export function renderEmbed(doc: MessageDoc, postKey?: string): APIEmbed {
  const embed: APIEmbed = { color: ACCENT };
  // Discord rejects an embed over 6,000 characters in all: title and footer (it holds the post key)
  // first, then the text, then as many fields as still fit.
  let budget: number = LIMITS.embedTotal;
  if (doc.title) embed.title = truncate(doc.title, LIMITS.title);
  const footer = footerText(doc.context, postKey);
  if (footer) embed.footer = { text: footer };
  budget -= (embed.title?.length ?? 0) + (footer?.length ?? 0);
  if (doc.text) {
    embed.description = truncate(doc.text, Math.min(LIMITS.description, budget));
    budget -= embed.description.length;
  }
  const fields: APIEmbedField[] = [];
  for (const field of (doc.fields ?? []).slice(0, LIMITS.fields)) {
    const name = truncate(field.label || '\u200b', LIMITS.fieldName);
    const room = Math.min(LIMITS.fieldValue, budget - name.length);
    if (room < 1) break;
    const value = truncate(field.value || '\u200b', room);
    fields.push({ name, value, inline: field.value.length <= INLINE_FIELD_MAX && !field.value.includes('\n') });
    budget -= name.length + value.length;
  }
  if (fields.length) embed.fields = fields;
  // An embed needs a title, a description or a field to be valid.
  if (!embed.title && !embed.description && !embed.fields) embed.description = '\u200b';
  return embed;
}

const STYLES: Record<NonNullable<Button['style']>, APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};

export function renderButtons(buttons: readonly Button[], customIds: CustomIds, dmGuildId?: string): ButtonRow[] {
  const rows: ButtonRow[] = [];
  const visible = buttons.slice(0, LIMITS.buttonsPerRow * LIMITS.rows);
  for (let i = 0; i < visible.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: visible.slice(i, i + LIMITS.buttonsPerRow).map((button) => ({
        type: ComponentType.Button,
        style: STYLES[button.style ?? 'default'],
        label: truncate(button.label, LIMITS.buttonLabel),
        custom_id: customIds.encode({
          action: button.action,
          value: button.value ?? '',
          ...(dmGuildId ? { guildId: dmGuildId } : {}),
        }),
      })),
    });
  }
  return rows;
}

/** A neutral message as a Discord message body: one embed plus rows of buttons. */
export function renderMessage(doc: MessageDoc, options: RenderOptions): RenderedMessage {
  return {
    embeds: [renderEmbed(doc, options.postKey)],
    components: renderButtons(doc.buttons ?? [], options.customIds, options.dmGuildId),
    allowed_mentions: { parse: [] },
  };
}
