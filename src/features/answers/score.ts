import type { Question } from '../../catalog/schema.js';
import type { Analysis } from './analyzer.js';

/**
 * A 0-100 summary of an analysis, used to rank stories and find weak rounds. Behavioral answers
 * are judged on STAR shape, a measured result and ownership; technical answers mostly on the key
 * points they cover. Length counts a little in both.
 */
export function scoreAnalysis(analysis: Analysis, question: Question | undefined): number {
  const lengthPoints = analysis.length === 'good' ? 10 : analysis.words >= 60 ? 5 : 0;
  const coverage = analysis.keyPoints
    ? analysis.keyPoints.covered.length / Math.max(1, analysis.keyPoints.covered.length + analysis.keyPoints.missed.length)
    : 0;
  if (question?.kind === 'technical') {
    return Math.round(coverage * 75 + lengthPoints + (analysis.quantified ? 10 : 0) + (analysis.principles.length > 0 ? 5 : 0));
  }
  const starPoints = analysis.present.length * 12.5; // 50 for all four parts
  const ownership = analysis.iShare === null ? 0 : analysis.iShare >= 0.5 ? 10 : 5;
  const total =
    starPoints + (analysis.quantified ? 15 : 0) + ownership + lengthPoints + (analysis.principles.length > 0 ? 5 : 0) + coverage * 10;
  return Math.min(100, Math.round(total));
}
