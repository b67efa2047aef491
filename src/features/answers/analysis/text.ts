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
  units: Unit[];
}

const LF = 10;
const CR = 13;

export function isSpaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

const isLineBreak = (c: number) => c === LF || c === 0x2028 || c === 0x2029;
const isSentenceEnd = (c: number) => c === 46 /* . */ || c === 33 /* ! */ || c === 63 /* ? */ || c === 0x2026; /* … */
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '*', '_']);

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

/** Splits text into units at line breaks and sentence ends. Linear; never allocates per character. */
export function splitUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let unitStart = -1;
  let lineBreaks = 2; // the start of the text counts as a paragraph start
  let breakBefore: Unit['breakBefore'] = 'paragraph';

  const close = (endExclusive: number) => {
    let end = endExclusive;
    while (end > unitStart && isSpaceCode(text.charCodeAt(end - 1))) end--;
    if (end > unitStart) units.push({ start: unitStart, end, breakBefore });
    unitStart = -1;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) {
      if (unitStart >= 0) close(i);
      lineBreaks++;
      continue;
    }
    if (isSpaceCode(c) || c === CR) continue;
    if (unitStart < 0) {
      unitStart = i;
      breakBefore = lineBreaks >= 2 ? 'paragraph' : lineBreaks === 1 ? 'line' : 'none';
      lineBreaks = 0;
    }
    if (isSentenceEnd(c)) {
      let j = i + 1;
      while (j < text.length && (isSentenceEnd(text.charCodeAt(j)) || CLOSERS.has(text[j]!))) j++;
      const atEnd = j >= text.length || isSpaceCode(text.charCodeAt(j));
      if (atEnd && !(c === 46 && isNonTerminalDot(text, i, unitStart))) {
        close(j);
        i = j - 1;
      }
    }
  }
  if (unitStart >= 0) close(text.length);
  return units;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

/** Lowercase word tokens (letters, marks, digits) with their start offsets. "don't" gives "don", "t". */
export function tokenize(lower: string): { tokens: string[]; starts: number[] } {
  const tokens: string[] = [];
  const starts: number[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m !== null; m = TOKEN.exec(lower)) {
    tokens.push(m[0]);
    starts.push(m.index);
  }
  return { tokens, starts };
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
  const { tokens, starts } = tokenize(lower);
  return { text, lower, tokens, tokenStarts: starts, units: splitUnits(text) };
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Counts whitespace-separated words that contain a letter or digit ("40%" is a word, "—" and "🎯" are not). */
export function countWords(text: string): number {
  let words = 0;
  let chunkHasWordChar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) {
      if (chunkHasWordChar) words++;
      chunkHasWordChar = false;
    } else if (!chunkHasWordChar) {
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) chunkHasWordChar = true;
      else if (c >= 128) chunkHasWordChar = LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(i)!));
    }
  }
  return chunkHasWordChar ? words + 1 : words;
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
