/**
 * `npm run discord:register [-- --guild ID]`: declares /prep and /mock to Discord. With --guild the
 * commands appear in that server at once (for trying things out); without, everywhere, which can
 * take up to an hour.
 */
import { parseArgs } from 'node:util';
import { DiscordAPIError, REST } from 'discord.js';
import { loadConfigOrExit } from '../../src/config.js';
import { registerCommands } from './command-sync.js';

const USAGE = `Usage: npm run discord:register [-- --guild <server id>]
  --guild ID   register in one server only (instant); without it, globally (up to an hour to show up)
Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (environment or .env).`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function explain(err: unknown, guild: string | undefined): string {
  if (err instanceof DiscordAPIError) {
    if (err.status === 401) return 'Discord refused DISCORD_TOKEN (401): copy the bot token again from the Developer Portal (Bot → Reset Token).';
    if (err.code === 50001 && guild) return `The bot cannot manage commands in server ${guild}: invite it with the applications.commands scope (see the README).`;
    if (err.code === 10002) return 'DISCORD_APPLICATION_ID is not an application this token belongs to.';
    return `Discord refused the commands: ${err.message}`;
  }
  return `Could not reach Discord: ${(err as Error).message}`;
}

async function run(): Promise<void> {
  let guild: string | undefined;
  try {
    const { values } = parseArgs({ options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    guild = values.guild;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
  if (guild !== undefined && !/^\d+$/.test(guild)) fail(`--guild: "${guild}" is not a server id (right-click the server → Copy Server ID)`, 2);
  const config = loadConfigOrExit();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    fail('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set (see the README, "Run on Discord").');
  }
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  try {
    const names = await registerCommands(rest, config.DISCORD_APPLICATION_ID, guild);
    const where = guild ? `in server ${guild} (available now)` : 'globally (they can take up to an hour to appear)';
    process.stdout.write(`Registered ${names.map((n) => `/${n}`).join(' and ')} ${where}.\n`);
  } catch (err) {
    fail(explain(err, guild));
  }
}

await run();
