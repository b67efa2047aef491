import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface PlaygroundRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real entry point (`tsx src/main.ts`) with a script on stdin, as a user of the terminal
 * playground would: no platform token (it would start Slack or Discord instead), a fixed clock,
 * a database and a cwd without a .env file in `folder`.
 */
export function runPlayground(script: readonly string[], folder: string, env: Record<string, string> = {}): Promise<PlaygroundRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SLACK|DISCORD|BAR_RAISER)_/.test(key)));
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/main.ts')], {
    cwd: folder,
    env: {
      ...inherited,
      BAR_RAISER_CLOCK: '2026-11-30T08:00:00Z',
      DEFAULT_TIMEZONE: 'UTC',
      DATABASE_PATH: join(folder, 'bar-raiser.db'),
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(`${script.join('\n')}\n`);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
