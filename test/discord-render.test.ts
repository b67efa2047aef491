import { ApplicationCommandOptionType, ButtonStyle, ComponentType, type APIEmbed, type CommandInteractionOption, type User } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandText } from '../adapters/discord/command-text.js';
import { commandDefinitions, SLASH_COMMANDS } from '../adapters/discord/commands.js';
import { commandDifferences } from '../adapters/discord/command-sync.js';
import { CUSTOM_ID_MAX, CustomIds } from '../adapters/discord/custom-ids.js';
import { FormSessions } from '../adapters/discord/form-sessions.js';
import * as refs from '../adapters/discord/refs.js';
import { FORM_BUTTON_ACTION, fieldErrorsDoc, renderModal } from '../adapters/discord/render-form.js';
import { footerHasKey, nonceFor, renderMessage } from '../adapters/discord/render-message.js';
import { suggestTimezones } from '../adapters/discord/timezones.js';
import { mentionedUsers } from '../adapters/discord/translate-interactions.js';
import type { FormDoc, MessageDoc } from '../src/core/ports.js';

const G = '1457468924290662599';
const C = '1457510428359004343';
const T = '1457536551830421524';

describe('Discord refs', () => {
  it('round-trips channels, threads, DMs, messages, users and interactions', () => {
    const channel = { guildId: G, channelId: C, threadId: null, dm: false };
    const thread = { ...channel, threadId: T };
    const dm = { guildId: G, channelId: '42', threadId: null, dm: true };
    expect(refs.locationRef(channel)).toBe(`discord:${G}:${C}`);
    expect(refs.locationRef(thread)).toBe(`discord:${G}:${C}:${T}`);
    expect(refs.locationRef(dm)).toBe(`discord:${G}:dm:42`);
    for (const location of [channel, thread, dm]) {
      expect(refs.parseLocation(refs.locationRef(location))).toEqual(location);
      expect(refs.parseMessage(refs.messageRef(location, '99'))).toEqual({ ...location, messageId: '99' });
    }
    expect(refs.parseUser(refs.userRef(G, '5'))).toEqual({ guildId: G, userId: '5' });
    expect(refs.parseInteraction(refs.interactionRef('77'))).toBe('77');
  });

  it('refuses refs that are not Discord refs of the expected kind', () => {
    for (const bad of ['slack:T1:C2', `discord:${G}`, `discord:${G}:x`, `discord:${G}:${C}:${T}:1`, 'mem:c:general']) {
      expect(() => refs.parseLocation(bad)).toThrow(refs.RefError);
    }
    expect(() => refs.parseMessage(`discord:${G}:${C}`)).toThrow(refs.RefError);
    expect(() => refs.parseUser(`discord:${G}:${C}`)).toThrow(refs.RefError);
  });
});

describe('custom_id', () => {
  it('round-trips action and value, and the guild of a DM button', () => {
    const ids = new CustomIds();
    expect(ids.encode({ action: 'answers.open-form', value: '42' })).toBe('answers.open-form|42');
    expect(ids.decode('answers.open-form|42')).toEqual({ action: 'answers.open-form', value: '42' });
    const dm = ids.encode({ action: 'reviews.start', value: '7|b', guildId: G });
    expect(dm).toBe(`${G}#reviews.start|7|b`);
    expect(ids.decode(dm)).toEqual({ action: 'reviews.start', value: '7|b', guildId: G });
    expect(ids.decode('hello')).toEqual({ action: 'hello', value: '' });
  });

  it('keeps what does not fit in 100 characters behind a token, lost only on restart', () => {
    const ids = new CustomIds();
    const long = { action: 'reviews.submit', value: 'x'.repeat(200) };
    const encoded = ids.encode(long);
    expect(encoded.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(ids.decode(encoded)).toEqual(long);
    expect(new CustomIds().decode(encoded)).toBeNull();
  });
});

describe('rendering a MessageDoc', () => {
  const doc: MessageDoc = {
    title: 'Round 2: Data Pipeline Development & Automation',
    text: '**How would you make a Glue job idempotent?**\n\n_How to answer:_ think out loud.',
    fields: [
      { label: 'Difficulty', value: '●●○ medium' },
      { label: 'Answer by', value: 'a long value that goes on and on past the forty characters of an inline field' },
    ],
    buttons: [
      { action: 'answers.open-form', label: 'Answer (STAR form)', value: '42', style: 'primary' },
      { action: 'reviews.start', label: 'Review an answer', value: '42' },
    ],
    context: 'Answer in this thread.',
  };

  it('is one embed (title, description, fields, footer) and a row of buttons', () => {
    const rendered = renderMessage(doc, { customIds: new CustomIds() });
    expect(rendered.embeds).toEqual([
      {
        color: 0xff9900,
        title: doc.title,
        description: doc.text,
        fields: [
          { name: 'Difficulty', value: '●●○ medium', inline: true },
          { name: 'Answer by', value: doc.fields![1]!.value, inline: false },
        ],
        footer: { text: 'Answer in this thread.' },
      },
    ]);
    expect(rendered.components).toEqual([
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Answer (STAR form)', custom_id: 'answers.open-form|42' },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Review an answer', custom_id: 'reviews.start|42' },
        ],
      },
    ]);
    expect(rendered.allowed_mentions).toEqual({ parse: [] });
  });

  it('puts at most five buttons in a row and stays within Discord limits', () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ action: 'x.y', label: `B${i}`, value: String(i) }));
    const customIds = new CustomIds();
    const rendered = renderMessage({ text: 'y'.repeat(10_000), buttons }, { customIds });
    expect(rendered.components.map((row) => row.components.length)).toEqual([5, 5, 2]);
    expect(rendered.embeds[0]!.description).toHaveLength(4096);
    const size = (embed: APIEmbed) =>
      (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
      (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    const manyFields = { title: 't', text: 'x'.repeat(3000), context: 'c', fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(2000) })) };
    const embed = renderMessage(manyFields, { customIds }).embeds[0]!;
    expect(size(embed)).toBeLessThanOrEqual(6000);
    expect(embed.fields!.every((f) => f.value.length <= 1024)).toBe(true);
    const short = renderMessage({ fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v' })) }, { customIds }).embeds[0]!;
    expect(short.fields).toHaveLength(25);
  });

  it('writes the post key in the footer so a post can be found again; the nonce is derived from it', () => {
    const rendered = renderMessage(doc, { customIds: new CustomIds(), postKey: 'daily:42' });
    expect(rendered.embeds[0]!.footer).toEqual({ text: 'Answer in this thread. · daily:42' });
    expect(footerHasKey(rendered.embeds[0]!.footer!.text, 'daily:42')).toBe(true);
    expect(footerHasKey(rendered.embeds[0]!.footer!.text, 'daily:4')).toBe(false);
    expect(nonceFor('daily:42')).toHaveLength(25);
    expect(nonceFor('daily:42')).toBe(nonceFor('daily:42'));
    expect(nonceFor('daily:42')).not.toBe(nonceFor('daily:43'));
  });

  it('gives an empty document a valid embed', () => {
    expect(renderMessage({}, { customIds: new CustomIds() }).embeds[0]).toEqual({ color: 0xff9900, description: '\u200b' });
  });
});

describe('forms as modals', () => {
  const star: FormDoc = {
    id: 'answers.star',
    title: 'Your STAR answer',
    state: '42',
    inputs: [
      { kind: 'text', id: 'situation', label: 'Situation', multiline: true, required: true, minLength: 20, maxLength: 1500 },
      { kind: 'text', id: 'task', label: 'Task', multiline: true, required: true },
      { kind: 'text', id: 'action', label: 'Action: what did *you* do, step by step, and why that way?', multiline: true, required: true },
      { kind: 'text', id: 'result', label: 'Result', multiline: true, required: true },
      { kind: 'text', id: 'learned', label: 'What I learned', placeholder: 'optional', initial: 'To measure first' },
    ],
  };
  const rubric: FormDoc = {
    id: 'reviews.rubric',
    title: 'Review',
    state: '9',
    inputs: [
      ...['situation', 'action', 'result', 'principle', 'depth'].map((id) => ({
        kind: 'choice' as const,
        id,
        label: id,
        required: true,
        options: ['1', '2', '3', '4'].map((v) => ({ value: v, label: `${v} of 4` })),
      })),
      { kind: 'text', id: 'keep', label: 'Keep', multiline: true, required: true, minLength: 20 },
      { kind: 'text', id: 'change', label: 'Change', multiline: true, required: true, minLength: 20 },
    ],
  };

  it('builds Label components with text inputs: style, lengths, required, prefilled value', () => {
    const modal = renderModal(star, 'answers.star|42', { index: 0, count: 1 });
    expect(modal.custom_id).toBe('answers.star|42');
    expect(modal.title).toBe('Your STAR answer');
    expect(modal.components).toHaveLength(5);
    expect(modal.components[0]).toEqual({
      type: ComponentType.Label,
      label: 'Situation',
      component: { type: ComponentType.TextInput, custom_id: 'situation', style: 2, required: true, min_length: 20, max_length: 1500 },
    });
    // A label longer than Discord's 45 characters is cut and repeated in full as the description.
    expect(modal.components[2]).toMatchObject({ label: expect.stringMatching(/^.{44}…$/), description: star.inputs[2]!.label });
    expect(modal.components[4]).toMatchObject({
      component: { style: 1, required: false, placeholder: 'optional', value: 'To measure first' },
    });
  });

  it('shows choices as string selects inside the modal, the current value preselected', () => {
    const modal = renderModal(rubric, 'x', { index: 0, count: 2 }, { action: '3' });
    expect(modal.title).toBe('Review (1/2)');
    expect(modal.components).toHaveLength(5);
    expect(modal.components[1]).toEqual({
      type: ComponentType.Label,
      label: 'action',
      component: {
        type: ComponentType.StringSelect,
        custom_id: 'action',
        required: true,
        min_values: 1,
        max_values: 1,
        options: [
          { label: '1 of 4', value: '1' },
          { label: '2 of 4', value: '2' },
          { label: '3 of 4', value: '3', default: true },
          { label: '4 of 4', value: '4' },
        ],
      },
    });
  });

  it('splits a form of more than five inputs into pages and collects them into one submission', () => {
    const forms = new FormSessions();
    const session = forms.open(rubric, 'u1');
    expect(session.pageCount).toBe(2);
    const first = forms.modal(session);
    expect(first.custom_id).toBe(`discord.form|${session.id}|0`);
    const page1 = { situation: '3', action: '4', result: '2', principle: '3', depth: '1' };
    expect(forms.submitted(first.custom_id, 'u1', page1)).toMatchObject({ kind: 'next-page' });
    const second = forms.modal(session);
    expect(second.title).toBe('Review (2/2)');
    expect(second.components.map((c) => (c as { component: { custom_id: string } }).component.custom_id)).toEqual(['keep', 'change']);
    // Someone else cannot submit this user's pages.
    expect(forms.submitted(second.custom_id, 'u2', {})).toEqual({ kind: 'expired' });
    const done = forms.submitted(second.custom_id, 'u1', { keep: 'k'.repeat(20), change: 'c'.repeat(20) });
    expect(done).toMatchObject({ kind: 'complete', form: 'reviews.rubric', state: '9', values: { ...page1, keep: 'k'.repeat(20), change: 'c'.repeat(20) } });
  });

  it('gives a one-page form a custom_id that still works after a restart', () => {
    const session = new FormSessions().open(star, 'u1');
    expect(new FormSessions().submitted(new FormSessions().modal(session).custom_id, 'u1', { situation: 's' })).toMatchObject({
      kind: 'complete',
      form: 'answers.star',
      state: '42',
      values: { situation: 's' },
      session: null,
    });
  });

  it('turns field errors into a message that repeats what was typed and reopens the form filled', () => {
    const forms = new FormSessions();
    const session = forms.open(star, 'u1');
    const values = { situation: 'too short', task: 'Ship the pipeline', action: 'I did it', result: '', learned: '' };
    const doc = fieldErrorsDoc(star, values, { situation: 'Tell a bit more (at least 20 characters).', result: 'Required.' }, session.id);
    expect(doc.text).toBe('- **Situation**: Tell a bit more (at least 20 characters).\n- **Result**: Required.');
    expect(doc.fields).toEqual([
      { label: 'You wrote: Situation', value: 'too short' },
      { label: 'You wrote: Task', value: 'Ship the pipeline' },
      { label: `You wrote: ${star.inputs[2]!.label}`, value: 'I did it' },
    ]);
    expect(doc.buttons).toEqual([{ action: FORM_BUTTON_ACTION, label: 'Edit and resubmit', value: session.id, style: 'primary' }]);
    forms.submitted(forms.modal(session).custom_id, 'u1', values);
    const reopened = forms.modal(session);
    expect(reopened.components[0]).toMatchObject({ component: { value: 'too short' } });
    expect(reopened.components[1]).toMatchObject({ component: { value: 'Ship the pipeline' } });
  });
});

describe('slash commands', () => {
  it('declares /prep and /mock with valid Discord JSON (the builders validate every limit)', () => {
    const json = commandDefinitions();
    expect(json.map((c) => c.name)).toEqual(['prep', 'mock']);
    const prep = json[0]!;
    expect(prep.options?.map((o) => o.name)).toEqual([
      'help', 'setup', 'schedule', 'pause', 'resume', 'skip', 'post-now', 'unschedule', 'review', 'stats',
      'leaderboard', 'stories', 'export', 'forget-me', 'away', 'back', 'remind', 'tz',
    ]);
    const setup = prep.options!.find((o) => o.name === 'setup') as { options: { name: string; autocomplete?: boolean; choices?: unknown[] }[] };
    expect(setup.options.map((o) => o.name)).toEqual(['time', 'tz', 'days', 'rotation', 'review', 'digest']);
    expect(setup.options.find((o) => o.name === 'tz')?.autocomplete).toBe(true);
    const mock = json[1]!;
    const start = mock.options!.find((o) => o.name === 'start') as { options: { name: string; type: number; choices?: { name: string; value: number }[] }[] };
    expect(start.options.map((o) => [o.name, o.type])).toEqual([
      ['round', ApplicationCommandOptionType.Integer],
      ['questions', ApplicationCommandOptionType.Integer],
      ['minutes', ApplicationCommandOptionType.Integer],
      ['partner', ApplicationCommandOptionType.User],
    ]);
    expect(start.options[0]!.choices?.[1]).toEqual({ name: 'Round 2: Data Pipeline Development & Automation', value: 2 });
    expect(SLASH_COMMANDS).toHaveLength(2);
  });

  const sub = (name: string, options: CommandInteractionOption[]): CommandInteractionOption[] => [
    { name, type: ApplicationCommandOptionType.Subcommand, options },
  ];
  const str = (name: string, value: string): CommandInteractionOption => ({ name, type: ApplicationCommandOptionType.String, value });
  const int = (name: string, value: number): CommandInteractionOption => ({ name, type: ApplicationCommandOptionType.Integer, value });

  it('translates an interaction back into the text the core parses', () => {
    expect(commandText('prep', sub('setup', [str('time', '09:00'), str('tz', 'UTC')]), G)).toBe('setup time:09:00 tz:UTC');
    expect(commandText('prep', sub('setup', [str('rotation', 'round 3')]), G)).toBe('setup rotation:round 3');
    expect(commandText('prep', sub('post-now', []), G)).toBe('post-now');
    expect(commandText('prep', sub('away', [int('days', 5)]), G)).toBe('away days:5');
    expect(commandText('prep', sub('tz', [str('zone', 'Europe/Berlin')]), G)).toBe('tz Europe/Berlin');
    expect(commandText('prep', sub('remind', [str('time', 'off')]), G)).toBe('remind off');
    const partner: CommandInteractionOption = { name: 'partner', type: ApplicationCommandOptionType.User, value: '555' };
    expect(commandText('mock', sub('start', [int('round', 2), partner]), G)).toBe(`round:2 partner:discord:${G}:@555`);
    expect(commandText('mock', sub('status', []), G)).toBe('status');
    // A value typed over several lines stays one option.
    expect(commandText('prep', sub('setup', [str('digest', 'fri\n17:00')]), G)).toBe('setup digest:fri 17:00');
  });

  it('reports the people chosen in user options as mentions, named as they are in the server', () => {
    const user = (id: string, username: string) => ({ id, username, globalName: null, bot: false }) as User;
    const partner = { name: 'partner', type: ApplicationCommandOptionType.User, value: '555', user: user('555', 'bob') };
    const nicked = { ...partner, value: '556', user: user('556', 'carol'), member: { nick: 'Caro' } } as CommandInteractionOption;
    const unresolved: CommandInteractionOption = { name: 'partner', type: ApplicationCommandOptionType.User, value: '557' };
    expect(mentionedUsers(sub('start', [int('round', 2), partner, nicked, unresolved]), G)).toEqual([
      { ref: `discord:${G}:@555`, platformId: '555', name: 'bob', isAdmin: false, isBot: false },
      { ref: `discord:${G}:@556`, platformId: '556', name: 'Caro', isAdmin: false, isBot: false },
    ]);
    expect(mentionedUsers(sub('status', []), G)).toEqual([]);
  });

  it('tells registered commands that match from ones that are missing or changed', () => {
    const wanted = commandDefinitions();
    const asRegistered = wanted.map((c) => ({ ...c, id: '1', application_id: '1', version: '1', type: 1, default_member_permissions: null, nsfw: false }));
    expect(commandDifferences(asRegistered)).toEqual([]);
    expect(commandDifferences(asRegistered.slice(0, 1))).toEqual(['/mock is not registered']);
    const changed = structuredClone(asRegistered);
    changed[0]!.description = 'an older description';
    expect(commandDifferences(changed)).toEqual(['/prep has changed']);
  });
});

describe('time zone autocomplete', () => {
  it('suggests zones by city or area, at most 25', () => {
    expect(suggestTimezones('berl').map((s) => s.value)).toEqual(['Europe/Berlin']);
    expect(suggestTimezones('america/new').map((s) => s.value)).toContain('America/New_York');
    expect(suggestTimezones('new york').map((s) => s.value)).toContain('America/New_York');
    expect(suggestTimezones('utc')[0]).toEqual({ name: 'UTC', value: 'UTC' });
    expect(suggestTimezones('')).toHaveLength(25);
  });
});
