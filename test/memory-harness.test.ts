import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { BOT_USER, MemoryChat } from '../adapters/memory/memory-chat.js';
import { makeCatalog } from '../src/catalog/load.js';
import { PRINCIPLE_IDS } from '../src/catalog/schema.js';
import type { Feature, Services } from '../src/core/feature.js';
import { DeliveryError, type FormDoc } from '../src/core/ports.js';

// The harness must not depend on the question bank being written concurrently.
const catalog = makeCatalog(
  [],
  PRINCIPLE_IDS.map((id) => ({ id, name: id, summary: `${id} summary text that is long enough.`, signals: ['a', 'b', 'c', 'd'] })),
);

const FORM: Omit<FormDoc, 'state'> = {
  id: 'echo.form',
  title: 'Echo form',
  submitLabel: 'Send',
  inputs: [
    { kind: 'text', id: 'story', label: 'Your story', multiline: true, required: true },
    { kind: 'choice', id: 'mood', label: 'Mood', options: [{ value: 'ok', label: 'OK' }, { value: 'great', label: 'Great' }] },
  ],
};

interface Seen {
  edits: string[];
  deletes: string[];
  ticks: string[];
}

/** A tiny feature that exercises every ChatPort call, so this test does not depend on real features. */
function echoFeature(services: Services, seen: Seen): Feature {
  const { port } = services;
  return {
    name: 'echo',
    commands: [
      {
        command: 'prep',
        name: 'test-post',
        usage: '/prep test-post TITLE',
        summary: 'Post a thread with buttons',
        run: async (ctx, args) => {
          const posted = await port.startThread(
            ctx.channel,
            {
              title: args.positional.join(' ') || 'Question',
              text: 'Answer in the thread.',
              buttons: [
                { action: 'echo.answer', label: 'Answer', value: 'q1', style: 'primary' },
                { action: 'echo.dm', label: 'DM me' },
              ],
            },
            { key: 'echo:1', threadName: 'Echo thread' },
          );
          await port.reply(posted.thread, { text: 'Thread is open.' });
        },
      },
      {
        command: 'prep',
        name: 'test-form',
        usage: '/prep test-form',
        summary: 'Open the echo form',
        run: async (ctx) => {
          await port.openForm(ctx.interaction!, { ...FORM, state: `cmd|${ctx.channel}` });
        },
      },
      {
        command: 'prep',
        name: 'test-admin',
        usage: '/prep test-admin',
        summary: 'Admins only',
        adminOnly: true,
        run: async (ctx) => ctx.reply(`hello admin ${ctx.actor.name}`),
      },
    ],
    buttons: {
      'echo.answer': async (ctx) => {
        await port.openForm(ctx.interaction!, { ...FORM, state: `button|${ctx.event.value}|${ctx.thread ?? ctx.event.message}` });
      },
      'echo.dm': async (ctx) => {
        await port.sendDirect(ctx.actor.ref, { text: `psst ${ctx.actor.name}` });
      },
    },
    forms: {
      'echo.form': async (ctx) => {
        const { story = '', mood = '' } = ctx.event.values;
        if (story.trim().length < 5) return { fieldErrors: { story: 'Tell a longer story' } };
        const [kind, value, message] = ctx.event.state.split('|');
        if (kind === 'button' && message) {
          const thread = message.replace('mem:m:', 'mem:t:');
          await port.reply(thread, { text: `${ctx.actor.name} (${mood}) about ${value}: ${story}` });
        } else {
          await ctx.reply(`private echo: ${story}`);
        }
      },
    },
    onThreadMessage: async (ctx) => {
      await port.reply(ctx.thread!, { text: `echo ${ctx.actor.name}: ${ctx.event.text}` });
      return true;
    },
    onReaction: async (ctx) => {
      if (ctx.event.added) await port.addReaction(ctx.event.message, ctx.event.emoji);
      return true;
    },
    onMessageEdited: async (ctx) => {
      seen.edits.push(ctx.event.text);
      await ctx.reply(`saw your edit: ${ctx.event.text}`);
      return true;
    },
    onMessageDeleted: async (event) => {
      seen.deletes.push(event.message);
      return true;
    },
    tick: async (now) => {
      seen.ticks.push(now.toISOString());
      if (now.getUTCMinutes() === 0) await port.postMessage(MemoryChat.channelRef('study-group'), { text: `on the hour: ${now.toISOString()}` });
    },
  };
}

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses) h.close();
  harnesses = [];
});

function setup(): { h: Harness; seen: Seen } {
  const h = new Harness({ catalog, start: '2026-11-30T08:58:00Z' });
  harnesses.push(h);
  const seen: Seen = { edits: [], deletes: [], ticks: [] };
  h.app.dispatcher.register(echoFeature(h.app.services, seen));
  return { h, seen };
}

describe('the memory harness', () => {
  it('records what users say in channels and threads, with authors', async () => {
    const { h } = setup();
    const alice = h.as('alice');
    const said = await alice.say('hello channel');
    expect(said).toMatchObject({ kind: 'user', author: 'mem:u:alice', channel: h.channel, thread: null, text: 'hello channel' });
    // A channel message is not a thread message: the feature does not echo it.
    expect(h.botMessages()).toEqual([]);

    await alice.command('/prep test-post Daily question');
    const post = h.lastThreadStart();
    expect(post).toMatchObject({ kind: 'thread-start', author: 'bot', channel: h.channel, key: 'echo:1', threadName: 'Echo thread' });
    expect(post.doc.title).toBe('Daily question');
    expect(post.doc.buttons?.map((b) => b.label)).toEqual(['Answer', 'DM me']);

    const answer = await h.as('bob').answer('my answer');
    expect(answer.thread).toBe(h.chat.threadOf(post));
    const replies = h.botMessages().filter((m) => m.kind === 'reply');
    expect(replies.map((m) => [m.thread, m.to, m.text])).toEqual([
      [h.chat.threadOf(post), null, 'Thread is open.'],
      [h.chat.threadOf(post), null, 'echo bob: my answer'],
    ]);
  });

  it('slash commands answer only the caller, where they are', async () => {
    const { h } = setup();
    const alice = h.as('alice');
    const bob = h.as('bob');
    await alice.command('/prep help');
    const help = alice.lastPrivate();
    expect(help).toMatchObject({ kind: 'ephemeral', to: 'mem:u:alice', channel: h.channel, thread: null });
    expect(help.text).toContain('/prep test-post TITLE');
    expect(bob.inbox()).toEqual([]);

    await bob.command('/prep test-admin');
    expect(bob.lastPrivate().text).toContain('is for admins');
    await h.as('boss', { admin: true }).command('/prep test-admin');
    expect(h.as('boss').lastPrivate().text).toBe('hello admin boss');
  });

  it('reports @name words of a command as mentions, as the platforms do for picked users', async () => {
    const chat = new MemoryChat();
    const seen: unknown[] = [];
    chat.dispatch = async (event) => {
      seen.push(event.type === 'command' ? event.mentions : 'not a command');
      return { handled: true };
    };
    const alice = chat.user('alice');
    chat.user('boss', { admin: true });
    await chat.command(alice, MemoryChat.channelRef('x'), '/mock partner:@dana ask @boss, @dana and mail a@b.c');
    await chat.command(alice, MemoryChat.channelRef('x'), '/mock round:2');
    const person = (name: string) => ({ ref: `mem:u:${name}`, platformId: name, name, isAdmin: false, isBot: false });
    // Once each, never an admin, and dana now exists in this world; no mentions, no `mentions`.
    expect(seen).toEqual([[person('dana'), person('boss')], undefined]);
    expect(chat.user('dana').ref).toBe('mem:u:dana');
  });

  it('clicks a button, fills the form it opened, and reads the result', async () => {
    const { h } = setup();
    const alice = h.as('alice');
    await alice.command('/prep test-post Q');
    const post = h.lastThreadStart();
    await alice.click(post, 'answ');

    const opened = alice.openedForm();
    expect(opened.form.id).toBe('echo.form');
    expect(opened.form.inputs.map((i) => i.id)).toEqual(['story', 'mood']);
    expect(opened.user).toBe('mem:u:alice');
    expect(opened.form.state).toBe(`button|q1|${post.ref}`);
    expect(() => h.as('bob').openedForm()).toThrow('no form was opened for bob');

    expect(await alice.submit({ story: 'hm', mood: 'ok' })).toEqual({ handled: true, fieldErrors: { story: 'Tell a longer story' } });
    expect(await alice.submit({ story: 'We cut latency by 40%', mood: 'great' })).toEqual({ handled: true });
    expect(h.botMessages().at(-1)).toMatchObject({
      kind: 'reply',
      thread: h.chat.threadOf(post),
      text: 'alice (great) about q1: We cut latency by 40%',
    });
  });

  it('opens forms from commands too', async () => {
    const { h } = setup();
    const carol = h.as('carol');
    await carol.command('/prep test-form');
    expect(carol.openedForm().form.state).toBe(`cmd|${h.channel}`);
    await carol.submit({ story: 'A private story' });
    expect(carol.lastPrivate()).toMatchObject({ kind: 'ephemeral', to: 'mem:u:carol', text: 'private echo: A private story' });
  });

  it('sends direct messages to the right person', async () => {
    const { h } = setup();
    await h.as('alice').command('/prep test-post Q');
    await h.as('dave').click(h.lastThreadStart(), 'dm');
    const dm = h.as('dave').lastPrivate();
    expect(dm).toMatchObject({ kind: 'dm', to: 'mem:u:dave', channel: 'mem:dm:dave', text: 'psst dave' });
    expect(h.as('alice').inbox().filter((m) => m.kind === 'dm')).toEqual([]);
  });

  it('reacts, edits and deletes', async () => {
    const { h, seen } = setup();
    const alice = h.as('alice');
    await alice.command('/prep test-post Q');
    const mine = await alice.answer('first take');

    await h.as('bob').react(mine, 'fire');
    expect([...(mine.reactions.get('fire') ?? [])]).toEqual(['mem:u:bob', BOT_USER]);

    await alice.edit(mine, 'second take');
    expect(mine).toMatchObject({ text: 'second take', edited: true });
    expect(seen.edits).toEqual(['second take']);
    expect(alice.lastPrivate().text).toBe('saw your edit: second take');

    await h.chat.remove(mine);
    expect(mine.deleted).toBe(true);
    expect(seen.deletes).toEqual([mine.ref]);
  });

  it('moves time minute by minute and shows what the ticks posted', async () => {
    const { h, seen } = setup();
    await h.advance('3m');
    expect(h.clock.now().toISOString()).toBe('2026-11-30T09:01:00.000Z');
    expect(seen.ticks).toEqual(['2026-11-30T08:59:00.000Z', '2026-11-30T09:00:00.000Z', '2026-11-30T09:01:00.000Z']);
    expect(h.botMessages().map((m) => [m.kind, m.text, m.at.toISOString()])).toEqual([
      ['post', 'on the hour: 2026-11-30T09:00:00.000Z', '2026-11-30T09:00:00.000Z'],
    ]);
  });

  it('injects delivery faults, which the core reports to the user', async () => {
    const { h } = setup();
    h.chat.fault = (method) => (method === 'startThread' ? new DeliveryError('channel_not_found', 'channel_not_found', true) : undefined);
    const alice = h.as('alice');
    await alice.command('/prep test-post Q');
    expect(h.threadStarts()).toEqual([]);
    expect(alice.lastPrivate().text).toMatch(/^Something went wrong \(ref [0-9a-f]{6}\)/);
  });
});
