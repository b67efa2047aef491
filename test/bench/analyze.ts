import { loadCatalog } from '../../src/catalog/load.js';
import { analyzeAnswer } from '../../src/features/answers/analyzer.js';
import { figure, type Figure } from './figures.js';
import { sampleAnswer } from './sample-answers.js';
import { elapsedMs } from './world.js';

/** Analyzer throughput on 400-word answers, against a technical question (key points) and a behavioral one. */
export function benchAnalyze(): Figure[] {
  const catalog = loadCatalog();
  const questions = [catalog.byRound(1).find((q) => q.kind === 'technical')!, catalog.byRound(5)[0]!];
  const texts = Array.from({ length: 8 }, (_, i) => sampleAnswer(400, i));
  const options = questions.map((question) => ({ question, principles: catalog.principles }));
  for (let i = 0; i < 500; i++) analyzeAnswer(texts[i % texts.length]!, options[i % 2]!);
  const count = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) analyzeAnswer(texts[i % texts.length]!, options[i % 2]!);
  return [figure('analyze', count / (elapsedMs(start) / 1000), 'answers/s', { min: 10_000 })];
}
