import type { MessageDoc } from './ports.js';

/** Plain-text rendering of a neutral message, for the terminal and for transcripts in tests. */
export function renderPlainText(doc: MessageDoc): string {
  const lines: string[] = [];
  if (doc.title) lines.push(doc.title);
  if (doc.text) lines.push(doc.text);
  for (const field of doc.fields ?? []) lines.push(`${field.label}: ${field.value}`);
  if (doc.buttons?.length) lines.push(doc.buttons.map((b) => `[${b.label}]`).join(' '));
  if (doc.context) lines.push(`(${doc.context})`);
  return lines.join('\n');
}
