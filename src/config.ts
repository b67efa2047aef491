import { existsSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = (fallback?: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a port number (1-65535)` });
        return z.NEVER;
      }
      return n;
    });

const url = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    if (!/^https?:\/\/[^\s/]+/.test(v)) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an http(s) URL` });
      return z.NEVER;
    }
    return v;
  });

export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1, 'must not be empty').default('./data/bar-raiser.db'),
  DEFAULT_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine((v) => IANAZone.isValidZone(v), { error: (i) => `"${String(i.input)}" is not an IANA time zone (e.g. Europe/Berlin)` }),
  LOG_LEVEL: z
    .string()
    .trim()
    .default('info')
    .refine((v) => (LOG_LEVELS as readonly string[]).includes(v), {
      error: (i) => `"${String(i.input)}" is not one of ${LOG_LEVELS.join(', ')}`,
    }),
  ADMIN_USER_IDS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    error: 'must start with "xoxb-" (the Bot User OAuth Token)',
  }),
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    error: 'must start with "xapp-" (an app-level token with connections:write)',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_PORT: port(3000),
  SLACK_API_URL: url,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d+$/.test(v), {
    error: 'must be the numeric application id from the Discord developer portal',
  }),
  DISCORD_API_URL: url,
  HEALTH_PORT: port(undefined),
});

export type RawConfig = z.infer<typeof configSchema>;
export interface Config extends RawConfig {
  readonly LOG_LEVEL: (typeof LOG_LEVELS)[number];
}

/** A configuration problem: the message is the single line printed before exiting with code 1. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

/** Validates the environment. Throws ConfigError with one line per bad variable ("NAME: what is wrong"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${String(issue.path[0] ?? 'config')}: ${issue.message}`);
    throw new ConfigError(lines.join('\n'));
  }
  const config = result.data as Config;
  // Cross-field rules, phrased the same way.
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode verifies request signatures)',
    );
  }
  if ((config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET) && !config.SLACK_BOT_TOKEN) {
    throw new ConfigError('SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
  }
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) {
    throw new ConfigError('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
  }
  return config;
}

/** Reads `.env` into process.env when present; real environment variables win. */
export function readDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * For entry points (the bot, the CLIs): reads `.env`, validates, and on a problem prints the one
 * line that names it and exits with code 1, no stack trace.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    readDotEnv();
  } catch (err) {
    process.stderr.write(`.env: ${(err as Error).message}\n`);
    process.exit(1);
  }
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
