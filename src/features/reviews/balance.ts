export interface AnswerToAssign {
  readonly id: number;
  readonly authorId: number;
}

/**
 * Who reviews which answer: never the author, and as even as the authorship allows, so nobody
 * gets a second answer while someone who could take one has none.
 *
 * This is an optimal semi-matching (Harvey, Ladner, Lovász, Tamir 2006): answers are added one
 * at a time, each going to the least loaded reviewer it can reach through an alternating path
 * (the new answer goes to reviewer c1, c1 hands one of its answers to c2, ... the last one takes
 * a load of +1). Adding along such least-load paths keeps the assignment optimal at every step:
 * it minimises the largest load and the sum of squared loads at once. Sizes are a few dozen
 * answers per question, so the breadth-first search per answer is nothing.
 *
 * `candidates` is in preference order (the caller puts reviewers with fewer past assignments
 * first): among equally loaded reachable reviewers the earliest wins, so ties are deterministic.
 * Answers nobody but their author could review stay unassigned.
 */
export function planAssignments(answers: readonly AnswerToAssign[], candidates: readonly number[]): Map<number, number> {
  const reviewers = [...new Set(candidates)];
  const author = new Map(answers.map((a) => [a.id, a.authorId]));
  const load = new Map(reviewers.map((c) => [c, 0]));
  const held = new Map<number, number[]>(reviewers.map((c) => [c, []]));
  const assignment = new Map<number, number>();

  for (const answer of answers) {
    // parent[c] = the answer that would move to c, and the reviewer it would come from (null: the new answer).
    const parent = new Map<number, { answerId: number; from: number | null }>();
    const queue: number[] = [];
    const reachFrom = (answerId: number, from: number | null) => {
      for (const c of reviewers) {
        if (c === author.get(answerId) || parent.has(c)) continue;
        parent.set(c, { answerId, from });
        queue.push(c);
      }
    };
    reachFrom(answer.id, null);
    let best: number | undefined;
    for (let i = 0; i < queue.length; i++) {
      const c = queue[i]!;
      if (best === undefined || load.get(c)! < load.get(best)!) best = c;
      for (const passed of held.get(c)!) reachFrom(passed, c);
    }
    if (best === undefined) continue;
    load.set(best, load.get(best)! + 1);
    // Walk back from the least loaded reviewer: each answer on the path moves one step along.
    for (let c: number | null = best; c !== null; ) {
      const { answerId, from }: { answerId: number; from: number | null } = parent.get(c)!;
      if (from !== null) held.set(from, held.get(from)!.filter((id) => id !== answerId));
      held.get(c)!.push(answerId);
      assignment.set(answerId, c);
      c = from;
    }
  }
  return assignment;
}
