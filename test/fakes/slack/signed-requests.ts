import { createHmac } from 'node:crypto';

/**
 * Sends requests to an HTTP-mode adapter the way Slack does: x-slack-request-timestamp plus
 * x-slack-signature = "v0=" + HMAC-SHA256(signing secret, "v0:{timestamp}:{raw body}").
 */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  readonly secret: string;
  /** Seconds since the epoch; default now. A value 5+ minutes old is "stale". */
  readonly timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  readonly signWith?: string;
  readonly retryNum?: number;
  readonly contentType?: string;
}

export interface SlackHttpResponse {
  readonly status: number;
  readonly text: string;
  json(): unknown;
}

export async function postSigned(url: string, body: string, options: SignedPostOptions): Promise<SlackHttpResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? (body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signWith ?? options.secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as unknown };
}

/** Slash commands arrive form-encoded. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Interactivity payloads arrive as one form field, `payload`, holding JSON. */
export function interactivityBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
