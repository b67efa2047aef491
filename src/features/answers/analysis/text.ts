/**
 * Cheap, linear text plumbing shared by the analyzer: sentence-ish units with their layout,
 * lowercase word tokens with offsets, and a word count. Everything here is one pass over the text.
 */

/** A sentence, a bullet or a header line, with the layout that precedes it. */
export interface Unit {
  start: number; // first non-space character
  end: number; // exclusive, trailing spaces trimmed
  /** How the unit is separated from the previous one: same line, a line break, or a blank line. */
  breakBefore: 'none' | 'line' | 'paragraph';
}

/** The analysed text, lowercased once and tokenized once, so every later step is a lookup. */
export interface Doc {
  text: string;
  /** `text` lowercased; same length as `text`, so offsets are shared. */
  lower: string;
  tokens: string[];
  tokenStarts: number[];
  /** Word count of `text` (see countWords), found in the same pass as the tokens. */
  words: number;
  units: Unit[];
  /** Filled by phrases.ts: the tokens as phrase-word ids. */
  encoded?: { vocabularySize: number; ids: number[] };
}

export function isSpaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

const isLineBreak = (c: number) => c === 10 /* \n */ || c === 0x2028 || c === 0x2029;

/** Words before a full stop that do not end a sentence. Dotted forms like "e.g." and "U.S." are caught separately. */
const ABBREVIATIONS = new Set(['etc', 'vs', 'approx', 'incl', 'dept', 'mr', 'mrs', 'ms', 'dr', 'eg', 'ie', 'cf', 'fig']);

/** True when the full stop at `dot` belongs to an abbreviation or a list number ("1.", "e.g.") rather than ending a sentence. */
function isNonTerminalDot(text: string, dot: number, unitStart: number): boolean {
  let i = dot - 1;
  while (i >= unitStart && dot - i <= 8) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (!letter && c !== 46 && !(c >= 48 && c <= 57)) break;
    i--;
  }
  const word = text.slice(i + 1, dot).toLowerCase();
  if (word === '') return false;
  if (/^\d{1,3}$/.test(word)) return i + 1 === unitStart; // "1. Situation": a list number opening the unit
  return word.includes('.') || ABBREVIATIONS.has(word);
}

/** Appends the unit [start, end) with trailing spaces trimmed, if anything is left. */
function pushUnit(units: Unit[], text: string, start: number, end: number, lineBreaks: number): void {
  let e = end;
  while (e > start && isSpaceCode(text.charCodeAt(e - 1))) e--;
  if (e > start) units.push({ start, end: e, breakBefore: lineBreaks >= 2 ? 'paragraph' : lineBreaks === 1 ? 'line' : 'none' });
}

/**
 * A line break, or a sentence end: terminal punctuation (plus closing quotes or emphasis) before a
 * space. The lookbehind starts a match only at the first mark of a run, so "......" is one linear try.
 */
const BOUNDARY = /[\n\u2028\u2029]|(?<![.!?…])[.!?…]+[)\]"'”’*_]*(?=\s|$)/g;

/**
 * Splits text into units at line breaks and sentence ends. The regex engine finds the few
 * boundaries (natively, far faster than a JS loop over every character); JS only decides what they mean.
 */
export function splitUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let lineBreaks = 2; // the start of the text counts as a paragraph start
  let segmentStart = 0;
  BOUNDARY.lastIndex = 0;
  for (;;) {
    const m = BOUNDARY.exec(text);
    const lineBreak = m !== null && isLineBreak(text.charCodeAt(m.index));
    const end = m === null ? text.length : lineBreak ? m.index : m.index + m[0].length;
    let start = segmentStart;
    while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
    // "e.g." or "1." does not end the sentence: keep the segment open until the next boundary.
    if (m !== null && !lineBreak && m[0] === '.' && isNonTerminalDot(text, m.index, start)) continue;
    if (start < end) {
      pushUnit(units, text, start, end, lineBreaks);
      lineBreaks = 0;
    }
    if (m === null) break;
    if (lineBreak) lineBreaks++;
    segmentStart = m.index + m[0].length;
  }
  return units;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/** Memo of WORD_CHAR for the Basic Multilingual Plane: 0 unknown, 1 word char, 2 not. */
const bmpWordChar = new Uint8Array(0x10000);

/** Whether the code point at `i` is a letter, mark or digit; ASCII is decided inline, the rest memoised. */
function isWordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdbff) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));
  let known = bmpWordChar[c]!;
  if (known === 0) {
    known = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    bmpWordChar[c] = known;
  }
  return known === 1;
}

/** Lowercase word tokens (letters, marks, digits) with their start offsets. "don't" gives "don", "t". */
export function tokenize(lower: string): { tokens: string[]; starts: number[]; words: number } {
  const tokens: string[] = [];
  const starts: number[] = [];
  const words = scanWords(lower, tokens, starts);
  return { tokens, starts, words };
}

/**
 * Counts whitespace-separated words that contain a letter or digit ("40%" is a word, "—" and "🎯"
 * are not). In Chinese and Japanese each character counts as a word: close enough for speaking time.
 */
export function countWords(text: string): number {
  return scanWords(text, null, null);
}

/** Kana and CJK ideographs: scripts written without spaces, where each character counts as a word. */
const isCjk = (c: number) => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

const OTHER = 0;
const WORD = 1;
const SPACE = 2;
/** Class of each ASCII character: a table lookup is cheaper than a chain of range tests. */
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? WORD : isSpaceCode(c) ? SPACE : OTHER,
);

/**
 * The one character loop behind tokenize and countWords, so an answer is read once for both:
 * collects tokens when given arrays, and always returns the word count.
 */
function scanWords(text: string, tokens: string[] | null, starts: number[] | null): number {
  let words = 0;
  let chunkHasWordChar = false;
  let tokenStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? ASCII_CLASS[c] : isWordCharAt(text, i) ? WORD : isSpaceCode(c) ? SPACE : OTHER;
    if (kind === WORD) {
      if (tokenStart < 0) tokenStart = i;
      if (c < 0x3040 || !isCjk(c)) chunkHasWordChar = true;
      else words++;
      if (c >= 0xd800 && c <= 0xdbff) i++; // the low half of a surrogate pair belongs to this character
      continue;
    }
    if (tokenStart >= 0) {
      if (tokens !== null) {
        tokens.push(text.slice(tokenStart, i));
        starts!.push(tokenStart);
      }
      tokenStart = -1;
    }
    if (kind === SPACE) {
      if (chunkHasWordChar) words++;
      chunkHasWordChar = false;
    }
  }
  if (tokenStart >= 0 && tokens !== null) {
    tokens.push(text.slice(tokenStart));
    starts!.push(tokenStart);
  }
  return chunkHasWordChar ? words + 1 : words;
}

/**
 * Lowercases without moving offsets. A few characters (e.g. "İ") grow when lowercased; for those rare
 * texts we lowercase character by character, keeping any that would change length as they are.
 */
export function lowercaseKeepingOffsets(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

export function makeDoc(text: string): Doc {
  const lower = lowercaseKeepingOffsets(text);
  const { tokens, starts, words } = tokenize(lower);
  return { text, lower, tokens, tokenStarts: starts, words, units: splitUnits(text) };
}

/** Index of the first token starting at or after `offset` (binary search over sorted starts). */
export function firstTokenAtOrAfter(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
