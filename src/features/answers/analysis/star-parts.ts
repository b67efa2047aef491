/**
 * Finds the STAR parts of an answer. Labels win: once an author labels parts, the labels are trusted
 * and a part without a label is missing (the feedback "add a Result" is then exactly right). Text
 * before the first label, and answers without labels, are read by evidence: every unit (sentence
 * or bullet) is scored per part (cues.ts), and a small dynamic programme picks the best split of the
 * units into S, T, A, R blocks in story order. Position only breaks ties; a part needs real cue
 * evidence to count as present. Everything is linear in the number of units.
 */
import { scoreUnits } from './cues.js';
import { findLabel, type LabelHit } from './labels.js';
import { STAR_PARTS, emptyParts, type PartSpan, type StarPart, type StarParts } from './types.js';
import { firstTokenAtOrAfter, type Doc, type Unit } from './text.js';

/** Where each part tends to sit in a story, as a fraction of the way through it. */
const TYPICAL_POSITION = [0.1, 0.3, 0.55, 0.9];
/** The largest bonus position can give; far below one cue, so it only ever breaks ties. */
const POSITION_WEIGHT = 0.3;
/** Starting a new part mid-sentence-run costs a little: stories change part at paragraph breaks. */
const SWITCH_COST: Record<Unit['breakBefore'], number> = { none: 0.6, line: 0.3, paragraph: 0 };
/** Cue evidence a part needs before we call it present. */
const MIN_EVIDENCE = 1;
// Module constants rather than literals in the loops: each evaluation of a regex literal allocates a new RegExp.
const SPACE = /\s/;
const BULLET = /[-*+•·‣◦>–—]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function findStarParts(doc: Doc): StarParts {
  const hits: LabelHit[] = [];
  for (const unit of doc.units) {
    const hit = findLabel(doc.text, unit);
    if (hit !== null) hits.push(hit);
  }
  if (hits.length === 0) return inferParts(doc, doc.units, STAR_PARTS.length);

  const parts = labelledParts(doc, hits);
  // Text before the first label can only hold parts that come before it in the story.
  const firstLabelled = Math.min(...hits[0]!.parts.map((p) => STAR_PARTS.indexOf(p)));
  const preamble = doc.units.filter((u) => u.end <= hits[0]!.labelStart);
  const inferred = inferParts(doc, preamble, firstLabelled);
  for (const part of STAR_PARTS) parts[part] ??= inferred[part];
  return parts;
}

/** Each label owns the text up to the next label. A repeated label directly after its own part extends it. */
function labelledParts(doc: Doc, hits: readonly LabelHit[]): StarParts {
  const parts = emptyParts();
  let previous: readonly StarPart[] = [];
  for (let k = 0; k < hits.length; k++) {
    const hit = hits[k]!;
    const contentStart = skipLeading(doc.text, hit.contentStart);
    const regionEnd = trimEnd(doc.text, contentStart, k + 1 < hits.length ? hits[k + 1]!.labelStart : doc.text.length);
    const hasContent = LETTER_OR_DIGIT.test(doc.text.slice(contentStart, regionEnd));
    for (const part of hit.parts) {
      const existing = parts[part];
      if (existing === null) {
        if (hasContent) parts[part] = span(doc.text, contentStart, regionEnd, true);
      } else if (previous.includes(part) && hasContent) {
        parts[part] = span(doc.text, existing.start, regionEnd, true);
      }
    }
    previous = hit.parts;
  }
  return parts;
}

/**
 * Splits `units` into story-ordered blocks of the first `partCount` parts (all four, or those before
 * the first label), keeping only blocks with evidence. Parts are handled by index: 0-3 in S,T,A,R order.
 */
function inferParts(doc: Doc, allUnits: readonly Unit[], partCount: number): StarParts {
  const parts = emptyParts();
  const units = unitsWithWords(doc, allUnits);
  if (units.length === 0 || partCount === 0) return parts;

  const cueScores = scoreUnits(doc, units);
  const labels = bestStoryOrder(units, cueScores, partCount);

  // Sum the evidence of each block; blocks without enough evidence fold into a neighbouring block.
  const evidence = [0, 0, 0, 0];
  for (let u = 0; u < units.length; u++) {
    const part = labels[u]!;
    evidence[part] = evidence[part]! + cueScores[4 * u + part]!;
  }
  const present: number[] = [];
  for (let p = 0; p < partCount; p++) if (evidence[p]! >= MIN_EVIDENCE) present.push(p);
  if (present.length === 0) return parts;

  // Blocks are contiguous, so each part runs from its first unit's start to its last unit's end.
  const starts = [-1, -1, -1, -1];
  const ends = [-1, -1, -1, -1];
  for (let u = 0; u < units.length; u++) {
    const part = owningPart(present, labels[u]!);
    if (starts[part] === -1) starts[part] = units[u]!.start;
    ends[part] = units[u]!.end;
  }
  for (const p of present) parts[STAR_PARTS[p]!] = span(doc.text, skipLeading(doc.text, starts[p]!), ends[p]!, false);
  return parts;
}

/**
 * Units without words ("---", "🎯") carry no evidence and should not start or end a part. Most
 * answers have none, and then the units are returned as they are, without a copy.
 */
function unitsWithWords(doc: Doc, units: readonly Unit[]): readonly Unit[] {
  let kept: Unit[] | null = null;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const t = firstTokenAtOrAfter(doc, unit.start);
    const hasWords = t < doc.tokenCount && doc.tokenStarts[t]! < unit.end;
    if (hasWords) kept?.push(unit);
    else kept ??= units.slice(0, u);
  }
  return kept ?? units;
}

/** The present part that takes a unit labelled `label`: the nearest present part before it, else the first. */
function owningPart(present: readonly number[], label: number): number {
  let owner = present[0]!;
  for (const p of present) if (p <= label) owner = p;
  return owner;
}

// The Viterbi tables, reused across calls (the analyzer is synchronous): they grow to the most
// units an answer has had, which the analyzer's length cap bounds.
let best = new Float64Array(256);
let from = new Uint8Array(256);
let labels = new Uint8Array(64);

/**
 * Viterbi over units with states = the first `k` parts, transitions only forward in story order.
 * Returns the chosen part index (0-3) for every unit, in a buffer the next call overwrites. Ties
 * keep the current part.
 */
function bestStoryOrder(units: readonly Unit[], cueScores: Float64Array, k: number): Uint8Array {
  const n = units.length;
  if (best.length < n * k) best = new Float64Array(n * k * 2);
  if (from.length < n * k) from = new Uint8Array(n * k * 2);
  if (labels.length < n) labels = new Uint8Array(n * 2);
  for (let u = 0; u < n; u++) {
    const position = (u + 0.5) / n;
    const cost = u === 0 ? 0 : SWITCH_COST[units[u]!.breakBefore];
    for (let s = 0; s < k; s++) {
      const local = cueScores[4 * u + s]! + POSITION_WEIGHT * (1 - Math.abs(position - TYPICAL_POSITION[s]!));
      if (u === 0) {
        best[s] = local;
        from[s] = s;
        continue;
      }
      let bestPrev = best[(u - 1) * k + s]!;
      let bestFrom = s;
      for (let q = 0; q < s; q++) {
        const candidate = best[(u - 1) * k + q]! - cost;
        if (candidate > bestPrev) {
          bestPrev = candidate;
          bestFrom = q;
        }
      }
      best[u * k + s] = bestPrev + local;
      from[u * k + s] = bestFrom;
    }
  }
  let state = 0;
  for (let s = 1; s < k; s++) if (best[(n - 1) * k + s]! > best[(n - 1) * k + state]!) state = s;
  for (let u = n - 1; u >= 0; u--) {
    labels[u] = state;
    state = from[u * k + state]!;
  }
  return labels;
}

/** Skips spaces, line breaks and bullet markers ("- ", "• "), so a span starts at its first word; "-40%" stays whole. */
function skipLeading(text: string, start: number): number {
  let s = start;
  for (;;) {
    while (s < text.length && SPACE.test(text[s]!)) s++;
    let marker = s;
    while (marker < text.length && BULLET.test(text[marker]!)) marker++;
    if (marker === s || marker >= text.length || !SPACE.test(text[marker]!)) return s;
    s = marker;
  }
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && SPACE.test(text[e - 1]!)) e--;
  return e;
}

function span(text: string, start: number, end: number, labelled: boolean): PartSpan {
  return { start, end, text: text.slice(start, end), labelled };
}
