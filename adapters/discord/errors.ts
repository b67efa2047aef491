import { DiscordAPIError, HTTPError, RateLimitError, DiscordjsError } from 'discord.js';
import { DeliveryError } from '../../src/core/ports.js';
import { RefError } from './refs.js';

/**
 * Discord JSON error codes after which retrying cannot help: the target is gone, or the bot may
 * not act there. The scheduler pauses a channel after repeated permanent failures.
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
 */
const PERMANENT_CODES: Readonly<Record<number, string>> = {
  10003: 'unknown_channel',
  10008: 'unknown_message',
  50001: 'missing_access',
  50013: 'missing_permissions',
  // Also permanent, for the same reason: the bot was removed from the server, the user left
  // Discord or blocks DMs, or the interaction token expired.
  10004: 'unknown_guild',
  10013: 'unknown_user',
  10062: 'unknown_interaction',
  50007: 'cannot_message_user',
};

/** Turns whatever a Discord call threw into the DeliveryError the core understands. */
export function toDeliveryError(err: unknown, doing: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? PERMANENT_CODES[err.code] : undefined;
    if (code) return new DeliveryError(`${doing}: ${err.message}`, code, true);
    return new DeliveryError(`${doing}: ${err.message} (HTTP ${err.status})`, `discord_${err.code}`, false);
  }
  // Only thrown when the REST client is told to reject on rate limits; by default it waits and retries.
  if (err instanceof RateLimitError) {
    return new DeliveryError(`${doing}: rate limited`, 'rate_limited', false, err.retryAfter);
  }
  if (err instanceof HTTPError) return new DeliveryError(`${doing}: HTTP ${err.status}`, `http_${err.status}`, false);
  if (err instanceof RefError) return new DeliveryError(`${doing}: ${err.message}`, 'bad_ref', true);
  // discord.js refuses a second response to one interaction before any request is made.
  if (err instanceof DiscordjsError && /Interaction(AlreadyReplied|NotReplied)/.test(err.code)) {
    return new DeliveryError(`${doing}: ${err.message}`, 'interaction_state', true);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError(`${doing}: ${message}`, 'network', false);
}

/** Runs one Discord call and reports its failure as a DeliveryError. */
export async function deliver<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toDeliveryError(err, doing);
  }
}

/** "Unknown Message": deleting a message that is already gone is done, not failed. */
export const UNKNOWN_MESSAGE = 10008;

/** "A thread has already been created for this message": a resend after a crash, not a failure. */
export const THREAD_ALREADY_EXISTS = 160004;

export function isDiscordCode(err: unknown, code: number): boolean {
  return err instanceof DiscordAPIError && err.code === code;
}
