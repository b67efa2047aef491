/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON line per figure.
 * Not part of `npm test`: figures depend on the machine, so they are measured, never asserted
 * by timed unit tests. Figures the issue gives a target for show it and whether it holds.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAnalyze } from './analyze.js';
import { figure, printJson, printTable, type Figure } from './figures.js';
import { benchIngest } from './ingest.js';
import { benchLatency } from './latency.js';
import { benchFanout, benchIdleTicks } from './scheduler.js';

const json = process.argv.includes('--json');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const here = dirname(fileURLToPath(import.meta.url));

function rss(): Figure[] {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'rss-child.ts')], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
  const { rssMb } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { rssMb: number };
  return [figure('rss_mb', rssMb, 'MB', { max: 200 })];
}

const suites: Record<string, () => Figure[] | Promise<Figure[]>> = {
  ingest: benchIngest,
  analyze: benchAnalyze,
  tick: benchIdleTicks,
  fanout: benchFanout,
  latency: benchLatency,
  rss,
};

const figures: Figure[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  if (!json) process.stderr.write(`running ${name}...\n`);
  figures.push(...(await run()));
}
if (json) printJson(figures);
else printTable(figures);
