/**
 * Analyse STAR answers from the terminal, offline, with the same analyzer the bot uses.
 *
 *   npm run -s analyze -- [--question ID] [--json]      one answer on stdin
 *   npm run -s analyze -- [--question ID] --jsonl       one {"id","text","question"?} per line
 *
 * Exit codes: 0 done, 1 the question bank cannot be loaded, 2 bad usage or unknown question id.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { loadCatalog, principleName, type Catalog } from '../../catalog/load.js';
import type { Question } from '../../catalog/schema.js';
import { analyzeAnswer, STAR_PARTS, type Analysis, type StarPart } from './analyzer.js';

const USAGE = `usage: npm run -s analyze -- [--question ID] [--json | --jsonl] [--catalog DIR]
  (default)       read one answer from stdin and print a readable report
  --json          print the analysis as one JSON object
  --jsonl         read lines {"id":"...","text":"...","question":"optional id"}, write one JSON line each
  --question ID   analyse against this question of the bank (the default question for --jsonl lines)
  --catalog DIR   read the question bank from DIR instead of questions/
  --help          show this help`;

type Mode = 'report' | 'json' | 'jsonl';
interface CliOptions {
  mode: Mode;
  questionId: string | undefined;
  catalogDir: string | undefined;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = { mode: 'report', questionId: undefined, catalogDir: undefined };
  const setMode = (mode: Mode) => {
    if (options.mode !== 'report' && options.mode !== mode) throw new UsageError('--json and --jsonl cannot be combined');
    options.mode = mode;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inlineValue ?? argv[++i];
      if (v === undefined || v === '' || (inlineValue === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (inlineValue !== undefined && flag !== '--question' && flag !== '--catalog') throw new UsageError(`${flag} takes no value`);
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--json') setMode('json');
    else if (flag === '--jsonl') setMode('jsonl');
    else if (flag === '--question') options.questionId = value();
    else if (flag === '--catalog') options.catalogDir = value();
    else throw new UsageError(`unknown argument: ${arg}`);
  }
  return options;
}

/** "Last year at Acme, our nightly ETL into Redshift started…" — one line, cut at a word. */
function excerpt(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return `${flat.slice(0, cut > max / 2 ? cut : max)}…`;
}

const title = (part: StarPart) => part[0]!.toUpperCase() + part.slice(1);

function spokenTime(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function formatReport(analysis: Analysis, catalog: Catalog, question: Question | undefined): string {
  const lines: string[] = [];
  lines.push(question === undefined ? 'STAR analysis' : `STAR analysis: ${question.id} (${question.kind}, round ${question.round})`);
  lines.push('', 'Parts');
  for (const part of STAR_PARTS) {
    const span = analysis.parts[part];
    const name = title(part).padEnd(10);
    lines.push(span === null ? `  ✗ ${name} missing` : `  ✓ ${name} ${span.labelled ? '(labelled) ' : ''}"${excerpt(span.text)}"`);
  }
  lines.push(`Missing: ${analysis.missing.length === 0 ? 'none' : analysis.missing.map(title).join(', ')}`);
  const where = analysis.parts.result === null ? 'Answer' : 'Result';
  lines.push(`${where} quantified: ${analysis.quantified ? `yes (${analysis.quantities.join(', ')})` : 'no'}`);
  const whose = analysis.parts.action === null ? 'the answer' : 'the action';
  lines.push(
    analysis.iShare === null
      ? `I vs we: neither "I" nor "we" in ${whose}`
      : `I vs we: ${Math.round(analysis.iShare * 100)}% "I" in ${whose}`,
  );
  const lengthNote = analysis.length === 'good' ? 'good' : analysis.length === 'too-short' ? 'too short' : 'too long';
  lines.push(`Length: ${analysis.words} words, about ${spokenTime(analysis.speakingSeconds)} spoken (${lengthNote}; aim for 1.5-3 min)`);
  lines.push(`Principles: ${analysis.principles.length === 0 ? 'none detected' : analysis.principles.map((id) => principleName(catalog, id)).join(', ')}`);
  if (analysis.keyPoints !== null) {
    const { covered, missed } = analysis.keyPoints;
    lines.push(`Key points: ${covered.length} of ${covered.length + missed.length} covered`);
    for (const point of covered) lines.push(`  ✓ ${point}`);
    for (const { point, synonyms } of missed) lines.push(`  ✗ ${point} (e.g. ${synonyms.join(', ')})`);
  }
  lines.push('', 'Suggestions');
  analysis.suggestions.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  return `${lines.join('\n')}\n`;
}

/** The compact per-answer record of --jsonl: key points missed as names only. */
function jsonLine(id: unknown, questionId: string | undefined, a: Analysis): Record<string, unknown> {
  return {
    id,
    ...(questionId === undefined ? {} : { question: questionId }),
    present: a.present,
    missing: a.missing,
    quantified: a.quantified,
    quantities: a.quantities,
    iShare: a.iShare,
    words: a.words,
    speakingSeconds: a.speakingSeconds,
    length: a.length,
    principles: a.principles,
    keyPoints: a.keyPoints === null ? null : { covered: a.keyPoints.covered, missed: a.keyPoints.missed.map((m) => m.point) },
    suggestions: a.suggestions,
  };
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

async function readAll(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Paste your answer, then press Ctrl-D.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Streams JSON lines: each input line is analysed and written before the next is read. */
async function runJsonLines(catalog: Catalog, defaultQuestion: Question | undefined): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (raw.trim() === '') continue;
    await write(`${JSON.stringify(analyseLine(raw, lineNumber, catalog, defaultQuestion))}\n`);
  }
}

function analyseLine(raw: string, line: number, catalog: Catalog, defaultQuestion: Question | undefined): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch {
    return { id: null, line, error: 'not valid JSON' };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { id: null, line, error: 'not a JSON object' };
  const record = input as Record<string, unknown>;
  const id = record.id ?? null;
  if (typeof record.text !== 'string') return { id, line, error: 'no "text" string' };
  let question = defaultQuestion;
  if (record.question !== undefined && record.question !== null) {
    if (typeof record.question !== 'string') return { id, line, error: '"question" must be a question id string' };
    question = catalog.question(record.question);
    if (question === undefined) return { id, line, error: `unknown question id "${record.question}"` };
  }
  try {
    return jsonLine(id, question?.id, analyzeAnswer(record.text, { question, principles: catalog.principles }));
  } catch (err) {
    // The analyzer is built never to throw; if it ever does, one line fails, not the whole stream.
    return { id, line, error: `analysis failed: ${firstLine(err)}` };
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const [first = '', ...rest] = message.split('\n').filter((l) => l.trim() !== '');
  return rest.length === 0 ? first : `${first} (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`analyze: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let catalog: Catalog;
  try {
    catalog = loadCatalog(options.catalogDir);
  } catch (err) {
    process.stderr.write(`analyze: cannot load the question bank: ${firstLine(err)}\n`);
    return 1;
  }
  const question = options.questionId === undefined ? undefined : catalog.question(options.questionId);
  if (options.questionId !== undefined && question === undefined) {
    process.stderr.write(`analyze: unknown question id "${options.questionId}"\n`);
    return 2;
  }

  if (options.mode === 'jsonl') {
    await runJsonLines(catalog, question);
    return 0;
  }
  const analysis = analyzeAnswer(await readAll(), { question, principles: catalog.principles });
  await write(options.mode === 'json' ? `${JSON.stringify(analysis, null, 2)}\n` : formatReport(analysis, catalog, question));
  return 0;
}

// A closed pipe (`... | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`analyze: ${firstLine(err)}\n`);
    process.exitCode = 1;
  },
);
