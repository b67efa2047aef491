import { ROUNDS, type Round } from '../../catalog/schema.js';

/**
 * The one rule for "weakest round", whoever asks (a channel's weekend post, a member's `/mock`
 * default, `/prep stats`): the lowest average answer score, where a round never answered counts as
 * the weakest of all (it needs practice most); ties go to the lower round.
 */
export function weakestOf(averageByRound: ReadonlyMap<number, number | null>): Round {
  let weakest: Round = 1;
  let lowest = Number.POSITIVE_INFINITY;
  for (const round of ROUNDS) {
    const average = averageByRound.get(round) ?? -1; // never answered: weaker than any score
    if (average < lowest) {
      lowest = average;
      weakest = round;
    }
  }
  return weakest;
}
