import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ManualClock, parseDuration, travel } from '../../src/core/clock.js';
import type { FormInput } from '../../src/core/ports.js';
import { MemoryChat, type MemoryMessage, type MemoryUser, type OpenedForm } from '../memory/memory-chat.js';

export interface ShellOptions {
  readonly chat: MemoryChat;
  readonly clock: ManualClock;
  /** Runs one minute's scheduled work (the dispatcher's tick). */
  readonly tick: (now: Date) => Promise<void>;
  readonly input: Readable;
  readonly output: Writable;
  readonly channelName?: string;
  readonly me?: string;
  /** The bot's display name in transcripts. */
  readonly botName?: string;
  /** Show a prompt (interactive terminals only). */
  readonly prompt?: boolean;
}

const HELP = `Playground commands:
  plain text            a message where you are (the channel or the current thread)
  /prep ...  /mock ...  slash commands (/prep help lists them)
  :thread [N|last]      enter the thread of the Nth or last bot post;  :leave  back to the channel
  :as NAME              speak as another member (created on first use)
  :click LABEL          click a button (label prefix) on the latest message that has one
  :react EMOJI          react to the last message where you are
  :edit TEXT            edit your last message here;  :delete  delete it
  :advance DURATION     move the simulated clock (1d, 2h30m, 45m); what falls due happens
  :now   :help   :quit
Forms ask for each field on the next lines ("\\n" in a line is a newline; an empty line leaves an optional field empty).`;

/**
 * The terminal playground: a real adapter over the in-memory platform, with injectable input and
 * output streams. It prints every bot message with where it went and who could see it.
 */
export class ShellAdapter {
  private readonly chat: MemoryChat;
  private readonly out: Writable;
  private readonly channel: string;
  private readonly botName: string;
  private me: MemoryUser;
  private thread: MemoryMessage | null = null;
  private readonly lines: AsyncIterator<string>;
  private readonly pendingForms: OpenedForm[] = [];
  private closed = false;

  constructor(private readonly options: ShellOptions) {
    this.chat = options.chat;
    this.out = options.output;
    this.channel = MemoryChat.channelRef(options.channelName ?? 'study-group');
    this.botName = options.botName ?? 'Bar Raiser';
    this.me = this.chat.user(options.me ?? 'you', { admin: true });
    this.chat.onMessage((m) => {
      if (m.author === 'bot') this.print(this.describe(m));
    });
    // A chat app shows an edited message in place; a terminal can only print it again, marked.
    this.chat.onEdit((m) =>
      this.print(m.deleted ? `[${this.placeName(m.channel, m.thread)}] ${this.botName} deleted its message "${firstLine(m.text)}"` : this.describe(m, true)),
    );
    this.chat.onForm((form) => this.pendingForms.push(form));
    const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
    this.lines = rl[Symbol.asyncIterator]();
  }

  /** Reads and runs lines until `:quit` or the end of input. */
  async run(): Promise<void> {
    this.print(`Bar Raiser playground: you are "${this.me.name}" in ${MemoryChat.channelName(this.channel)}. Type :help for help.`);
    for (;;) {
      this.showPrompt();
      const line = await this.nextLine();
      if (line === null) break;
      if (!(await this.handle(line))) break;
      await this.fillPendingForms();
    }
    this.closed = true;
  }

  /** One line of input; false to stop. Errors become a printed line, never a crash. */
  async handle(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (line === '') return true;
    if (!this.options.prompt) this.print(`${this.me.name}> ${line}`);
    try {
      if (line.startsWith(':')) return await this.meta(line);
      const text = line.replace(/\\n/g, '\n');
      if (line.startsWith('/')) {
        await this.chat.command(this.me, this.channel, text, this.thread ? this.chat.threadOf(this.thread) : null);
      } else {
        await this.chat.say(this.me, this.channel, text, this.thread ? this.chat.threadOf(this.thread) : null);
      }
    } catch (err) {
      this.print(`! ${(err as Error).message}`);
    }
    return true;
  }

  private async meta(line: string): Promise<boolean> {
    const [word = '', ...rest] = line.slice(1).split(/\s+/);
    const arg = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'quit':
      case 'exit':
      case 'q':
        return false;
      case 'help':
        this.print(HELP);
        return true;
      case 'now':
        this.print(`It is ${this.options.clock.now().toISOString()} (${this.options.clock.now().toUTCString()}).`);
        return true;
      case 'as': {
        const name = arg.trim().replace(/^@/, '');
        if (!/^[\w.-]{1,32}$/.test(name)) {
          this.print('! :as needs a name of letters, digits, dots or dashes, e.g. :as alice');
          return true;
        }
        this.me = this.chat.user(name, name === (this.options.me ?? 'you') ? { admin: true } : {});
        this.print(`(you are now ${name})`);
        return true;
      }
      case 'thread':
        this.enterThread(arg.trim() || 'last');
        return true;
      case 'leave':
        this.thread = null;
        this.print(`(back in ${MemoryChat.channelName(this.channel)})`);
        return true;
      case 'click':
        await this.click(arg);
        return true;
      case 'react':
        await this.react(arg);
        return true;
      case 'edit':
      case 'delete':
        await this.editOrDelete(word.toLowerCase(), arg);
        return true;
      case 'advance': {
        const ms = parseDuration(arg);
        if (ms === null || ms <= 0) {
          this.print('! :advance needs a duration like 1d, 2h30m, 45m or 90s');
          return true;
        }
        await travel(this.options.clock, ms, this.options.tick);
        this.print(`(it is now ${this.options.clock.now().toISOString()})`);
        return true;
      }
      default:
        this.print(`! unknown playground command :${word} (try :help)`);
        return true;
    }
  }

  private threadStarts(): MemoryMessage[] {
    return this.chat.messages.filter((m) => m.kind === 'thread-start' && m.channel === this.channel);
  }

  private enterThread(which: string): void {
    const starts = this.threadStarts();
    const index = which === 'last' ? starts.length - 1 : Number(which) - 1;
    const target = Number.isInteger(index) ? starts[index] : undefined;
    if (!target) {
      this.print(starts.length === 0 ? '! there is no thread yet' : `! there are ${starts.length} threads: :thread 1..${starts.length} or :thread last`);
      return;
    }
    this.thread = target;
    this.print(`(in ${this.placeName(target.channel, this.chat.threadOf(target))}: ${firstLine(target.text)})`);
  }

  private visibleToMe(m: MemoryMessage): boolean {
    return !m.deleted && (m.to === null || m.to === this.me.ref);
  }

  private async click(label: string): Promise<void> {
    if (!label.trim()) {
      this.print('! :click needs a button label, e.g. :click answer');
      return;
    }
    const wanted = label.trim().toLowerCase();
    const candidates = this.chat.messages.filter((m) => m.author === 'bot' && this.visibleToMe(m) && m.doc.buttons?.length);
    const latest = candidates[candidates.length - 1];
    if (!latest) {
      this.print('! no message with buttons yet');
      return;
    }
    // The most recent message that has a button with that label, so older buttons stay reachable.
    const target = [...candidates].reverse().find((m) => m.doc.buttons!.some((b) => b.label.toLowerCase().startsWith(wanted)));
    if (!target) {
      this.print(`! no button "${label}" on the latest message (it has: ${latest.doc.buttons!.map((b) => b.label).join(', ')})`);
      return;
    }
    await this.chat.click(this.me, target, label);
  }

  private async react(emoji: string): Promise<void> {
    const name = emoji.trim().replace(/^:|:$/g, '');
    if (!name) {
      this.print('! :react needs an emoji, e.g. :react +1');
      return;
    }
    const here = this.thread ? this.chat.threadOf(this.thread) : null;
    const inPlace = this.chat.messages.filter(
      (m) => m.to === null && !m.deleted && m.channel === this.channel && (here ? m.thread === here || m === this.thread : m.thread === null),
    );
    const target = inPlace[inPlace.length - 1];
    if (!target) {
      this.print('! no message here to react to');
      return;
    }
    await this.chat.react(this.me, target, name);
    this.print(`(reacted :${name}: to ${target.author === 'bot' ? this.botName : target.author.replace('mem:u:', '')}'s message)`);
  }

  private async editOrDelete(action: string, text: string): Promise<void> {
    const here = this.thread ? this.chat.threadOf(this.thread) : null;
    const mine = this.chat.messages.filter((m) => m.author === this.me.ref && !m.deleted && m.thread === here && m.channel === this.channel);
    const target = mine[mine.length - 1];
    if (!target) {
      this.print(`! you have no message here to ${action}`);
      return;
    }
    if (action === 'delete') {
      await this.chat.remove(target);
      this.print('(deleted your last message)');
    } else if (!text.trim()) {
      this.print('! :edit needs the new text');
    } else {
      await this.chat.edit(this.me, target, text.replace(/\\n/g, '\n'));
      this.print('(edited your last message)');
    }
  }

  /** Asks for each field of any form opened for the current speaker, then submits it. */
  private async fillPendingForms(): Promise<void> {
    while (this.pendingForms.length > 0) {
      const opened = this.pendingForms.shift()!;
      if (opened.user !== this.me.ref) continue;
      const values: Record<string, string> = {};
      let ask: readonly FormInput[] = opened.form.inputs;
      for (let attempt = 0; attempt < 5; attempt++) {
        this.print(`── form: ${opened.form.title} ──`);
        if (opened.form.intro && attempt === 0) this.print(indent(forTerminal(opened.form.intro)));
        for (const input of ask) {
          const value = await this.askField(input);
          if (value === null) return;
          values[input.id] = value;
        }
        const result = await this.chat.submit(this.me, opened, values);
        if (!result.fieldErrors) break;
        this.print('The form was not accepted:');
        for (const [id, problem] of Object.entries(result.fieldErrors)) {
          this.print(`  ${labelOf(opened.form.inputs, id)}: ${problem} (you wrote: "${truncate(values[id] ?? '', 60)}")`);
        }
        ask = opened.form.inputs.filter((i) => result.fieldErrors![i.id] !== undefined);
      }
    }
  }

  private async askField(input: FormInput): Promise<string | null> {
    // A choice lists its options first; the label is said once, in the prompt.
    if (input.kind === 'choice') input.options.forEach((o, i) => this.print(`    ${i + 1}) ${o.label}`));
    const kept = input.initial ? input.kind === 'choice' ? input.options.find((o) => o.value === input.initial)?.label ?? input.initial : input.initial : '';
    const hint = kept ? ` (empty line keeps "${truncate(kept, 40)}")` : input.required ? '' : ' (optional: empty line to skip)';
    this.out.write(`  ${input.label}${hint}? `);
    const line = await this.nextLine();
    if (line === null) return null;
    const typed = line.replace(/\\n/g, '\n').trim();
    const value = typed === '' && input.initial ? input.initial : typed;
    this.out.write(this.options.prompt ? '' : `${truncate(value, 200)}\n`);
    if (input.kind === 'choice' && value !== '') {
      const byNumber = input.options[Number(value) - 1];
      const byText = input.options.find((o) => o.value === value || o.label.toLowerCase().startsWith(value.toLowerCase()));
      return (byNumber ?? byText)?.value ?? value;
    }
    return value;
  }

  private async nextLine(): Promise<string | null> {
    if (this.closed) return null;
    const next = await this.lines.next();
    return next.done ? null : next.value;
  }

  private showPrompt(): void {
    if (!this.options.prompt) return;
    const where = this.thread ? `${MemoryChat.channelName(this.channel)} > thread ${this.threadNumber(this.thread)}` : MemoryChat.channelName(this.channel);
    this.out.write(`${this.me.name} @ ${where}> `);
  }

  private threadNumber(start: MemoryMessage): number {
    return this.threadStarts().indexOf(start) + 1;
  }

  private placeName(channel: string, thread: string | null): string {
    const base = MemoryChat.channelName(channel);
    if (!thread) return base;
    const start = this.chat.message(thread.replace('mem:t:', 'mem:m:'));
    const n = start ? this.threadStarts().indexOf(start) + 1 : 0;
    return n > 0 ? `${base} > thread ${n}` : `${base} > thread`;
  }

  private describe(m: MemoryMessage, edited = false): string {
    const place = m.kind === 'dm' ? `[${MemoryChat.channelName(m.channel)}]` : `[${this.placeName(m.channel, m.thread)}]`;
    const audience =
      m.kind === 'ephemeral' ? (m.to === this.me.ref ? ' (only you)' : ` (only ${m.to?.replace('mem:u:', '')})`) : '';
    const thread = m.kind === 'thread-start' ? ` (${edited ? 'edited, thread' : 'opens thread'} ${this.threadNumber(m)})` : edited ? ' (edited)' : '';
    return `${place}${audience}${thread} ${this.botName}: ${indent(forTerminal(m.text))}`;
  }

  private print(text: string): void {
    this.out.write(`${text}\n`);
  }
}

/** Terminals show Markdown markers literally: drop the emphasis markers, keep the words. */
function forTerminal(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/(^|\s)_(\S[^_]*?)_(?=\s|$|[.,:;!?])/g, '$1$2');
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n    ');
}

function firstLine(text: string): string {
  return truncate(text.split('\n')[0] ?? '', 80);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function labelOf(inputs: readonly FormInput[], id: string): string {
  return inputs.find((i) => i.id === id)?.label ?? id;
}
