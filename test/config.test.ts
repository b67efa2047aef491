import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, ConfigError, loadConfig } from '../src/config.js';

/** The single-line message loadConfig throws for `env`. */
function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      DATABASE_PATH: './data/bar-raiser.db',
      DEFAULT_TIMEZONE: 'UTC',
      LOG_LEVEL: 'info',
      ADMIN_USER_IDS: [],
      SLACK_PORT: 3000,
    });
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.HEALTH_PORT).toBeUndefined();
  });

  it('reads and normalizes good values', () => {
    const config = loadConfig({
      DATABASE_PATH: '/data/bar-raiser.db',
      DEFAULT_TIMEZONE: ' Europe/Berlin ',
      LOG_LEVEL: 'debug',
      ADMIN_USER_IDS: ' U123, 456789012345678901 ,, U9',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_APP_TOKEN: 'xapp-1-A1-xyz',
      SLACK_PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:4010/api/',
      DISCORD_TOKEN: 'discord-secret',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_URL: 'https://discord.example.test/api',
      HEALTH_PORT: '9090',
    });
    expect(config).toMatchObject({
      DATABASE_PATH: '/data/bar-raiser.db',
      DEFAULT_TIMEZONE: 'Europe/Berlin',
      LOG_LEVEL: 'debug',
      ADMIN_USER_IDS: ['U123', '456789012345678901', 'U9'],
      SLACK_PORT: 8080,
      HEALTH_PORT: 9090,
      SLACK_API_URL: 'http://127.0.0.1:4010/api/',
    });
  });

  it('treats empty tokens as unset (a copied .env.example starts the playground)', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: ' ', DISCORD_TOKEN: '', SLACK_PORT: '', HEALTH_PORT: '' });
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.SLACK_APP_TOKEN).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.SLACK_PORT).toBe(3000);
    expect(config.HEALTH_PORT).toBeUndefined();
  });

  it('accepts each way of running a platform', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).not.toThrow();
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc123' })).not.toThrow();
    expect(() => loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '42' })).not.toThrow();
  });

  it.each([
    [{ DEFAULT_TIMEZONE: 'Mars/Base' }, 'DEFAULT_TIMEZONE: "Mars/Base" is not an IANA time zone (e.g. Europe/Berlin)'],
    [{ DEFAULT_TIMEZONE: 'CEST+25' }, 'DEFAULT_TIMEZONE: "CEST+25" is not an IANA time zone (e.g. Europe/Berlin)'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL: "verbose" is not one of fatal, error, warn, info, debug, trace, silent'],
    [{ SLACK_PORT: 'http' }, 'SLACK_PORT: "http" is not a port number (1-65535)'],
    [{ SLACK_PORT: '70000' }, 'SLACK_PORT: "70000" is not a port number (1-65535)'],
    [{ SLACK_PORT: '0' }, 'SLACK_PORT: "0" is not a port number (1-65535)'],
    [{ HEALTH_PORT: '80.5' }, 'HEALTH_PORT: "80.5" is not a port number (1-65535)'],
    [{ HEALTH_PORT: '-1' }, 'HEALTH_PORT: "-1" is not a port number (1-65535)'],
    [{ SLACK_API_URL: 'ftp://slack.example' }, 'SLACK_API_URL: "ftp://slack.example" is not an http(s) URL'],
    [{ DISCORD_API_URL: 'localhost:3000' }, 'DISCORD_API_URL: "localhost:3000" is not an http(s) URL'],
    [{ DATABASE_PATH: '   ' }, 'DATABASE_PATH: must not be empty'],
    [
      { SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xapp-1' },
      'SLACK_BOT_TOKEN: must start with "xoxb-" (the Bot User OAuth Token)',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
      'SLACK_APP_TOKEN: must start with "xapp-" (an app-level token with connections:write)',
    ],
    [
      { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'my-bot' },
      'DISCORD_APPLICATION_ID: must be the numeric application id from the Discord developer portal',
    ],
    // Cross-field rules.
    [
      { SLACK_BOT_TOKEN: 'xoxb-1' },
      'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode verifies request signatures)',
    ],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set'],
    [{ SLACK_SIGNING_SECRET: 'abc' }, 'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set'],
    [{ DISCORD_TOKEN: 't' }, 'DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set'],
  ])('%j → one line naming the variable', (env, expected) => {
    const message = problem(env as Record<string, string>);
    expect(message).toBe(expected);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('gives one line per bad variable when several are wrong', () => {
    const lines = problem({ DEFAULT_TIMEZONE: 'Mars/Base', SLACK_PORT: '99999', LOG_LEVEL: 'loud' }).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['DEFAULT_TIMEZONE', 'LOG_LEVEL', 'SLACK_PORT']);
  });
});

describe('.env.example', () => {
  const text = readFileSync(resolve(import.meta.dirname, '..', '.env.example'), 'utf8');
  const values = parseEnv(text) as Record<string, string>;

  it('documents every variable of src/config.ts, and BAR_RAISER_CLOCK', () => {
    expect(Object.keys(values).sort()).toEqual([...Object.keys(configSchema.shape), 'BAR_RAISER_CLOCK'].sort());
  });

  it('is valid as it is, and starts no platform (copying it to .env opens the playground)', () => {
    const config = loadConfig(values);
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config).toMatchObject({ DATABASE_PATH: './data/bar-raiser.db', DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'info', SLACK_PORT: 3000 });
  });
});

// ---------------------------------------------------------------------------------------------
// Start-up: a bad value stops the process with one line and exit code 1.

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/main.ts');

/** The test process's environment without anything Bar Raiser reads. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|DISCORD_|BAR_RAISER_|DATABASE_PATH$|DEFAULT_TIMEZONE$|LOG_LEVEL$|ADMIN_USER_IDS$|HEALTH_PORT$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

describe('start-up with a bad configuration', () => {
  // Runs in an empty folder: no .env is read, and nothing can be written into the repository.
  let cwd = '';
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'bar-raiser-config-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  function start(extra: Record<string, string>) {
    return spawnSync(TSX, [MAIN], {
      cwd,
      env: cleanEnv(extra),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // A start-up that hangs is a failure too: it is killed (SIGTERM) and reported.
      timeout: 30_000,
    });
  }

  it('DEFAULT_TIMEZONE=Mars/Base: exit 1, one line on stderr, no stack trace', () => {
    const result = start({ DEFAULT_TIMEZONE: 'Mars/Base', DATABASE_PATH: join(cwd, 'db', 'x.db') });
    expect(result.stderr).toBe('DEFAULT_TIMEZONE: "Mars/Base" is not an IANA time zone (e.g. Europe/Berlin)\n');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    // Nothing was created: configuration is checked before the database is opened.
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);

  // /proc/forbidden: the parent exists but can hold no folder (a recursive mkdir must not spin on it);
  // /dev/null/...: the parent is not a folder.
  it.each(['/proc/forbidden/x.db', '/dev/null/x.db'])('DATABASE_PATH=%s: exit 1, one line starting with DATABASE_PATH:', (path) => {
    const result = start({ DATABASE_PATH: path });
    const killed = result.signal !== null || result.status === 143;
    expect(killed ? 'start-up hung and was killed after 30 s' : result.status, result.stderr.slice(0, 300)).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^DATABASE_PATH: /);
    expect(lines[0]).toContain(dirname(path));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
