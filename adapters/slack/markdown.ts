/**
 * The core writes a small Markdown subset (**bold**, _italic_, `code`, > quote, - bullets, and
 * [links](https://…)); Slack reads "mrkdwn", which differs in bold (*x*), links (<url|label>) and in
 * needing &, < and > escaped. Code spans and fences are escaped but otherwise left alone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function convertInline(text: string): string {
  // Odd pieces are code spans: escaped only.
  return text
    .split(/(`[^`\n]+`)/)
    .map((piece, index) => {
      if (index % 2 === 1) return escapeMrkdwn(piece);
      return escapeMrkdwn(piece)
        .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => `<${url}|${label}>`)
        .replace(/\*\*(?=\S)([^*\n]+?)\*\*/g, '*$1*')
        .replace(/__(?=\S)([^_\n]+?)__/g, '*$1*')
        .replace(/~~(?=\S)([^~\n]+?)~~/g, '~$1~');
    })
    .join('');
}

function convertLine(line: string): string {
  const quote = /^(\s*)>\s?(.*)$/.exec(line);
  if (quote) return `${quote[1]}>${quote[2] ? ` ${convertInline(quote[2])}` : ''}`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]}• ${convertInline(bullet[2]!)}`;
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `*${convertInline(heading[1]!)}*`;
  return convertInline(line);
}

export function markdownToMrkdwn(markdown: string): string {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (line.trimStart().startsWith('```')) {
        inFence = !inFence;
        return escapeMrkdwn(line);
      }
      return inFence ? escapeMrkdwn(line) : convertLine(line);
    })
    .join('\n');
}

/**
 * Splits text into pieces of at most `limit` characters, preferring paragraph breaks, then line
 * breaks, then spaces, so that a long answer or scorecard becomes several readable sections.
 */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > limit / 2) ?? limit;
    pieces.push(rest.slice(0, cut).trimEnd());
    // Drop the break we cut at, but keep the next line's indentation (nested bullets).
    rest = rest.slice(cut).replace(/^(\n+| )/, '');
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Cuts plain text to `limit` characters with an ellipsis. */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
