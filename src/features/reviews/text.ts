/** Small text helpers for quoting answers inside review messages. */

/** Drops the Markdown the STAR form adds ("**Situation:**"), for plain-text places such as form labels. */
export function plainText(text: string): string {
  return text.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/(^|\s)_([^_]+)_(?=\s|$)/g, '$1$2');
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The first non-empty line, shortened: how a message names an answer it cannot link to. */
export function firstLine(text: string, max = 140): string {
  const line = plainText(text)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return truncate(line ?? '', max);
}

/** Every line as a Markdown quote. */
export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
