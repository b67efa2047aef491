/**
 * Tiny readers for untrusted Slack JSON. Payloads are read defensively (a field that is missing,
 * blank or of the wrong type reads as undefined) so that a malformed or shape-only payload is
 * ignored instead of throwing inside a request handler.
 */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(source: unknown, key: string): Json | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return isObject(value) ? value : undefined;
}

/** A non-empty string, or undefined. */
export function textAt(source: unknown, key: string): string | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A string that may legitimately be empty (message text, command text). */
export function rawTextAt(source: unknown, key: string): string | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return typeof value === 'string' ? value : undefined;
}

export function arrayAt(source: unknown, key: string): unknown[] {
  if (!isObject(source)) return [];
  const value = source[key];
  return Array.isArray(value) ? value : [];
}
