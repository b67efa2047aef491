import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPlayground } from './support/playground.js';

const temp = mkdtempSync(join(tmpdir(), 'bar-raiser-playground-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const playground = (script: string[]) => runPlayground(script, temp);

describe('the playground (issue 4, "Done when")', () => {
  it('five days after /prep setup: exactly five posts, rounds 1..5 in order, no repeated question', async () => {
    const { code, stdout, stderr } = await playground([
      '/prep setup time:09:00 tz:UTC days:mon-fri rotation:weekday',
      ':advance 5d',
      ':thread last',
      ':quit',
    ]);
    expect(code, stderr).toBe(0);
    // The terminal may or may not render Markdown emphasis: match the words only.
    expect(stdout).toMatch(/Next question: \**Mon 30 Nov, 09:00 UTC/);
    const posts = [...stdout.matchAll(/\(opens thread (\d+)\) Bar Raiser: Round (\d):[\s\S]*?Question ([a-z0-9-]+)\)/g)].map((m) => ({
      thread: Number(m[1]),
      round: Number(m[2]),
      question: m[3]!,
    }));
    expect(posts.map((p) => p.thread)).toEqual([1, 2, 3, 4, 5]);
    expect(posts.map((p) => p.round)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(posts.map((p) => p.question)).size).toBe(5);
    expect(posts.every((p) => p.question.startsWith(`r${p.round}-`))).toBe(true);
    expect(stdout.match(/opens thread/g)).toHaveLength(5);
    expect(stdout).toContain('Answer by: Tue 1 Dec, 09:00 UTC (the next question)');
    expect(stdout).toContain('(in #study-group > thread 5: Round 5: Behavioral & Leadership Principles)');
  }, 120_000);
});
