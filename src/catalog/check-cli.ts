/**
 * `npm run questions:check [-- --json] [-- --dir questions/]`: validates the question bank.
 * Exit code 0 when every check passes, 1 otherwise. The checks live in check.ts.
 */
import { CatalogError, DEFAULT_QUESTIONS_DIR, loadCatalog, type Catalog } from './load.js';
import { checkCatalog, formatReport, reportJson } from './check.js';
import { PRINCIPLE_IDS } from './schema.js';

function parseCli(argv: readonly string[]): { json: boolean; dir: string } {
  let json = false;
  let dir = DEFAULT_QUESTIONS_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--dir' && argv[i + 1]) dir = argv[++i]!;
    else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else {
      process.stderr.write(`questions:check: unknown argument "${arg}" (use --json or --dir PATH)\n`);
      process.exit(2);
    }
  }
  return { json, dir };
}

function main(): void {
  const { json, dir } = parseCli(process.argv.slice(2));
  let catalog: Catalog;
  try {
    catalog = loadCatalog(dir);
  } catch (err) {
    if (!(err instanceof CatalogError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const message = err instanceof CatalogError ? err.message : `questions folder not found: ${dir}`;
    process.stderr.write(`${message}\n`);
    if (json) {
      const zeros = { technical: 0, behavioral: 0 };
      const byRound = { '1': zeros, '2': zeros, '3': zeros, '4': zeros, '5': zeros };
      const byPrinciple = Object.fromEntries(PRINCIPLE_IDS.map((id) => [id, 0]));
      process.stdout.write(`${JSON.stringify({ total: 0, byRound, byPrinciple, ok: false, problems: message.split('\n') })}\n`);
    }
    process.exitCode = 1;
    return;
  }
  const report = checkCatalog(catalog);
  if (json) {
    process.stdout.write(`${reportJson(report)}\n`);
  } else {
    const names = new Map(catalog.principles.map((p) => [p.id as string, p.name]));
    process.stdout.write(`${formatReport(report, names)}\n`);
  }
  process.exitCode = report.ok ? 0 : 1;
}

main();
