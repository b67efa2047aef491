/**
 * The STAR answer analyzer: pure, offline and deterministic. Given an answer (free text, labelled
 * or not) it finds the STAR parts, checks the result for numbers, counts "I" against "we", times
 * the answer at speaking pace, spots Leadership Principle signals and question key points, and
 * writes the few suggestions that would improve the answer most.
 *
 * Speed matters (the bot analyses every answer in every thread): the text is lowercased and
 * tokenized once, phrase lists are compiled once per principle set / question (cached by object
 * identity), and every step is linear. Very long inputs are analysed on their first 20,000
 * characters; words are still counted over the whole text.
 */
import type { Principle, PrincipleId, Question } from '../../catalog/schema.js';
import { PhraseMatcher } from './analysis/phrases.js';
import { findQuantities } from './analysis/quantities.js';
import { findStarParts } from './analysis/star-parts.js';
import { suggest } from './analysis/suggestions.js';
import { countWords, firstTokenAtOrAfter, makeDoc, type Doc } from './analysis/text.js';
import { STAR_PARTS, type PartSpan, type StarPart } from './analysis/types.js';

export { STAR_PARTS, type PartSpan, type StarPart } from './analysis/types.js';

export interface Analysis {
  parts: Record<StarPart, PartSpan | null>;
  /** In S, T, A, R order. */
  present: StarPart[];
  missing: StarPart[];
  /** The result (or, without a result part, the whole answer) contains a quantity. */
  quantified: boolean;
  /** The quantities found there, as written: "40%", "$2M", "3 hours". */
  quantities: string[];
  /** "I" / ("I" + "we") in the action (the whole answer if there is no action); null when neither appears. */
  iShare: number | null;
  words: number;
  /** At 140 words per minute. */
  speakingSeconds: number;
  /** Target: 1.5 to 3 minutes spoken. */
  length: 'too-short' | 'good' | 'too-long';
  /** Principles whose signal phrases appear, most distinct signals first. */
  principles: PrincipleId[];
  /** Null when there is no question or it has no key points. */
  keyPoints: { covered: string[]; missed: { point: string; synonyms: string[] }[] } | null;
  /** 1-4 suggestions, most important first. */
  suggestions: string[];
}

export interface AnalyzeOptions {
  question?: Question;
  /**
   * Pass the catalog's own array every time: its signals are compiled once and cached by the
   * array's identity (likewise each question's key points), so a fresh copy per call recompiles.
   */
  principles: readonly Principle[];
}

const WORDS_PER_MINUTE = 140;
const MAX_PRINCIPLES_SHOWN = 3;
const SHORTEST_GOOD_SECONDS = 90;
const LONGEST_GOOD_SECONDS = 180;
/** Beyond this many characters, parts, signals and quantities are read from the beginning only. */
const MAX_ANALYSED_CHARS = 20_000;

export function analyzeAnswer(text: string, options: AnalyzeOptions): Analysis {
  const input = typeof text === 'string' ? text : '';
  const question = options?.question;
  const principles = options?.principles ?? [];
  const doc = makeDoc(capForAnalysis(input));

  const parts = findStarParts(doc);
  const present = STAR_PARTS.filter((p) => parts[p] !== null);
  const missing = STAR_PARTS.filter((p) => parts[p] === null);

  const resultRange = parts.result ?? { start: 0, end: doc.text.length };
  const quantities = findQuantities(doc, resultRange.start, resultRange.end);
  const actionRange = parts.action ?? { start: 0, end: doc.text.length };
  const { iCount, weCount } = countPronouns(doc, actionRange.start, actionRange.end);
  const iShare = iCount + weCount === 0 ? null : Math.round((iCount / (iCount + weCount)) * 100) / 100;

  // The doc counted its words while tokenizing; only a capped input needs a second count.
  const words = doc.text.length === input.length ? doc.words : countWords(input);
  const speakingSeconds = Math.round((words / WORDS_PER_MINUTE) * 60);
  const length = speakingSeconds < SHORTEST_GOOD_SECONDS ? 'too-short' : speakingSeconds > LONGEST_GOOD_SECONDS ? 'too-long' : 'good';

  const signalCounts = countPrincipleSignals(doc, principles);
  const found = principles.filter((p) => (signalCounts.get(p.id) ?? 0) > 0);
  const ranked = found
    .map((p, order) => ({ id: p.id, count: signalCounts.get(p.id)!, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order);
  const foundIds = ranked.map((p) => p.id);
  // Signal phrases are broad ("learned", "cost"), so a good story brushes many principles. Report
  // the few it shows most: those with two or more signals (or one, when nothing shows more, or
  // when the question asks for it), at most MAX_PRINCIPLES_SHOWN.
  const strongest = ranked[0]?.count ?? 0;
  const shownIds = ranked
    .filter((p) => p.count >= 2 || strongest < 2 || (question?.principles as readonly string[] | undefined)?.includes(p.id))
    .slice(0, MAX_PRINCIPLES_SHOWN)
    .map((p) => p.id);
  const keyPoints = question === undefined ? null : checkKeyPoints(doc, question);

  const unseenPrinciples = (question?.principles ?? [])
    .filter((id) => !foundIds.includes(id))
    .flatMap((id) => principles.filter((p) => p.id === id));
  const suggestions = suggest({
    technical: question?.kind === 'technical',
    words,
    speakingSeconds,
    length,
    present,
    quantified: quantities.length > 0,
    anyQuantity: quantities.length > 0 || (parts.result !== null && findQuantities(doc, 0, doc.text.length).length > 0),
    iCount,
    weCount,
    situationWords: parts.situation === null ? 0 : countWords(parts.situation.text),
    missedKeyPoints: keyPoints?.missed ?? [],
    unseenPrinciples,
    followUp: question?.followUps[0],
  });

  return {
    parts,
    present,
    missing,
    quantified: quantities.length > 0,
    quantities,
    iShare,
    words,
    speakingSeconds,
    length,
    principles: shownIds,
    keyPoints,
    suggestions,
  };
}

/** The first ~20,000 characters, cut at a space and never inside a surrogate pair. */
function capForAnalysis(text: string): string {
  if (text.length <= MAX_ANALYSED_CHARS) return text;
  let cut = MAX_ANALYSED_CHARS;
  const space = text.lastIndexOf(' ', cut);
  if (space > cut - 200) cut = space;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return text.slice(0, cut);
}

/** Subject pronouns only: "I" (also "I'm", "I've") against "we" (also "we're", "we've"). */
function countPronouns(doc: Doc, start: number, end: number): { iCount: number; weCount: number } {
  let iCount = 0;
  let weCount = 0;
  for (let t = firstTokenAtOrAfter(doc.tokenStarts, start); t < doc.tokens.length && doc.tokenStarts[t]! < end; t++) {
    const token = doc.tokens[t];
    if (token === 'i') iCount++;
    else if (token === 'we') weCount++;
  }
  return { iCount, weCount };
}

// Compiled phrase lists, cached by the identity of the objects they were built from.
type SignalTag = readonly [principle: PrincipleId, signal: string];
const principleMatchers = new WeakMap<readonly Principle[], PhraseMatcher<SignalTag>>();
const keyPointMatchers = new WeakMap<Question, PhraseMatcher<number>>();

/** For each principle, how many distinct signals of it appear (saying "customer" ten times is one signal). */
function countPrincipleSignals(doc: Doc, principles: readonly Principle[]): Map<PrincipleId, number> {
  let matcher = principleMatchers.get(principles);
  if (matcher === undefined) {
    matcher = new PhraseMatcher(principles.flatMap((p) => p.signals.map((signal) => [signal, [p.id, signal] as SignalTag] as const)));
    principleMatchers.set(principles, matcher);
  }
  const seen = new Set<SignalTag>();
  matcher.scan(doc, (tag) => seen.add(tag));
  const counts = new Map<PrincipleId, number>();
  for (const [id] of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function checkKeyPoints(doc: Doc, question: Question): NonNullable<Analysis['keyPoints']> | null {
  if (question.keyPoints.length === 0) return null;
  let matcher = keyPointMatchers.get(question);
  if (matcher === undefined) {
    matcher = new PhraseMatcher(question.keyPoints.flatMap((kp, index) => kp.synonyms.map((synonym) => [synonym, index] as const)));
    keyPointMatchers.set(question, matcher);
  }
  const covered = new Set<number>();
  matcher.scan(doc, (index) => covered.add(index));
  return {
    covered: question.keyPoints.filter((_, i) => covered.has(i)).map((kp) => kp.point),
    missed: question.keyPoints.filter((_, i) => !covered.has(i)).map((kp) => ({ point: kp.point, synonyms: [...kp.synonyms] })),
  };
}
