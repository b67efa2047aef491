/**
 * Command arguments: `/prep setup time:09:00 tz:Europe/Berlin rotation:round 3`.
 * A word with a `key:` prefix starts an option; following words without one continue it
 * ("rotation:round 3"); words before any option are positional. Quotes group words.
 */
export interface Args {
  readonly raw: string;
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, string>;
}

const OPTION = /^([a-z][a-z-]*):(.*)$/i;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|“([^”]*)”|(\S+)/g)) {
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  }
  return tokens;
}

export function parseArgs(text: string): Args {
  const positional: string[] = [];
  const options = new Map<string, string>();
  let current: string | null = null;
  for (const token of tokenize(text)) {
    const option = OPTION.exec(token);
    // "https://..." or "09:00" are values, not options: option keys are words.
    if (option && !/^\d/.test(token) && !token.includes('://')) {
      current = option[1]!.toLowerCase();
      options.set(current, option[2]!);
    } else if (current !== null) {
      const before = options.get(current)!;
      options.set(current, before === '' ? token : `${before} ${token}`);
    } else {
      positional.push(token);
    }
  }
  return { raw: text, positional, options };
}

/** Edit distance, for "did you mean" on mistyped commands. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
