/**
 * Phrase matching over tokens. Every word that occurs in some phrase gets a small integer id in one
 * shared vocabulary, and each phrase list (principle signals, key-point synonyms, STAR cues) is
 * compiled once into a trie of those ids. An answer's tokens are turned into ids once; matching a
 * list is then one pass over the ids, following the trie only as far as the text agrees: no regex
 * per phrase, no string hashing per list, no work proportional to phrases × text.
 *
 * Matching is case-insensitive and whole-word. Separators inside a phrase are interchangeable
 * ("dead-letter queue" matches "dead letter queue"), and words compare by a light plural stem
 * ("dedup key" matches "dedup keys", "query" matches "queries", "batch" matches "batches").
 *
 * Phrases whose punctuation carries meaning ("C++", "99.9%", "$") cannot be matched as tokens; each
 * of those gets its own regex, word-bounded only where the phrase starts or ends with a word char.
 */
import { tokenize, type Tokens } from './text.js';

/**
 * How many characters end `s[start, end)` as a simple English plural: 0 (not a plural), 1 ("keys"),
 * 2 ("batches") or 3 ("queries", whose stem then ends in "y"). Read in place, without slicing.
 */
function pluralSuffixLength(s: string, start: number, end: number): number {
  const n = end - start;
  if (n < 4 || s.charCodeAt(end - 1) !== 115 /* s */) return 0;
  if (n >= 5 && s.startsWith('ies', end - 3)) return 3;
  if (n >= 5 && s.startsWith('es', end - 2) && isSibilantBefore(s, end - 2)) return 2;
  return s.startsWith('ss', end - 2) ? 0 : 1;
}

/** Whether `s` has "x", "z", "ch", "sh" or "ss" just before `at`: "boxes", "batches", "classes". */
function isSibilantBefore(s: string, at: number): boolean {
  const c = s.charCodeAt(at - 1);
  if (c === 120 /* x */ || c === 122 /* z */) return true;
  return s.startsWith('ch', at - 2) || s.startsWith('sh', at - 2) || s.startsWith('ss', at - 2);
}

/** Folds simple English plurals so both sides of a comparison agree: keys→key, queries→query, batches→batch. */
export function stem(word: string): string {
  const suffix = pluralSuffixLength(word, 0, word.length);
  if (suffix === 3) return `${word.slice(0, -3)}y`;
  return suffix === 0 ? word : word.slice(0, -suffix);
}

/**
 * The vocabulary: each phrase word's stem, by id. An open-addressing hash table (FNV-1a over UTF-16
 * units) finds a stem from a character range of the answer, so answers' words are looked up in
 * place: a Map<string, number> would need every word sliced into a string first.
 */
const stems: string[] = [];
/** Slot → id, -1 when empty; a power of two in size, kept at most half full. */
let slots = new Int32Array(1024).fill(-1);
const Y = 121;
/** The FNV-1a offset basis as an int32, so the hash stays a small integer from the start. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Hash of s[start, end), followed by a "y" when `plusY`. */
function hashRange(s: string, start: number, end: number, plusY: boolean): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return plusY ? Math.imul(h ^ Y, FNV_PRIME) : h;
}

/** Whether `stem` is s[start, end), followed by a "y" when `plusY`. */
function isStemAt(stem: string, s: string, start: number, end: number, plusY: boolean): boolean {
  const length = end - start;
  if (stem.length !== (plusY ? length + 1 : length)) return false;
  if (plusY && stem.charCodeAt(length) !== Y) return false;
  for (let i = 0; i < length; i++) if (stem.charCodeAt(i) !== s.charCodeAt(start + i)) return false;
  return true;
}

/** The id of the stem s[start, end) (+ "y" when `plusY`), or -1 when it is not in the vocabulary. */
function findStem(s: string, start: number, end: number, plusY: boolean): number {
  const mask = slots.length - 1;
  for (let slot = hashRange(s, start, end, plusY) & mask; ; slot = (slot + 1) & mask) {
    const id = slots[slot]!;
    if (id < 0) return -1;
    if (isStemAt(stems[id]!, s, start, end, plusY)) return id;
  }
}

function placeInSlots(id: number): void {
  const mask = slots.length - 1;
  const key = stems[id]!;
  let slot = hashRange(key, 0, key.length, false) & mask;
  while (slots[slot]! >= 0) slot = (slot + 1) & mask;
  slots[slot] = id;
}

/** The id of a word's stem, registering it if needed. Only phrase words are registered, so this stays small. */
export function wordId(word: string): number {
  const key = stem(word);
  const known = findStem(key, 0, key.length, false);
  if (known >= 0) return known;
  const id = stems.length;
  stems.push(key);
  if (stems.length * 2 > slots.length) {
    slots = new Int32Array(slots.length * 2).fill(-1);
    for (let k = 0; k < stems.length; k++) placeInSlots(k);
  } else {
    placeInSlots(id);
  }
  return id;
}

/** The id of the stem of s[start, end), or -1 for a word no phrase uses. */
function wordIdAt(s: string, start: number, end: number): number {
  const suffix = pluralSuffixLength(s, start, end);
  return findStem(s, start, end - suffix, suffix === 3);
}

/** The doc's tokens as word ids, computed once per doc (again only if a new phrase list added words since). */
export function wordIds(doc: Tokens): Int32Array {
  if (doc.wordIdsVocabularySize !== stems.length) {
    const { lower, tokenStarts, tokenEnds, wordIds: ids } = doc;
    for (let t = 0; t < doc.tokenCount; t++) ids[t] = wordIdAt(lower, tokenStarts[t]!, tokenEnds[t]!);
    doc.wordIdsVocabularySize = stems.length;
  }
  return doc.wordIds;
}

/** A trie node: phrases that end here, and the words that continue a longer phrase. */
interface TrieNode<T> {
  tags: T[];
  next: Map<number, TrieNode<T>> | undefined;
}

/** Characters that only separate words in a phrase; anything else (+ # % $ @ …) is significant. */
const SEPARATORS = /[\s\-‐‑–—/.,:;_'’"()]+/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

export class PhraseMatcher<T> {
  /** The trie's first level, indexed by word id (a dense array: the hot lookup). */
  private readonly roots: (TrieNode<T> | undefined)[] = [];
  private readonly regexPhrases: { regex: RegExp; tag: T }[] = [];

  constructor(entries: Iterable<readonly [phrase: string, tag: T]>) {
    for (const [phrase, tag] of entries) this.add(phrase, tag);
  }

  private add(phrase: string, tag: T): void {
    const lower = phrase.toLowerCase().trim();
    const significant = lower.replace(SEPARATORS, '').replace(/[\p{L}\p{M}\p{N}]+/gu, '');
    if (significant !== '') {
      this.regexPhrases.push({ regex: phraseRegex(lower), tag });
      return;
    }
    const tokens = tokenize(lower);
    if (tokens.length === 0) return; // only separators: nothing to look for
    const ids = tokens.map(wordId);
    const first = ids[0]!;
    // Grow by pushing, never by assigning past the end: a sparse array would fall back to slow dictionary lookups.
    while (this.roots.length <= first) this.roots.push(undefined);
    let node = (this.roots[first] ??= { tags: [], next: undefined });
    for (const id of ids.slice(1)) {
      node.next ??= new Map();
      let child = node.next.get(id);
      if (child === undefined) {
        child = { tags: [], next: undefined };
        node.next.set(id, child);
      }
      node = child;
    }
    node.tags.push(tag);
  }

  /** Calls `onMatch` for every occurrence of every phrase, with the offset where it starts. */
  scan(doc: Tokens, onMatch: (tag: T, offset: number) => void): void {
    const ids = wordIds(doc);
    const count = doc.tokenCount;
    const roots = this.roots;
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      let node = id < 0 ? undefined : roots[id];
      for (let j = i + 1; node !== undefined; j++) {
        for (const tag of node.tags) onMatch(tag, doc.tokenStarts[i]!);
        node = j < count ? node.next?.get(ids[j]!) : undefined;
      }
    }
    for (const { regex, tag } of this.regexPhrases) {
      regex.lastIndex = 0;
      for (let m = regex.exec(doc.lower); m !== null; m = regex.exec(doc.lower)) {
        onMatch(tag, m.index);
        if (m[0] === '') regex.lastIndex++;
      }
    }
  }
}

function phraseRegex(lowerPhrase: string): RegExp {
  // A space between two words is required; a space next to punctuation is optional, so the
  // synonym "rn = 1" also matches "rn=1" and "select *" matches "select*".
  const body = lowerPhrase
    .replace(REGEX_SPECIALS, '\\$&')
    .replace(/(?<=[\p{L}\p{M}\p{N}])\s+(?=[\p{L}\p{M}\p{N}])/gu, '\u0000')
    .replace(/\s+/g, '\\s*')
    .replace(/\u0000/g, '\\s+');
  const first = String.fromCodePoint(lowerPhrase.codePointAt(0)!);
  const lastChar = lowerPhrase[lowerPhrase.length - 1]!;
  const before = WORD_CHAR.test(first) ? '(?<![\\p{L}\\p{M}\\p{N}])' : '';
  const after = WORD_CHAR.test(lastChar) ? '(?:e?s)?(?![\\p{L}\\p{M}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'gu');
}
