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
import { tokenize } from './text.js';

/** Folds simple English plurals so both sides of a comparison agree: keys→key, queries→query, batches→batch. */
export function stem(word: string): string {
  const n = word.length;
  if (n < 4 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (n >= 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (n >= 5 && word.endsWith('es') && /(?:[xz]|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('ss') ? word : word.slice(0, -1);
}

const vocabulary = new Map<string, number>();

/** The id of a word's stem, registering it if needed. Only phrase words are registered, so this stays small. */
export function wordId(word: string): number {
  const key = stem(word);
  let id = vocabulary.get(key);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(key, id);
  }
  return id;
}

export interface PhraseDoc {
  lower: string;
  tokens: readonly string[];
  tokenStarts: readonly number[];
  /** Cache of the tokens' word ids (-1 for words no phrase uses), valid for one vocabulary size. */
  encoded?: { vocabularySize: number; ids: number[] };
}

/** The doc's tokens as word ids, computed once per doc (again only if a new phrase list added words since). */
export function wordIds(doc: PhraseDoc): number[] {
  if (doc.encoded?.vocabularySize === vocabulary.size) return doc.encoded.ids;
  // Plain arrays, not typed arrays: small typed arrays get off-heap backing stores that cost more than they save.
  const ids = new Array<number>(doc.tokens.length);
  for (let i = 0; i < ids.length; i++) ids[i] = vocabulary.get(stem(doc.tokens[i]!)) ?? -1;
  doc.encoded = { vocabularySize: vocabulary.size, ids };
  return ids;
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
    const { tokens } = tokenize(lower);
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
  scan(doc: PhraseDoc & { text: string }, onMatch: (tag: T, offset: number) => void): void {
    const ids = wordIds(doc);
    const roots = this.roots;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let node = id < 0 ? undefined : roots[id];
      for (let j = i + 1; node !== undefined; j++) {
        for (const tag of node.tags) onMatch(tag, doc.tokenStarts[i]!);
        node = j < ids.length ? node.next?.get(ids[j]!) : undefined;
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
