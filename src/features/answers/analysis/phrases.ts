/**
 * Phrase matching over tokens. A phrase list (principle signals, key-point synonyms, STAR cues) is
 * compiled once into a map from first token to candidate phrases, so matching an answer is one pass
 * over its tokens with a map lookup each — no regex per phrase, no work proportional to
 * phrases × text. Matching is case-insensitive and whole-word; separators inside a phrase are
 * interchangeable ("dead-letter queue" matches "dead letter queue"), and the last word tolerates a
 * simple plural either way ("dedup key" matches "dedup keys", "glue jobs" matches "glue job").
 *
 * Phrases whose punctuation carries meaning ("C++", "99.9%", "$") cannot be matched as tokens; each
 * of those gets its own regex, word-bounded only where the phrase starts or ends with a word char.
 */
import { tokenize } from './text.js';

interface TokenPhrase<T> {
  rest: string[]; // tokens after the first
  lastVariants: readonly string[]; // accepted forms of the final token (plural / singular)
  tag: T;
}

/** Characters that only separate words in a phrase; anything else (+ # % $ @ …) is significant. */
const SEPARATORS = /[\s\-‐‑–—/.,:;_'’"()]+/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

function pluralVariants(word: string): string[] {
  const variants = [word, `${word}s`, `${word}es`];
  if (word.length >= 4 && word.endsWith('s') && !word.endsWith('ss')) variants.push(word.slice(0, -1));
  return variants;
}

export interface PhraseDoc {
  text: string;
  lower: string;
  tokens: readonly string[];
  tokenStarts: readonly number[];
}

export class PhraseMatcher<T> {
  private readonly byFirstToken = new Map<string, TokenPhrase<T>[]>();
  private readonly regexPhrases: { regex: RegExp; tag: T }[] = [];

  constructor(entries: Iterable<readonly [phrase: string, tag: T]>) {
    for (const [phrase, tag] of entries) this.add(phrase, tag);
  }

  private add(phrase: string, tag: T): void {
    const lower = phrase.toLowerCase().trim();
    const { tokens } = tokenize(lower);
    if (tokens.length === 0) return;
    const significant = lower.replace(SEPARATORS, '').replace(/[\p{L}\p{M}\p{N}]+/gu, '');
    if (significant !== '') {
      this.regexPhrases.push({ regex: phraseRegex(lower), tag });
      return;
    }
    const last = tokens[tokens.length - 1]!;
    const lastVariants = pluralVariants(last);
    const rest = tokens.slice(1);
    // A one-word phrase is looked up by every accepted form; longer phrases by their exact first word.
    const keys = tokens.length === 1 ? lastVariants : [tokens[0]!];
    for (const key of keys) {
      const list = this.byFirstToken.get(key) ?? [];
      list.push({ rest, lastVariants, tag });
      this.byFirstToken.set(key, list);
    }
  }

  /** Calls `onMatch` for every occurrence of every phrase, with the offset where it starts. */
  scan(doc: PhraseDoc, onMatch: (tag: T, offset: number) => void): void {
    const { tokens, tokenStarts } = doc;
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.byFirstToken.get(tokens[i]!);
      if (candidates === undefined) continue;
      for (const phrase of candidates) {
        if (matchesRest(tokens, i, phrase)) onMatch(phrase.tag, tokenStarts[i]!);
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

function matchesRest<T>(tokens: readonly string[], at: number, phrase: TokenPhrase<T>): boolean {
  const { rest, lastVariants } = phrase;
  if (at + rest.length >= tokens.length) return false;
  for (let k = 0; k < rest.length - 1; k++) {
    if (tokens[at + 1 + k] !== rest[k]) return false;
  }
  return rest.length === 0 || lastVariants.includes(tokens[at + rest.length]!);
}

function phraseRegex(lowerPhrase: string): RegExp {
  const body = lowerPhrase.replace(REGEX_SPECIALS, '\\$&').replace(/\s+/g, '\\s+');
  const first = String.fromCodePoint(lowerPhrase.codePointAt(0)!);
  const lastChar = lowerPhrase[lowerPhrase.length - 1]!;
  const before = WORD_CHAR.test(first) ? '(?<![\\p{L}\\p{M}\\p{N}])' : '';
  const after = WORD_CHAR.test(lastChar) ? '(?:e?s)?(?![\\p{L}\\p{M}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'gu');
}
