/**
 * Evidence for unlabelled STAR parts: how strongly each unit (sentence or bullet) reads as
 * Situation, Task, Action or Result. Phrase cues ("last year", "I was asked to", "as a result") come
 * from one precompiled matcher; a few token rules catch open-ended patterns ("I <past-tense verb>",
 * a result verb next to a number, "in 2021"). Scores are only evidence: star-parts.ts decides.
 */
import { PhraseMatcher, wordId, wordIds } from './phrases.js';
import type { StarPart } from './types.js';
import type { Doc, Unit } from './text.js';

type Cue = readonly [part: StarPart, weight: number];

const STRONG = 2;
const WEAK = 1;
const HINT = 0.5;
/** Task and result phrases are unambiguous, so they outweigh the generic "I <verb>" action rule. */
const DECISIVE = STRONG * 1.5;

const CUE_PHRASES: Record<StarPart, Record<number, readonly string[]>> = {
  situation: {
    [STRONG]: [
      'last year', 'last quarter', 'last month', 'last summer', 'a year ago', 'years ago', 'months ago', 'a while ago',
      'at my previous company', 'at my previous job', 'at my last company', 'at my last job', 'at my current company',
      'at my current job', 'at my previous employer', 'in my previous role', 'in my last role', 'in my current role',
      'in my previous team', 'when i was working', 'when i worked', 'when i joined', 'i was working at', 'i was working as',
      'i worked at', 'i worked as', 'we had a problem', 'we had an issue', 'we had a situation', 'there was a problem',
      'there was an issue', 'the problem was', 'the issue was', 'the situation was', 'the context was', 'for context',
      'back in', 'at the time', 'at that time', 'we were using', 'we used to', 'our team was', 'my team was',
      'the team was', 'kept failing', 'was failing', 'were failing', 'were complaining', 'was complaining',
      'i was on the', 'i was part of', 'i was the only', 'i was a', 'we were a', 'was responsible for the', 'we were running',
      'were struggling', 'was struggling', 'was taking', 'were taking', 'was costing', 'were missing', 'was missing',
    ],
    [WEAK]: [
      'our team', 'my team', 'our pipeline', 'our system', 'our platform', 'our data', 'our customers',
      'our company', 'the company', 'we had', 'there was', 'there were', 'used to', 'legacy', 'outage', 'startup',
      'every night', 'every morning', 'manually',
    ],
    [HINT]: ['our', 'was', 'were'],
  },
  task: {
    [DECISIVE]: [
      'i was asked to', 'i was tasked with', 'i was tasked to', 'my task was', 'the task was', 'my goal was',
      'the goal was', 'our goal was', 'my job was', 'my role was', 'my responsibility was', 'i was responsible for',
      'i was assigned', 'asked me to', 'tasked me with', 'i needed to', 'i had to', 'we needed to', 'the objective was',
      'my objective was', 'the challenge was', 'i volunteered to', 'i took on', 'i took ownership', 'it was my job',
      'it was up to me', 'i wanted to', 'the ask was', 'i set out to', 'the requirement was', 'the deadline was',
      'my mandate', 'i owned the', 'i was expected to', 'needed someone to', 'we were asked to', 'we were tasked with',
      'our task was', 'the team was asked to', 'my manager asked me', 'i was given',
    ],
    [WEAK]: ['we had to', 'had to be', 'needed to be', 'goal', 'deadline', 'requirement', 'expected to', 'without breaking'],
  },
  action: {
    [STRONG]: [
      'first i', 'then i', 'next i', 'so i', 'after that i', 'i started by', 'i began by', 'my approach was',
      'my first step', 'the first thing i did', 'i reached out', 'i worked with', 'i partnered with', 'i dug into',
      'i sat down with', 'i spoke with', 'i talked to', 'i met with', 'i set up', 'i decided to',
    ],
    [WEAK]: ['step by step', 'we decided', 'we then', 'then we', 'so we', 'proof of concept'],
  },
  result: {
    [DECISIVE]: [
      'as a result', 'in the end', 'the result was', 'the outcome was', 'the impact was', 'resulted in', 'which meant',
      'this meant', 'this led to', 'that led to', 'which led to', 'ended up', 'we achieved', 'i achieved', 'went from',
      'dropped from', 'fell from', 'down from', 'up from', 'since then', 'to this day', 'is still used', 'was adopted',
      'looking back', 'in hindsight', 'i learned', 'we learned', 'the lesson', 'my manager praised', 'got promoted',
    ],
    [STRONG]: [
      'which cut', 'which reduced', 'which saved', 'which improved', 'overall', 'ultimately', 'no longer', 'never again',
      'on time', 'ahead of schedule', 'under budget', 'successfully', 'the feedback', 'recognized', 'recognised',
      'praised', 'next time', 'zero incidents', 'fewer incidents', 'we shipped', 'we delivered', 'we launched',
    ],
    [WEAK]: ['faster', 'cheaper', 'fewer', 'lower', 'higher', 'finally', 'eventually', 'now runs', 'now takes'],
  },
};

const CUES = new PhraseMatcher<Cue>(
  (Object.entries(CUE_PHRASES) as [StarPart, Record<number, readonly string[]>][]).flatMap(([part, byWeight]) =>
    Object.entries(byWeight).flatMap(([weight, phrases]) =>
      phrases.map((phrase) => [phrase, [part, Number(weight)] as Cue] as const),
    ),
  ),
);

const idsOf = (words: string) => new Set(words.split(/\s+/).filter(Boolean).map(wordId));

/** Past-tense verbs that, after "I", describe something the author did. */
const ACTION_VERBS = idsOf(
  'decided built wrote proposed designed led migrated implemented created set introduced analyzed analysed ' +
    'investigated profiled refactored rewrote automated added organized organised started met talked spoke scheduled ' +
    'reached partnered dug dove traced replaced moved split partitioned benchmarked prototyped convinced presented ' +
    'negotiated documented deployed configured tested reviewed coordinated escalated ran pushed drove fixed debugged ' +
    'identified found measured collected compared chose pitched rolled shipped launched onboarded mentored trained ' +
    'made took put gave sent asked gathered mapped modeled modelled defined drafted called explained pulled applied ' +
    'switched enabled wrapped brought held taught sought looked checked monitored rebuilt redesigned removed cleaned ' +
    'standardized standardised simplified optimized optimised tuned parallelized batched cached indexed validated ' +
    'owned volunteered suggested recommended argued challenged persuaded aligned consolidated interviewed walked',
);
/** "-ed" words after "I" that describe a state or a wish rather than an action. */
const NOT_ACTIONS = idsOf('needed wanted used hoped expected joined worked tasked assigned supposed felt seemed');
/** Words allowed between the pronoun and the verb: "I then rewrote", "I quickly built". */
const ADVERBS = idsOf('then also first personally immediately quickly eventually finally just actually');
/** Past-tense verbs that report an outcome. */
const RESULT_VERBS = idsOf(
  'reduced cut saved improved increased decreased dropped fell grew lowered shrank doubled tripled halved eliminated ' +
    'boosted accelerated prevented avoided raised sped lifted slashed trimmed',
);
const I = wordId('i');
const WE = wordId('we');
const YEAR_PREPOSITIONS = idsOf('in since');

/** `array[index] += amount`, spelled so noUncheckedIndexedAccess accepts it. */
function addTo(array: Float64Array, index: number, amount: number): void {
  array[index] = array[index]! + amount;
}

const PART_INDEX: Record<StarPart, number> = { situation: 0, task: 1, action: 2, result: 3 };
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Whether the token [start, end) of `lower` is a year from 1900 to 2099. */
function isYear(lower: string, start: number, end: number): boolean {
  if (end - start !== 4 || !(lower.startsWith('19', start) || lower.startsWith('20', start))) return false;
  return isDigit(lower.charCodeAt(start + 2)) && isDigit(lower.charCodeAt(start + 3));
}

/** Whether token t is longer than `minLength` and ends with `suffix`. */
function hasSuffix(doc: Doc, t: number, minLength: number, suffix: string): boolean {
  const end = doc.tokenEnds[t]!;
  return end - doc.tokenStarts[t]! > minLength && doc.lower.startsWith(suffix, end - suffix.length);
}

function actionWeightAfterPronoun(doc: Doc, ids: Int32Array, at: number, pronounWeight: number): number {
  let verb = at + 1;
  if (verb < doc.tokenCount && (ADVERBS.has(ids[verb]!) || hasSuffix(doc, verb, 4, 'ly'))) verb++;
  if (verb >= doc.tokenCount || NOT_ACTIONS.has(ids[verb]!)) return 0;
  if (ACTION_VERBS.has(ids[verb]!)) return STRONG * pronounWeight;
  return hasSuffix(doc, verb, 3, 'ed') ? WEAK * pronounWeight : 0;
}

/** The index of the unit containing `offset`, or -1 (binary search over sorted units). */
function unitAt(units: readonly Unit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const unit = units[mid]!;
    if (offset < unit.start) hi = mid - 1;
    else if (offset >= unit.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

// No named closures in the per-answer functions below: tsx compiles with keepNames, which wraps
// every named arrow in a defineProperty call each time it is created.

// Buffers reused across calls (the analyzer is synchronous), grown to the most units seen so far.
let scores = new Float64Array(256);
/** Per-unit facts of the token rules, as bits. */
let unitFacts = new Uint8Array(64);
const HAS_NUMBER = 1;
const HAS_RESULT_VERB = 2;

/**
 * Scores `units` (sorted, non-overlapping) as a flat array: score[4 * u + p] for unit u and part p in
 * S,T,A,R order, in a buffer the next call overwrites. One pass over the tokens plus one phrase scan.
 */
export function scoreUnits(doc: Doc, units: readonly Unit[]): Float64Array {
  if (scores.length < units.length * 4) scores = new Float64Array(units.length * 8);
  scores.fill(0, 0, units.length * 4);
  if (units.length === 0) return scores;
  const rangeStart = units[0]!.start;
  const rangeEnd = units[units.length - 1]!.end;

  CUES.scan(doc, (cue, offset) => {
    if (offset < rangeStart || offset >= rangeEnd) return;
    const u = unitAt(units, offset);
    if (u >= 0) addTo(scores, 4 * u + PART_INDEX[cue[0]], cue[1]);
  });

  // Token rules. A number next to a result verb is the strongest result signal there is.
  if (unitFacts.length < units.length) unitFacts = new Uint8Array(units.length * 2);
  unitFacts.fill(0, 0, units.length);
  const { lower, tokenStarts, tokenEnds } = doc;
  const ids = wordIds(doc);
  let u = 0;
  for (let i = 0; i < doc.tokenCount; i++) {
    const start = tokenStarts[i]!;
    if (start < rangeStart) continue;
    while (u < units.length && start >= units[u]!.end) u++;
    if (u >= units.length) break;
    if (start < units[u]!.start) continue;
    const id = ids[i]!;
    if (id === I) addTo(scores, 4 * u + 2, actionWeightAfterPronoun(doc, ids, i, 1));
    else if (id === WE) addTo(scores, 4 * u + 2, actionWeightAfterPronoun(doc, ids, i, 0.5));
    else if (id >= 0 && RESULT_VERBS.has(id)) unitFacts[u] = unitFacts[u]! | HAS_RESULT_VERB;
    else if (isDigit(lower.charCodeAt(start))) {
      if (isYear(lower, start, tokenEnds[i]!) && YEAR_PREPOSITIONS.has(i > 0 ? ids[i - 1]! : -1)) addTo(scores, 4 * u, WEAK);
      else unitFacts[u] = unitFacts[u]! | HAS_NUMBER;
    }
  }
  for (let k = 0; k < units.length; k++) {
    const facts = unitFacts[k]!;
    if (facts & HAS_RESULT_VERB) addTo(scores, 4 * k + 3, STRONG);
    if (facts & HAS_NUMBER) addTo(scores, 4 * k + 3, facts & HAS_RESULT_VERB ? STRONG : HINT);
  }
  return scores;
}
