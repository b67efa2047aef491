import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import { findOption, findSubcommand } from './commands.js';
import { userRef } from './refs.js';

/**
 * Renders a slash command's typed options back into the text the core parses, as if typed:
 *   /prep setup time:09:00 tz:UTC          → "setup time:09:00 tz:UTC"
 *   /mock start round:2 partner:@bob       → "round:2 partner:discord:<guild>:@<bob's id>"
 * A user option becomes the member's ref: the core can use it as-is, as it does with the refs of
 * people who act. Commands this bot does not declare are rendered generically (name:value).
 */
export function commandText(command: string, options: readonly CommandInteractionOption[], guildId: string): string {
  const words: string[] = [];
  let sub: string | null = null;
  let leaves = options;
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    words.push(first.name);
    const inner = first.options?.[0];
    sub = inner?.name ?? null;
    if (inner) words.push(inner.name);
    leaves = inner?.options ?? [];
  } else if (first?.type === ApplicationCommandOptionType.Subcommand) {
    sub = first.name;
    const coreName = findSubcommand(command, first.name)?.coreName;
    words.push(coreName ?? first.name);
    leaves = first.options ?? [];
  }
  for (const option of leaves) {
    const value = optionValue(option, guildId);
    if (value === '') continue;
    const spec = sub ? findOption(command, sub, option.name) : undefined;
    words.push(spec?.bare ? value : `${option.name}:${value}`);
  }
  return words.filter(Boolean).join(' ');
}

function optionValue(option: CommandInteractionOption, guildId: string): string {
  if (option.type === ApplicationCommandOptionType.User) return userRef(guildId, String(option.value));
  if (option.value === undefined || option.value === null) return '';
  // One line: the core's parser reads words, and a newline in a value would end nothing useful.
  return String(option.value).replace(/\s+/g, ' ').trim();
}
