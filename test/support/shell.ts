import { PassThrough, Writable } from 'node:stream';
import type { Harness } from '../../adapters/memory/harness.js';
import { ShellAdapter } from '../../adapters/shell/shell-adapter.js';

/**
 * Runs the terminal playground in-process over a harness world, like a person would: each script
 * line is typed when the shell shows its command prompt, and form fields are answered when asked
 * (by label, so a script need not know whether the day's question is technical). Returns the
 * transcript. SHOW_TRANSCRIPT=1 prints it.
 */
export async function runShell(h: Harness, script: readonly string[], fields: (label: string) => string = () => ''): Promise<string> {
  const input = new PassThrough();
  let transcript = '';
  const queue = [...script];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      transcript += chunk.toString();
      const last = transcript.slice(transcript.lastIndexOf('\n') + 1);
      if (/> $/.test(last)) {
        const line = queue.shift() ?? ':quit';
        transcript += `${line}\n`;
        input.write(`${line}\n`);
      } else if (/\? $/.test(last)) {
        const answer = fields(last.trim().replace(/\?$/, '').trim());
        transcript += `${answer}\n`;
        input.write(`${answer}\n`);
      }
      done();
    },
  });
  const shell = new ShellAdapter({ chat: h.chat, clock: h.clock, tick: (now) => h.app.dispatcher.tick(now), input, output, prompt: true });
  await shell.run();
  if (process.env.SHOW_TRANSCRIPT) console.log(transcript);
  return transcript;
}
