/** The four parts of a STAR story, in the order a story tells them. */
export type StarPart = 'situation' | 'task' | 'action' | 'result';
export const STAR_PARTS: readonly StarPart[] = ['situation', 'task', 'action', 'result'];

/** Where a part sits in the answer: offsets into the analysed text, and whether the author labelled it. */
export interface PartSpan {
  start: number;
  end: number;
  text: string;
  labelled: boolean;
}

export type StarParts = Record<StarPart, PartSpan | null>;

export function emptyParts(): StarParts {
  return { situation: null, task: null, action: null, result: null };
}
