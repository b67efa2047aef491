/**
 * Explicit STAR labels: "Situation:", "S:", "S -", "**Task**", "1) Situation -", "## Action",
 * "🎯 Result:", "- Outcome:", "Situation/Task:", in any case. A label opens a unit (a line or a
 * sentence). A bare word needs a separator, emphasis, a "#" or a line of its own, and a single
 * letter needs a separator, so prose like "A/B testing", "T-shirt sizing" or "Background tasks
 * failed" is not mistaken for one. Mid-line (after a sentence end) only "Task:" or "**Task**" count.
 */
import type { StarPart } from './types.js';
import type { Unit } from './text.js';

const NAMES: Record<StarPart, readonly string[]> = {
  situation: ['situation', 'context', 'background', 'challenge', 'problem', 's'],
  task: ['task', 'tasks', 'goal', 'goals', 'objective', 'objectives', 't'],
  action: ['actions', 'action', 'approach', 'what i did', 'a'],
  result: ['results', 'result', 'outcomes', 'outcome', 'impact', 'learnings', 'lessons learned', 'r'],
};

const PART_BY_NAME = new Map<string, StarPart>();
for (const [part, names] of Object.entries(NAMES) as [StarPart, readonly string[]][]) {
  for (const name of names) PART_BY_NAME.set(name, part);
}
const NAME_ALTERNATION = [...PART_BY_NAME.keys()]
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/ /g, '[ \\t]+'))
  .join('|');

// A bullet is always followed by a space, which keeps "**Task**" an emphasis rather than a bullet.
const BULLETS = String.raw`(?:[-*+•·‣◦>–—]+[ \t]+)*`;
const NUMBERING = String.raw`(?:\(?\d{1,2}[.)][ \t]*)?`;
const HEADER = String.raw`(?<header>#{1,6}[ \t]*)?`;
const EMOJI = String.raw`(?:[\p{Extended_Pictographic}\p{So}][\uFE0F\u200D\p{Emoji_Modifier}]*[ \t]*)*`;
const EMPHASIS = String.raw`[*_]{1,3}`;

/** Applied (sticky) at the start of a unit; the code below decides whether the match really is a label. */
const LABEL = new RegExp(
  `${BULLETS}${NUMBERING}${HEADER}${EMOJI}(?:${EMPHASIS})?[ \\t]*` +
    `(?<first>${NAME_ALTERNATION})(?:[ \\t]*(?:/|&|\\+|and)[ \\t]*(?<second>${NAME_ALTERNATION}))?` +
    `(?![\\p{L}\\p{N}])[ \\t]*(?<close>${EMPHASIS})?[ \\t]*` +
    `(?<sep>[:：]|->|=>|[-–—)|])?[ \\t]*(?:${EMPHASIS})?[ \\t]*`,
  'iuy',
);

const SPACES = /\s+/g;

export interface LabelHit {
  parts: StarPart[]; // one, or two for "Situation/Task:"
  labelStart: number;
  contentStart: number;
}

/** The label opening `unit`, if any, and where the labelled content starts. */
export function findLabel(text: string, unit: Unit): LabelHit | null {
  LABEL.lastIndex = unit.start;
  const m = LABEL.exec(text);
  if (m === null || m.groups === undefined) return null;
  const { header, first, second, close, sep } = m.groups;
  const names = [first!, ...(second === undefined ? [] : [second])].map((n) => n.toLowerCase().replace(SPACES, ' '));
  const end = m.index + m[0].length;
  const atLineStart = unit.breakBefore !== 'none';
  const restOfLineEmpty = end >= text.length || text[end] === '\n' || text[end] === '\r';
  const colon = sep === ':' || sep === '：';
  // Dashes and brackets only separate when followed by a space: "T-shirt" and "S-curve" are words.
  const separated = sep !== undefined && (colon || end > m.index + m[0].trimEnd().length || restOfLineEmpty);
  const singleLetter = names.some((n) => n.length === 1);
  const emphasised = close !== undefined;

  const isLabel = atLineStart
    ? singleLetter
      ? separated
      : separated || emphasised || header !== undefined || restOfLineEmpty
    : colon || (emphasised && !singleLetter);
  if (!isLabel) return null;

  const parts = [...new Set(names.map((n) => PART_BY_NAME.get(n)!))];
  return { parts, labelStart: unit.start, contentStart: end };
}
