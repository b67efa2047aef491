import type { Question } from '../../catalog/schema.js';
import type { Analysis } from '../answers/analyzer.js';

/** Words that say a follow-up digs into results and measurement. */
const RESULT_WORDS = ['measure', 'measured', 'result', 'impact', 'number', 'numbers', 'metric', 'metrics', 'quantify', 'outcome', 'how much', 'how many'];

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
}

/**
 * The one dive-deep follow-up the bot asks in a solo mock, chosen where the answer is thinnest
 * (deterministic, so a replayed session asks the same thing):
 * - each follow-up scores one point per word it shares with the key points the answer missed;
 * - when a behavioral answer has no Result or no number in it, follow-ups about results and
 *   measurement score three more (that is what a Bar Raiser digs into first);
 * - the highest score wins, the earlier follow-up on ties (the catalog lists the most important first).
 */
export function chooseFollowUp(question: Question, analysis: Analysis | null): string {
  const missed = analysis?.keyPoints?.missed ?? question.keyPoints.map((k) => ({ point: k.point, synonyms: k.synonyms }));
  const missedWords = new Set<string>();
  for (const m of missed) for (const w of words(`${m.point} ${m.synonyms.join(' ')}`)) if (w.length >= 4) missedWords.add(w);
  const resultWeak = question.kind === 'behavioral' && (!analysis || analysis.parts.result === null || !analysis.quantified);
  let best = question.followUps[0]!;
  let bestScore = -1;
  for (const followUp of question.followUps) {
    const lower = followUp.toLowerCase();
    let score = 0;
    for (const w of words(followUp)) if (missedWords.has(w)) score++;
    if (resultWeak && RESULT_WORDS.some((w) => lower.includes(w))) score += 3;
    if (score > bestScore) {
      best = followUp;
      bestScore = score;
    }
  }
  return best;
}
