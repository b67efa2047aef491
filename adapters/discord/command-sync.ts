import { Routes, type APIApplicationCommand, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from 'pino';
import { commandDefinitions } from './commands.js';

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody | APIApplicationCommand;

/** Registers every command: in one guild (instant, for trying things out) or globally. */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<string[]> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commandDefinitions() })) as APIApplicationCommand[];
  return registered.map((c) => c.name);
}

/** Only what a user can see or send: Discord adds ids, versions and defaults to what it returns. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const keep = ['name', 'description', 'type', 'options', 'choices', 'value', 'required', 'autocomplete', 'min_value', 'max_value', 'min_length', 'max_length', 'contexts'];
  const result: Record<string, unknown> = {};
  for (const key of keep) {
    const field = source[key];
    // Absent, false and empty mean the same thing to Discord.
    if (field === undefined || field === null || field === false || (Array.isArray(field) && field.length === 0)) continue;
    result[key] = canonical(field);
  }
  return result;
}

function normalize(command: CommandJson): string {
  const shape = canonical(command) as Record<string, unknown>;
  // What is registered without a type is a chat-input (slash) command.
  shape.type ??= 1;
  return JSON.stringify(shape);
}

/** What differs between the commands Discord has and the ones this version declares; empty when they match. */
export function commandDifferences(registered: readonly CommandJson[], wanted: readonly CommandJson[] = commandDefinitions()): string[] {
  const problems: string[] = [];
  for (const command of wanted) {
    const found = registered.find((r) => r.name === command.name);
    if (!found) problems.push(`/${command.name} is not registered`);
    else if (normalize(found) !== normalize(command)) problems.push(`/${command.name} has changed`);
  }
  return problems;
}

/** How many guilds to look at when the commands are not registered globally (a guild-scoped test setup). */
const GUILDS_CHECKED = 3;

/**
 * Start-up check: are the registered commands the ones this version declares? Global commands
 * first; failing that, guild commands in the first few guilds. One warning says what to run.
 */
export async function checkRegisteredCommands(
  rest: REST,
  applicationId: string,
  guildIds: readonly string[],
  log: Logger,
): Promise<boolean> {
  try {
    const global = (await rest.get(Routes.applicationCommands(applicationId))) as APIApplicationCommand[];
    let problems = commandDifferences(global);
    if (problems.length === 0) return true;
    if (global.length === 0) {
      for (const guildId of guildIds.slice(0, GUILDS_CHECKED)) {
        const local = (await rest.get(Routes.applicationGuildCommands(applicationId, guildId))) as APIApplicationCommand[];
        const localProblems = commandDifferences(local);
        if (localProblems.length === 0) return true;
        // Registered in a server, but an older version: that is what to report.
        if (local.length > 0) problems = localProblems.map((p) => `${p} in server ${guildId}`);
      }
    }
    log.warn(
      { problems },
      `Discord slash commands are missing or out of date (${problems.join('; ')}): run \`npm run discord:register\` (all servers, can take up to an hour to appear) or \`npm run discord:register -- --guild <server id>\` (one server, instant).`,
    );
    return false;
  } catch (err) {
    log.warn({ err }, 'could not check the registered Discord commands');
    return false;
  }
}
