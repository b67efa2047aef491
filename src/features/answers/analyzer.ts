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
import { countWords, firstTokenAtOrAfter, makeDoc, tokenIs, type Doc } from './analysis/text.js';
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

  // Per principle, how many distinct signals of it the answer shows.
  const signals = countPrincipleSignals(doc, principles);
  const ranked = byMostSignals(signals);
  // Signal phrases are broad ("learned", "cost"), so a good story brushes many principles. Report
  // the few it shows most: those with two or more signals (or one, when nothing shows more, or
  // when the question asks for it), at most MAX_PRINCIPLES_SHOWN.
  const strongest = ranked.length > 0 ? signals[ranked[0]!]! : 0;
  const shownIds: PrincipleId[] = [];
  for (let r = 0; r < ranked.length && shownIds.length < MAX_PRINCIPLES_SHOWN; r++) {
    const { id } = principles[ranked[r]!]!;
    const count = signals[ranked[r]!]!;
    if (count >= 2 || strongest < 2 || (question?.principles as readonly string[] | undefined)?.includes(id)) shownIds.push(id);
  }
  const keyPoints = question === undefined ? null : checkKeyPoints(doc, question);

  const unseenPrinciples = (question?.principles ?? []).flatMap((id) => principles.filter((p, i) => p.id === id && signals[i] === 0));
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
  for (let t = firstTokenAtOrAfter(doc, start); t < doc.tokenCount && doc.tokenStarts[t]! < end; t++) {
    if (tokenIs(doc, t, 'i')) iCount++;
    else if (tokenIs(doc, t, 'we')) weCount++;
  }
  return { iCount, weCount };
}

// Compiled phrase lists, cached by the identity of the objects they were built from.
const principleSignals = new WeakMap<readonly Principle[], CompiledPrinciples>();
const keyPointMatchers = new WeakMap<Question, PhraseMatcher<number>>();

/** A principle list's signals in one matcher, tagged with their index in `signalOwner`. */
interface CompiledPrinciples {
  matcher: PhraseMatcher<number>;
  /** Per signal, the principle it counts for: the first one with its id, so principles sharing an id share a count. */
  signalOwner: number[];
  /** Per principle, that first principle with its id. */
  countedAs: number[];
  /** Per signal, the call that last counted it: a signal counts once per answer, without a per-call Set. */
  lastCountedIn: Float64Array;
  calls: number;
}

function compilePrinciples(principles: readonly Principle[]): CompiledPrinciples {
  const countedAs = principles.map((p) => principles.findIndex((q) => q.id === p.id));
  const entries = principles.flatMap((p, i) => p.signals.map((signal) => [signal, countedAs[i]!] as const));
  return {
    matcher: new PhraseMatcher(entries.map(([signal], index) => [signal, index] as const)),
    signalOwner: entries.map(([, owner]) => owner),
    countedAs,
    lastCountedIn: new Float64Array(entries.length),
    calls: 0,
  };
}

/**
 * For each principle (by index), how many distinct signals of its id appear: saying "customer"
 * ten times is one signal.
 */
function countPrincipleSignals(doc: Doc, principles: readonly Principle[]): number[] {
  let compiled = principleSignals.get(principles);
  if (compiled === undefined) {
    compiled = compilePrinciples(principles);
    principleSignals.set(principles, compiled);
  }
  const { signalOwner, countedAs, lastCountedIn } = compiled;
  const call = ++compiled.calls;
  const counts = new Array<number>(principles.length).fill(0);
  compiled.matcher.scan(doc, (signal) => {
    if (lastCountedIn[signal] === call) return;
    lastCountedIn[signal] = call;
    const owner = signalOwner[signal]!;
    counts[owner] = counts[owner]! + 1;
  });
  for (let i = 0; i < counts.length; i++) counts[i] = counts[countedAs[i]!]!;
  return counts;
}

/** Indexes of the principles with signals, most first; ties keep catalog order (insertion sort: a handful of principles). */
function byMostSignals(signals: readonly number[]): number[] {
  const ranked: number[] = [];
  for (let i = 0; i < signals.length; i++) {
    if (signals[i] === 0) continue;
    let at = ranked.length;
    ranked.push(i);
    for (; at > 0 && signals[ranked[at - 1]!]! < signals[i]!; at--) ranked[at] = ranked[at - 1]!;
    ranked[at] = i;
  }
  return ranked;
}

function checkKeyPoints(doc: Doc, question: Question): NonNullable<Analysis['keyPoints']> | null {
  if (question.keyPoints.length === 0) return null;
  let matcher = keyPointMatchers.get(question);
  if (matcher === undefined) {
    matcher = new PhraseMatcher(question.keyPoints.flatMap((kp, index) => kp.synonyms.map((synonym) => [synonym, index] as const)));
    keyPointMatchers.set(question, matcher);
  }
  const isCovered = new Array<boolean>(question.keyPoints.length).fill(false);
  matcher.scan(doc, (index) => {
    isCovered[index] = true;
  });
  const result: NonNullable<Analysis['keyPoints']> = { covered: [], missed: [] };
  question.keyPoints.forEach((kp, i) => {
    if (isCovered[i]) result.covered.push(kp.point);
    else result.missed.push({ point: kp.point, synonyms: [...kp.synonyms] });
  });
  return result;
}
