import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/core/ports.js';

/**
 * Platform errors retrying can never fix: the channel is gone or closed to us, the token is dead,
 * a scope is missing. The core pauses a channel after repeated permanent failures.
 */
const PERMANENT_PLATFORM_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'team_access_not_granted',
  'user_not_in_channel',
  'restricted_action',
  // chat.delete: not the bot's message, or the workspace keeps every message for compliance.
  'cant_delete_message',
  'compliance_exports_prevent_deletion',
]);

/** Platform errors that mean "Slack had a bad moment": worth another try later. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface CodedError {
  code?: string;
  data?: { error?: string };
  statusCode?: number;
  retryAfter?: number;
  message?: string;
}

/**
 * Turns a Web API failure into the core's DeliveryError. The client has already retried
 * (retryConfig) and waited out every Retry-After it saw before this is called.
 */
export function toDeliveryError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const coded = (typeof err === 'object' && err !== null ? err : {}) as CodedError;
  const message = coded.message ?? String(err);
  // With rejectRateLimitedCalls off the client sleeps through each 429 itself; once its retries
  // are spent it throws a request error whose message carries the last Retry-After (seconds).
  const rateLimited = /rate limit was exceeded.*retry-after: (\d+)/i.exec(message);
  if (rateLimited) return new DeliveryError(`${method}: rate limited`, 'rate_limited', false, Number(rateLimited[1]) * 1000);
  switch (coded.code) {
    case webApi.ErrorCode.PlatformError: {
      const error = coded.data?.error ?? 'unknown_error';
      // Errors outside both lists (invalid_blocks, msg_too_long, expired_trigger_id...) also fail
      // the same way on every retry, so they are permanent too.
      const permanent = PERMANENT_PLATFORM_ERRORS.has(error) || !TRANSIENT_PLATFORM_ERRORS.has(error);
      return new DeliveryError(`${method}: ${error}`, error, permanent);
    }
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryError(`${method}: rate limited`, 'rate_limited', false, (coded.retryAfter ?? 1) * 1000);
    case webApi.ErrorCode.HTTPError: {
      const status = coded.statusCode ?? 0;
      return new DeliveryError(`${method}: HTTP ${status}`, `http_${status}`, status > 0 && status < 500);
    }
    case webApi.ErrorCode.RequestError:
      return new DeliveryError(`${method}: ${message}`, 'request_failed', false);
  }
  return new DeliveryError(`${method}: ${message}`, 'unknown', false);
}

/** The Slack error string of a platform error ("already_reacted"), if it is one. */
export function platformErrorOf(err: unknown): string | undefined {
  const coded = (typeof err === 'object' && err !== null ? err : {}) as CodedError;
  return coded.code === webApi.ErrorCode.PlatformError ? coded.data?.error : undefined;
}
