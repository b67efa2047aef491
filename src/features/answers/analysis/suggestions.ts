/**
 * Turns the findings into 1-4 concrete suggestions, most important first. Every candidate carries a
 * priority; the top four win. Behavioral stories are judged on STAR shape first; technical answers
 * on key points first, and never nagged about a missing Situation or Task (a design answer has none).
 */
import type { StarPart } from './types.js';

export interface SuggestionFacts {
  technical: boolean;
  words: number;
  speakingSeconds: number;
  length: 'too-short' | 'good' | 'too-long';
  present: readonly StarPart[];
  quantified: boolean;
  /** Whole-answer quantities (technical answers are asked to size their design). */
  anyQuantity: boolean;
  iCount: number;
  weCount: number;
  situationWords: number;
  missedKeyPoints: readonly { point: string; synonyms: readonly string[] }[];
  /** Principles the question targets that the answer shows no signal of. */
  unseenPrinciples: readonly { name: string; signals: readonly string[] }[];
  followUp: string | undefined;
}

interface Candidate {
  priority: number;
  text: string;
}

const MAX_SUGGESTIONS = 4;

export function suggest(f: SuggestionFacts): string[] {
  if (f.words === 0) {
    return ['Write your answer as a short story: Situation, Task, Action, Result, about 1.5-3 minutes spoken.'];
  }
  const candidates = f.technical ? technicalCandidates(f) : behavioralCandidates(f);
  candidates.push(...lengthCandidates(f));
  // Array.prototype.sort is stable: equal priorities keep the order they were added in.
  const chosen = candidates
    .sort((a, b) => b.priority - a.priority)
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.text);
  return chosen.length > 0 ? chosen : [nextLevel(f)];
}

function behavioralCandidates(f: SuggestionFacts): Candidate[] {
  const out: Candidate[] = [];
  if (f.present.length === 0) {
    out.push({
      priority: 100,
      text:
        'I could not find a STAR story: say where you were (Situation), what you had to do (Task), what you did (Action) ' +
        'and what changed (Result). Labels like "Situation:" help.',
    });
  } else {
    if (!f.present.includes('action')) {
      out.push({ priority: 90, text: 'No Action: walk through what *you* did, step by step: the decisions, the tools, the trade-offs.' });
    }
    if (!f.present.includes('result')) {
      out.push({ priority: 85, text: 'No Result: close with what changed, with a number (how much faster, cheaper, fewer incidents).' });
    }
    if (!f.present.includes('task')) out.push({ priority: 60, text: 'No Task: say in one sentence what you were asked to do or which goal you owned.' });
    if (!f.present.includes('situation')) {
      out.push({ priority: 55, text: 'No Situation: open with one or two sentences of context (team, system, scale).' });
    }
  }
  if (f.present.includes('result') && !f.quantified) {
    out.push({ priority: 80, text: 'Your result has no number: how much faster, cheaper, fewer incidents?' });
  }
  if (f.weCount >= 3 && f.iCount < f.weCount) {
    out.push({
      priority: 75,
      text: `Your ${f.present.includes('action') ? 'action' : 'answer'} says 'we' ${times(f.weCount)} and 'I' ${times(f.iCount)}: interviewers want what *you* did.`,
    });
  }
  const [firstMissed, secondMissed] = f.missedKeyPoints;
  if (firstMissed !== undefined) {
    const also = secondMissed === undefined ? '' : ` Also show ${asPhrase(secondMissed.point)}.`;
    out.push({ priority: 45, text: `${withExamples(`Your story does not show ${asPhrase(firstMissed.point)}`, firstMissed.synonyms, 'a strong one does')}${also}` });
  }
  const situationShare = f.words > 0 ? f.situationWords / f.words : 0;
  if (f.words >= 120 && situationShare > 0.35) {
    out.push({
      priority: 40,
      text: `Your Situation is ${Math.round(situationShare * 100)}% of the answer: keep context to a few sentences and spend the time on what you did.`,
    });
  }
  const [principle] = f.unseenPrinciples;
  if (principle !== undefined && f.present.length > 0) {
    const words = principle.signals.slice(0, 2).map((s) => `"${s}"`).join(' or ');
    out.push({ priority: 35, text: `Make ${principle.name} visible: this question looks for it (words like ${words}).` });
  }
  return out;
}

function technicalCandidates(f: SuggestionFacts): Candidate[] {
  const out: Candidate[] = [];
  const missed = f.missedKeyPoints;
  // Three suggestions at most for key points, so one slot stays free for something else.
  const individually = missed.length <= 3 ? missed : missed.slice(0, 2);
  individually.forEach((kp, i) => {
    out.push({ priority: 95 - i, text: withExamples(`You did not mention ${asPhrase(kp.point)}`, kp.synonyms, 'a strong answer covers it') });
  });
  if (missed.length > 3) {
    const [next, ...others] = missed.slice(2);
    const text = `You also did not cover ${asPhrase(next!.point)}, nor ${others.length} more key point${others.length === 1 ? '' : 's'}.`;
    out.push({ priority: 93, text });
  }
  if (!f.anyQuantity) {
    out.push({ priority: 45, text: 'Put numbers on your design: data volume, latency, cost or SLA.' });
  }
  return out;
}

function lengthCandidates(f: SuggestionFacts): Candidate[] {
  const spoken = `About ${duration(f.speakingSeconds)} spoken`;
  if (f.length === 'too-short' && f.speakingSeconds < 30) {
    return [{ priority: 70, text: `Only ${f.words} ${f.words === 1 ? 'word' : 'words'}: aim for 1.5-3 minutes spoken (about 210-420 words).` }];
  }
  if (f.length === 'too-short') {
    return [{ priority: f.speakingSeconds < 45 ? 70 : 50, text: `${spoken}: aim for 1.5-3 minutes.` }];
  }
  if (f.length === 'too-long') {
    return [{ priority: 50, text: `${spoken}: aim for 1.5-3 minutes; shorten the context and keep the action.` }];
  }
  return [];
}

function nextLevel(f: SuggestionFacts): string {
  if (f.followUp !== undefined) return `Strong answer. Next level: rehearse the follow-up "${f.followUp}"`;
  return f.technical
    ? 'Strong answer. Next level: name the trade-off you chose, the option you rejected, and how you would monitor it.'
    : 'Strong answer. Next level: end with what you learned or would do differently, and prepare to dive deep on the hardest decision.';
}

/**
 * "You did not mention idempotency (e.g. upsert, dedup key): a strong answer covers it." Points
 * that already end in brackets get their examples at the end instead, to avoid ") (e.g.".
 */
function withExamples(lead: string, synonyms: readonly string[], verdict: string): string {
  const examples = synonyms.length === 0 ? '' : `(e.g. ${synonyms.slice(0, 2).join(', ')})`;
  if (examples === '') return `${lead}: ${verdict}.`;
  return lead.endsWith(')') ? `${lead}: ${verdict} ${examples}.` : `${lead} ${examples}: ${verdict}.`;
}

const TITLE_CASE_WORD = /^\p{Lu}\p{Ll}*(?![\p{L}\p{N}])/u;

/**
 * Key points are written as titles ("Idempotent, restartable steps"); mid-sentence they read better
 * lowercased. A first word with capitals or digits inside ("IAM", "S3", "DynamoDB") stays as it is.
 */
function asPhrase(point: string): string {
  return TITLE_CASE_WORD.test(point) ? point[0]!.toLowerCase() + point.slice(1) : point;
}

function times(n: number): string {
  return n === 0 ? 'not once' : n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** "40 seconds", "2 minutes", "3.5 minutes". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const halfMinutes = Math.round(seconds / 30) / 2;
  return `${halfMinutes} minutes`;
}
