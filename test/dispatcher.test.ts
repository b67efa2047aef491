import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryChat, type MemoryUser } from '../adapters/memory/memory-chat.js';
import { createApp, type App } from '../src/app.js';
import { makeCatalog } from '../src/catalog/load.js';
import { PRINCIPLE_IDS, type Question } from '../src/catalog/schema.js';
import { ManualClock } from '../src/core/clock.js';
import type { CoreSettings, Feature, Services } from '../src/core/feature.js';
import { openStorage, type Storage } from '../src/db/open.js';

// A tiny catalog so that these tests never depend on the real question bank.
const catalog = makeCatalog(
  [1, 2, 3, 4, 5].map(
    (round): Question => ({
      id: `test-r${round}`,
      round: round as Question['round'],
      kind: round === 5 ? 'behavioral' : 'technical',
      prompt: `A test question for round ${round}, long enough.`,
      principles: ['ownership'],
      difficulty: 1,
      followUps: ['First follow-up question?', 'Second follow-up question?'],
      keyPoints: [
        { point: 'one', synonyms: ['one'] },
        { point: 'two', synonyms: ['two'] },
      ],
      tags: ['test'],
    }),
  ),
  PRINCIPLE_IDS.map((id) => ({ id, name: id, summary: `${id} summary text that is long enough.`, signals: ['a', 'b', 'c', 'd'] })),
);

interface Calls {
  echo: string[];
  admin: string[];
  threadMessages: string[];
  edits: string[];
  deletes: string[];
  reactions: string[];
  ticks: number;
}

/** Registers the probe feature: a few commands, a button, a form and every hook, recording what it saw. */
function probeFeature(services: Services, calls: Calls): Feature {
  return {
    name: 'probe',
    commands: [
      {
        command: 'prep',
        name: 'test-echo',
        usage: '/prep test-echo TEXT',
        summary: 'Echo the text back',
        run: async (ctx, args) => {
          calls.echo.push(args.positional.join(' '));
          await ctx.reply(`echo: ${args.positional.join(' ')}`);
        },
      },
      {
        command: 'prep',
        name: 'test-admin',
        usage: '/prep test-admin',
        summary: 'Only admins may run this',
        adminOnly: true,
        run: async (ctx) => {
          calls.admin.push(ctx.actor.name);
          await ctx.reply('admin work done');
        },
      },
      {
        command: 'prep',
        name: 'test-boom',
        usage: '/prep test-boom',
        summary: 'Always fails',
        run: async () => {
          throw new Error('kaboom in a feature');
        },
      },
      {
        command: 'testmock',
        name: '',
        usage: '/testmock [minutes]',
        summary: 'A command with a default action',
        run: async (ctx, args) => {
          await ctx.reply(`default action with ${args.positional.length} args`);
        },
      },
    ],
    buttons: {
      'probe.boom': async () => {
        throw new Error('button kaboom');
      },
    },
    forms: {
      'probe.form': async (ctx) => {
        if (!ctx.event.values.answer) return { fieldErrors: { answer: 'Write something' } };
        await ctx.reply(`got ${ctx.event.values.answer}`);
      },
    },
    onThreadMessage: async (ctx) => {
      calls.threadMessages.push(`${ctx.actor.name}:${ctx.event.text}`);
      if (ctx.event.text === 'explode') throw new Error('thread kaboom');
      return true;
    },
    onMessageEdited: async (ctx) => {
      calls.edits.push(ctx.event.text);
      return true;
    },
    onMessageDeleted: async (event) => {
      calls.deletes.push(event.messageId);
      return true;
    },
    onReaction: async (ctx) => {
      calls.reactions.push(`${ctx.actor.name}:${ctx.event.emoji}`);
      return true;
    },
    tick: async () => {
      calls.ticks++;
      await services.port.postMessage(MemoryChat.channelRef('study-group'), { text: 'tick ran' });
    },
  };
}

interface World {
  app: App;
  chat: MemoryChat;
  storage: Storage;
  calls: Calls;
  logs: () => Array<Record<string, unknown>>;
  channel: string;
  user(name: string, options?: { admin?: boolean; bot?: boolean }): MemoryUser;
}

let worlds: World[] = [];
afterEach(() => {
  for (const w of worlds) w.storage.close();
  worlds = [];
});

function world(settings: Partial<CoreSettings> = {}): World {
  const clock = new ManualClock('2026-11-30T08:00:00Z');
  const storage = openStorage(':memory:');
  const chat = new MemoryChat('mem:w:test', 'test-workspace', () => clock.now());
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const app = createApp({
    storage,
    catalog,
    clock,
    port: chat,
    log,
    settings: { defaultTimezone: 'UTC', adminUserIds: [], ...settings },
  });
  const calls: Calls = { echo: [], admin: [], threadMessages: [], edits: [], deletes: [], reactions: [], ticks: 0 };
  app.dispatcher.register(probeFeature(app.services, calls));
  chat.dispatch = (event) => app.dispatcher.dispatch(event);
  const w: World = {
    app,
    chat,
    storage,
    calls,
    channel: MemoryChat.channelRef('study-group'),
    logs: () =>
      lines
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    user: (name, options) => chat.user(name, options),
  };
  worlds.push(w);
  return w;
}

/** The private replies `user` got, as text. */
function inbox(w: World, user: MemoryUser): string[] {
  return w.chat.privateTo(user).map((m) => m.text);
}

describe('commands', () => {
  it('routes a subcommand with its arguments and answers privately', async () => {
    const w = world();
    const alice = w.user('alice');
    const result = await w.chat.command(alice, w.channel, '/prep test-echo hello world');
    expect(result.handled).toBe(true);
    expect(w.calls.echo).toEqual(['hello world']);
    const [reply] = w.chat.privateTo(alice);
    expect(reply).toMatchObject({ kind: 'ephemeral', to: 'mem:u:alice', channel: w.channel, text: 'echo: hello world' });
    // The member row exists now, in the right community.
    const row = w.storage.sqlite.prepare('SELECT community_id, name FROM member WHERE user_ref = ?').get('mem:u:alice');
    expect(row).toEqual({ community_id: 'mem:w:test', name: 'alice' });
  });

  it('is case-insensitive on the subcommand', async () => {
    const w = world();
    await w.chat.command(w.user('alice'), w.channel, '/prep TEST-ECHO Loud');
    expect(w.calls.echo).toEqual(['Loud']);
  });

  it('runs the default action of a command that has one', async () => {
    const w = world();
    const bob = w.user('bob');
    await w.chat.command(bob, w.channel, '/testmock 30 minutes');
    expect(inbox(w, bob)).toEqual(['default action with 2 args']);
  });

  it('suggests the closest subcommand for a typo', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/prep test-ecko hi');
    expect(w.calls.echo).toEqual([]);
    expect(inbox(w, alice)).toEqual([
      'Unknown command `/prep test-ecko`. Did you mean `/prep test-echo`? `/prep help` lists every command.',
    ]);
  });

  it('gives no suggestion when nothing is close', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/prep zzzzzzzzzzzzzz');
    expect(inbox(w, alice)).toEqual(['Unknown command `/prep zzzzzzzzzzzzzz`. `/prep help` lists every command.']);
  });

  it('answers an unknown top-level command', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/nosuch thing');
    expect(inbox(w, alice)).toEqual(["I don't know `/nosuch`. Try `/prep help`."]);
  });

  it('refuses admin-only commands to members', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/prep test-admin');
    expect(w.calls.admin).toEqual([]);
    const [reply] = inbox(w, alice);
    expect(reply).toContain('`/prep test-admin` is for admins of this workspace (test-workspace)');
    expect(reply).toContain('ADMIN_USER_IDS');
  });

  it('lets platform admins run them', async () => {
    const w = world();
    const boss = w.user('boss', { admin: true });
    await w.chat.command(boss, w.channel, '/prep test-admin');
    expect(w.calls.admin).toEqual(['boss']);
    expect(inbox(w, boss)).toEqual(['admin work done']);
  });

  it('makes members of the people a command mentions before routing it (not of bots, not the actor twice)', async () => {
    const w = world();
    const alice = w.user('alice');
    const member = (ref: string) => w.storage.sqlite.prepare('SELECT name FROM member WHERE user_ref = ?').all(ref);
    const mention = (name: string, isBot = false) => ({ ref: `mem:u:${name}`, platformId: name, name, isAdmin: false, isBot });
    await w.app.dispatcher.dispatch({
      type: 'command',
      community: w.chat.community,
      channel: w.channel,
      command: 'prep',
      text: 'test-echo @dana',
      user: alice,
      mentions: [mention('dana'), mention('helper-bot', true), { ...mention('alice'), name: 'al' }],
    });
    expect(w.calls.echo).toEqual(['@dana']);
    expect(member('mem:u:dana')).toEqual([{ name: 'dana' }]);
    expect(member('mem:u:helper-bot')).toEqual([]);
    // The actor's own row keeps the actor's name, not the one the mention carried.
    expect(member('mem:u:alice')).toEqual([{ name: 'alice' }]);
  });

  it('makes ADMIN_USER_IDS admins everywhere', async () => {
    const w = world({ adminUserIds: ['carol'] });
    await w.chat.command(w.user('carol'), w.channel, '/prep test-admin');
    await w.chat.command(w.user('dave'), w.channel, '/prep test-admin');
    expect(w.calls.admin).toEqual(['carol']);
  });
});

describe('help', () => {
  it('/prep help lists every registered command', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/prep help');
    const [help] = w.chat.privateTo(alice);
    expect(help?.doc.title).toBe('Bar Raiser commands');
    const specs = w.app.dispatcher.commandSpecs();
    expect(specs.length).toBeGreaterThanOrEqual(5);
    for (const spec of specs) expect(help?.text).toContain(`\`${spec.usage}\`: ${spec.summary}`);
    expect(help?.text).toContain('`/prep test-admin`: Only admins may run this _(admins)_');
    expect(help?.text).toContain('`/testmock [minutes]`: A command with a default action');
    expect(help?.text).toContain('`/prep help`: List every command');
  });

  it('/prep alone shows the help', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/prep');
    await w.chat.command(alice, w.channel, '/prep help');
    const [alone, explicit] = w.chat.privateTo(alice);
    expect(alone?.doc.title).toBe('Bar Raiser commands');
    expect(alone?.text).toBe(explicit?.text);
  });
});

describe('the error boundary', () => {
  it('tells the user a ref and logs the error with the same ref', async () => {
    const w = world();
    const alice = w.user('alice');
    const result = await w.chat.command(alice, w.channel, '/prep test-boom');
    expect(result.handled).toBe(true);
    const [reply] = inbox(w, alice);
    const match = /^Something went wrong \(ref ([0-9a-f]{6})\)/.exec(reply ?? '');
    expect(match, reply).not.toBeNull();
    const errors = w.logs().filter((l) => l.msg === 'handler failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, errorId: match![1], eventType: 'command' });
    expect((errors[0]!.err as { message: string }).message).toBe('kaboom in a feature');
    expect((errors[0]!.err as { stack: string }).stack).toContain('dispatcher.test.ts');
  });

  it('gives every failure its own ref and keeps working afterwards', async () => {
    const w = world();
    const alice = w.user('alice');
    await w.chat.command(alice, w.channel, '/prep test-boom');
    await w.chat.command(alice, w.channel, '/prep test-boom');
    await w.chat.command(alice, w.channel, '/prep test-echo still alive');
    const refs = inbox(w, alice)
      .slice(0, 2)
      .map((t) => /ref ([0-9a-f]{6})/.exec(t)?.[1]);
    expect(refs[0]).not.toBe(refs[1]);
    expect(w.logs().filter((l) => l.msg === 'handler failed').map((l) => l.errorId)).toEqual(refs);
    expect(inbox(w, alice)[2]).toBe('echo: still alive');
  });

  it('catches failing buttons and thread handlers too', async () => {
    const w = world();
    const alice = w.user('alice');
    const posted = await w.chat.postMessage(w.channel, { text: 'press', buttons: [{ action: 'probe.boom', label: 'Boom' }] });
    await w.chat.click(alice, w.chat.message(posted)!, 'boom');
    const thread = await w.chat.startThread(w.channel, { text: 'question' });
    await w.chat.say(alice, w.channel, 'explode', thread.thread);
    const replies = inbox(w, alice);
    expect(replies).toHaveLength(2);
    for (const r of replies) expect(r).toMatch(/^Something went wrong \(ref [0-9a-f]{6}\)/);
    expect(w.logs().filter((l) => l.msg === 'handler failed').map((l) => [l.msg, l.eventType])).toEqual([
      ['handler failed', 'button'],
      ['handler failed', 'message'],
    ]);
    // The failure reply went where the user was: the thread.
    expect(w.chat.privateTo(alice)[1]?.thread).toBe(thread.thread);
  });

  it('a failing tick is logged and does not stop the other features', async () => {
    const w = world();
    w.app.dispatcher.register({
      name: 'broken-tick',
      tick: async () => {
        throw new Error('tick kaboom');
      },
    });
    await w.app.dispatcher.tick();
    expect(w.calls.ticks).toBe(1);
    expect(w.logs().filter((l) => l.msg === 'tick failed').map((l) => l.feature)).toEqual(['broken-tick']);
  });
});

describe('events', () => {
  it('routes thread messages to features, but not channel messages', async () => {
    const w = world();
    const alice = w.user('alice');
    const thread = await w.chat.startThread(w.channel, { text: 'daily question' });
    await w.chat.say(alice, w.channel, 'top-level chatter');
    await w.chat.say(alice, w.channel, 'my answer', thread.thread);
    expect(w.calls.threadMessages).toEqual(['alice:my answer']);
  });

  it('drops redelivered messages and interactions', async () => {
    const w = world();
    const alice = w.user('alice');
    const thread = await w.chat.startThread(w.channel, { text: 'daily question' });
    const message = await w.chat.say(alice, w.channel, 'answer once', thread.thread);
    await w.chat.redeliver(message);
    await w.chat.redeliver(message);
    expect(w.calls.threadMessages).toEqual(['alice:answer once']);

    const command = {
      type: 'command' as const,
      community: 'mem:w:test',
      channel: w.channel,
      command: 'prep',
      text: 'test-echo twice?',
      user: alice,
      interaction: 'mem:i:retry-1',
    };
    await w.app.dispatcher.dispatch(command);
    await w.app.dispatcher.dispatch(command);
    expect(w.calls.echo).toEqual(['twice?']);
  });

  it('ignores bots', async () => {
    const w = world();
    const robot = w.user('robot', { bot: true });
    const thread = await w.chat.startThread(w.channel, { text: 'daily question' });
    await w.chat.say(robot, w.channel, 'beep', thread.thread);
    const result = await w.chat.command(robot, w.channel, '/prep test-echo beep');
    expect(result.handled).toBe(false);
    expect(w.calls.threadMessages).toEqual([]);
    expect(w.calls.echo).toEqual([]);
    expect(w.chat.privateTo(robot)).toEqual([]);
  });

  it('routes edits, deletes and reactions', async () => {
    const w = world();
    const alice = w.user('alice');
    const thread = await w.chat.startThread(w.channel, { text: 'daily question' });
    const message = await w.chat.say(alice, w.channel, 'first draft', thread.thread);
    await w.chat.edit(alice, message, 'second draft');
    await w.chat.react(w.user('bob'), message, 'thumbsup');
    await w.chat.remove(message);
    expect(w.calls.edits).toEqual(['second draft']);
    expect(w.calls.reactions).toEqual(['bob:thumbsup']);
    expect(w.calls.deletes).toEqual([String(message.id)]);
  });

  it('answers buttons and forms it does not know politely', async () => {
    const w = world();
    const alice = w.user('alice');
    const posted = await w.chat.postMessage(w.channel, { text: 'old post', buttons: [{ action: 'gone.feature', label: 'Old button' }] });
    const clicked = await w.chat.click(alice, w.chat.message(posted)!, 'old');
    expect(clicked.handled).toBe(true);
    const submitted = await w.chat.submit(
      alice,
      { interaction: 'mem:i:x', user: alice.ref, channel: w.channel, thread: null, form: { id: 'gone.form', title: 'Old', inputs: [], state: '' } },
      {},
    );
    expect(submitted.handled).toBe(true);
    expect(inbox(w, alice)).toEqual([
      'That button belongs to something this bot no longer knows. Try the command instead (`/prep help`).',
      'That form has expired. Open it again from its button.',
    ]);
    expect(w.logs().filter((l) => l.level === 50)).toEqual([]);
  });

  it('returns form field errors to the adapter', async () => {
    const w = world();
    const alice = w.user('alice');
    const opened = { interaction: 'mem:i:f', user: alice.ref, channel: w.channel, thread: null, form: { id: 'probe.form', title: 'Probe', inputs: [], state: 's' } };
    expect(await w.chat.submit(alice, opened, { answer: '' })).toEqual({ handled: true, fieldErrors: { answer: 'Write something' } });
    expect(await w.chat.submit(alice, opened, { answer: '42' })).toEqual({ handled: true });
    expect(inbox(w, alice)).toEqual(['got 42']);
  });
});
