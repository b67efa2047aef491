/**
 * Cheap, linear text plumbing shared by the analyzer: sentence-ish units with their layout,
 * lowercase word tokens with offsets, and a word count. Everything here is one pass over the text.
 *
 * Tokens are offset pairs into the lowercased text, never sliced strings: the analyzer runs on
 * every answer in the bot's busy path, where per-word garbage costs more than the analysis itself.
 */

/** A sentence, a bullet or a header line, with the layout that precedes it. */
export interface Unit {
  start: number; // first non-space character
  end: number; // exclusive, trailing spaces trimmed
  /** How the unit is separated from the previous one: same line, a line break, or a blank line. */
  breakBefore: 'none' | 'line' | 'paragraph';
}

/**
 * Lowercase word tokens as offsets: token t is `lower.slice(tokenStarts[t], tokenEnds[t])`. The
 * arrays are reused buffers, longer than the text needs: only the first `tokenCount` entries count.
 */
export interface Tokens {
  /** The analysed text lowercased; same length as the text, so offsets are shared. */
  lower: string;
  tokenCount: number;
  tokenStarts: Int32Array;
  tokenEnds: Int32Array;
  /** Filled by phrases.ts: each token's phrase-word id (-1 for words no phrase uses)... */
  wordIds: Int32Array;
  /** ...valid while the vocabulary still has this many words (-1: not computed yet). */
  wordIdsVocabularySize: number;
}

/**
 * The analysed text, lowercased once and tokenized once, so every later step is a lookup. Its token
 * arrays are module buffers that the next makeDoc overwrites: a Doc is valid until then, which is
 * all the (synchronous, one doc per call) analyzer needs.
 */
export interface Doc extends Tokens {
  text: string;
  /** Word count of `text` (see countWords), found in the same pass as the tokens. */
  words: number;
  units: Unit[];
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
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

/**
 * True when the full stop at `dot` belongs to an abbreviation or a list number ("1.", "e.g.") rather
 * than ending a sentence. The word before the dot is only sliced when it could be an abbreviation.
 */
function isNonTerminalDot(text: string, lower: string, dot: number, unitStart: number): boolean {
  let i = dot - 1;
  let digits = 0;
  let dots = 0;
  while (i >= unitStart && dot - i <= 8) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    const digit = c >= 48 && c <= 57;
    if (!letter && c !== 46 && !digit) break;
    if (digit) digits++;
    else if (c === 46) dots++;
    i--;
  }
  const length = dot - (i + 1);
  if (length === 0) return false;
  if (digits === length && length <= 3) return i + 1 === unitStart; // "1. Situation": a list number opening the unit
  if (dots > 0) return true;
  // The word is ASCII letters and digits, which `lower` lowercases in place.
  return length <= LONGEST_ABBREVIATION && ABBREVIATIONS.has(lower.slice(i + 1, dot));
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
const isSentenceMark = (c: number) => c === 46 /* . */ || c === 33 /* ! */ || c === 63 /* ? */ || c === 0x2026; /* … */

/**
 * Where the BOUNDARY match ending at `end` starts. A match is a single line break, or a whole run
 * of marks followed by closers, so walking back over the closers and then the marks finds its start.
 */
function boundaryStart(text: string, end: number): number {
  let i = end - 1;
  if (isLineBreak(text.charCodeAt(i))) return i;
  while (!isSentenceMark(text.charCodeAt(i))) i--;
  while (i > 0 && isSentenceMark(text.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * Splits text into units at line breaks and sentence ends. The regex engine finds the few
 * boundaries (natively, far faster than a JS loop over every character); JS only decides what they
 * mean. `test` rather than `exec`, and the match start recovered by boundaryStart: no match objects.
 */
export function splitUnits(text: string, lower: string): Unit[] {
  const units: Unit[] = [];
  let lineBreaks = 2; // the start of the text counts as a paragraph start
  let segmentStart = 0;
  BOUNDARY.lastIndex = 0;
  for (;;) {
    const found = BOUNDARY.test(text);
    const matchEnd = found ? BOUNDARY.lastIndex : text.length;
    const matchStart = found ? boundaryStart(text, matchEnd) : text.length;
    const lineBreak = found && isLineBreak(text.charCodeAt(matchStart));
    const end = lineBreak ? matchStart : matchEnd;
    let start = segmentStart;
    while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
    // "e.g." or "1." does not end the sentence: keep the segment open until the next boundary.
    const singleDot = found && matchEnd - matchStart === 1 && text.charCodeAt(matchStart) === 46;
    if (singleDot && isNonTerminalDot(text, lower, matchStart, start)) continue;
    if (start < end) {
      pushUnit(units, text, start, end, lineBreaks);
      lineBreaks = 0;
    }
    if (!found) break;
    if (lineBreak) lineBreaks++;
    segmentStart = matchEnd;
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

/** Token offsets as scanWords finds them: token t is [starts[t], ends[t]). Grows by doubling, never shrinks. */
class TokenOffsets {
  starts: Int32Array;
  ends: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

/** Lowercase word tokens (letters, marks, digits), as strings: for compiling phrase lists, not for answers. "don't" gives "don", "t". */
export function tokenize(lower: string): string[] {
  const offsets = new TokenOffsets(8);
  scanWords(lower, offsets);
  const tokens: string[] = [];
  for (let t = 0; t < offsets.count; t++) tokens.push(lower.slice(offsets.starts[t]!, offsets.ends[t]!));
  return tokens;
}

/**
 * Counts whitespace-separated words that contain a letter or digit ("40%" is a word, "—" and "🎯"
 * are not). In Chinese and Japanese each character counts as a word: close enough for speaking time.
 */
export function countWords(text: string): number {
  return scanWords(text, null);
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
 * collects token offsets when given somewhere to put them, and always returns the word count.
 */
function scanWords(text: string, tokens: TokenOffsets | null): number {
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
      tokens?.add(tokenStart, i);
      tokenStart = -1;
    }
    if (kind === SPACE) {
      if (chunkHasWordChar) words++;
      chunkHasWordChar = false;
    }
  }
  if (tokenStart >= 0) tokens?.add(tokenStart, text.length);
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

/** The token buffers every Doc borrows (see Doc): sized for a long answer, grown for longer ones. */
const docTokens = new TokenOffsets(1024);
let docWordIds = new Int32Array(1024);

export function makeDoc(text: string): Doc {
  const lower = lowercaseKeepingOffsets(text);
  docTokens.count = 0;
  const words = scanWords(lower, docTokens);
  if (docWordIds.length < docTokens.starts.length) docWordIds = new Int32Array(docTokens.starts.length);
  return {
    text,
    lower,
    tokenCount: docTokens.count,
    tokenStarts: docTokens.starts,
    tokenEnds: docTokens.ends,
    wordIds: docWordIds,
    wordIdsVocabularySize: -1,
    words,
    units: splitUnits(text, lower),
  };
}

/** Index of the first token starting at or after `offset` (binary search over sorted starts). */
export function firstTokenAtOrAfter(tokens: Tokens, offset: number): number {
  const starts = tokens.tokenStarts;
  let lo = 0;
  let hi = tokens.tokenCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether token t is exactly `word` (lowercase), compared in place. */
export function tokenIs(tokens: Tokens, t: number, word: string): boolean {
  const start = tokens.tokenStarts[t]!;
  return tokens.tokenEnds[t]! - start === word.length && tokens.lower.startsWith(word, start);
}
