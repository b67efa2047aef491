import type { Catalog } from '../../catalog/load.js';
import type { Question } from '../../catalog/schema.js';
import type { MessageDoc } from '../../core/ports.js';
import { STAR_PARTS, type Analysis } from './analyzer.js';

const PART_NAMES = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' } as const;

function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The private feedback an author gets on an answer: parts found, what is missing, what to do next. */
export function feedbackDoc(input: {
  analysis: Analysis;
  question: Question | undefined;
  catalog: Catalog;
  score: number;
  joined: number;
  edited?: boolean;
}): MessageDoc {
  const { analysis, question, catalog, score } = input;
  const behavioral = question?.kind !== 'technical';
  const lines: string[] = [];
  const partLine = STAR_PARTS.map((p) => `${PART_NAMES[p]} ${analysis.parts[p] ? '✅' : '❌'}`).join('  ');
  if (behavioral) {
    lines.push(`**STAR:** ${partLine}`);
    lines.push(
      analysis.missing.length === 0
        ? 'All four STAR parts are there.'
        : `Found: ${analysis.present.map((p) => PART_NAMES[p]).join(', ') || 'none'}. **Missing: ${analysis.missing.map((p) => PART_NAMES[p]).join(', ')}.**`,
    );
  } else {
    lines.push(`**Structure:** ${partLine}`);
  }
  if (analysis.keyPoints) {
    const { covered, missed } = analysis.keyPoints;
    const total = covered.length + missed.length;
    lines.push(`**Key points covered: ${covered.length}/${total}**${covered.length ? `: ${covered.join('; ')}` : ''}`);
    if (missed.length) {
      // The suggestions below name examples; here the list only says what is left.
      lines.push(`Not covered: ${missed.map((m) => m.point).join('; ')}`);
    }
  }
  const stats = [
    `${analysis.words} words`,
    `about ${minutes(analysis.speakingSeconds)} spoken (target 1:30-3:00)`,
    `result ${analysis.quantified ? `quantified (${analysis.quantities.slice(0, 3).join(', ')})` : 'has no number'}`,
  ];
  if (analysis.iShare !== null) stats.push(`"I" ${Math.round(analysis.iShare * 100)}% vs "we" ${Math.round((1 - analysis.iShare) * 100)}%`);
  lines.push(stats.join(' · '));
  if (analysis.principles.length) {
    lines.push(`**Leadership Principles it shows:** ${analysis.principles.map((p) => catalog.principle(p)?.name ?? p).join(', ')}`);
  }
  lines.push('', '**To make it stronger:**', ...analysis.suggestions.map((s, i) => `${i + 1}. ${s}`));
  const how = input.joined > 1 ? ` (${input.joined} messages joined into one answer)` : input.edited ? ' (updated after your edit)' : '';
  return {
    title: `Feedback on your answer${how}`,
    text: lines.join('\n'),
    context: `Score ${score}/100 · only you can see this · edit your message and the feedback follows`,
  };
}
