/** One measured figure, as printed by `npm run bench` (table) and `npm run bench -- --json` (JSON lines). */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target this figure is held to, for the table ("≥ 3000", "< 2"). */
  readonly target?: string;
  readonly ok?: boolean;
}

export function figure(name: string, value: number, unit: string, target?: { min?: number; max?: number }): Figure {
  const rounded = Math.round(value * 1000) / 1000;
  if (!target) return { name, value: rounded, unit };
  const ok = (target.min === undefined || value >= target.min) && (target.max === undefined || value < target.max);
  const text = target.min !== undefined ? `>= ${target.min}` : `< ${target.max}`;
  return { name, value: rounded, unit, target: text, ok };
}

export function printTable(figures: readonly Figure[], out: NodeJS.WritableStream = process.stdout): void {
  const rows = figures.map((f) => [f.name, String(f.value), f.unit, f.target ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED']);
  const header = ['figure', 'value', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  out.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) out.write(`${line(row)}\n`);
}

export function printJson(figures: readonly Figure[], out: NodeJS.WritableStream = process.stdout): void {
  for (const f of figures) out.write(`${JSON.stringify({ name: f.name, value: f.value, unit: f.unit })}\n`);
}
