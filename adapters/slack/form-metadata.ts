/**
 * What a modal carries in `private_metadata` (max 3000 characters).
 *
 * A view_submission payload says which user submitted which view, but not in which channel or
 * thread the form was opened. The core needs that channel (to answer there), so the modal carries
 * it beside FormDoc.state. `v` marks the envelope so that a view this code did not open is
 * recognised and its metadata read as a bare state string.
 */
export interface FormMetadata {
  readonly state: string;
  readonly channel?: string;
  readonly threadTs?: string;
}

const VERSION = 'br1';
export const PRIVATE_METADATA_LIMIT = 3000;

export function encodeFormMetadata(metadata: FormMetadata): string {
  return JSON.stringify({ v: VERSION, s: metadata.state, c: metadata.channel, t: metadata.threadTs });
}

export function decodeFormMetadata(raw: string | undefined | null): FormMetadata {
  const text = raw ?? '';
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { v?: unknown; s?: unknown; c?: unknown; t?: unknown };
      if (parsed.v === VERSION && typeof parsed.s === 'string') {
        return {
          state: parsed.s,
          channel: typeof parsed.c === 'string' ? parsed.c : undefined,
          threadTs: typeof parsed.t === 'string' ? parsed.t : undefined,
        };
      }
    } catch {
      // Not our envelope: fall through to the bare string.
    }
  }
  return { state: text };
}
