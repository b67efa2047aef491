import {
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { ROUND_TITLES } from '../../src/catalog/schema.js';
// The core's own bounds, so that Discord's typed options can never disagree with the parser.
import { MAX_MINUTES, MAX_QUESTIONS } from '../../src/features/mock/options.js';
import { AWAY_MAX_DAYS, AWAY_MIN_DAYS } from '../../src/features/streaks/arguments.js';

/**
 * Every slash command Bar Raiser declares on Discord, in one place. The same table drives the
 * registration (register-cli.ts), the start-up drift check, and the translation of an interaction
 * back into the text the core parses ("/prep setup time:09:00" → command "prep", text "setup time:09:00").
 */
export type OptionKind = 'string' | 'integer' | 'user';

export interface OptionSpec {
  readonly name: string;
  readonly description: string;
  readonly kind: OptionKind;
  readonly required?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  /** Suggest values while typing (time zones). */
  readonly autocomplete?: 'timezone';
  readonly min?: number;
  readonly max?: number;
  /** Written as a bare word ("/prep tz Europe/Berlin") instead of "name:value" in the core's text. */
  readonly bare?: boolean;
}

export interface SubcommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options?: readonly OptionSpec[];
  /**
   * What the core's parser expects in place of the subcommand name. Discord needs a subcommand for
   * every action, but `/mock` alone is the core's "start": `/mock start round:2` becomes "round:2".
   */
  readonly coreName?: string;
}

export interface SlashCommandSpec {
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly SubcommandSpec[];
}

const ROUND_CHOICES = ([1, 2, 3, 4, 5] as const).map((round) => ({
  name: `Round ${round}: ${ROUND_TITLES[round]}`,
  value: round,
}));

const timezoneOption = (name: string, description: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({
  name,
  description,
  kind: 'string',
  autocomplete: 'timezone',
  ...extra,
});

const simple = (name: string, description: string): SubcommandSpec => ({ name, description });

export const SLASH_COMMANDS: readonly SlashCommandSpec[] = [
  {
    name: 'prep',
    description: 'Daily Amazon Data Engineer interview practice',
    subcommands: [
      simple('help', 'List every command'),
      {
        name: 'setup',
        description: 'Schedule the daily question in this channel, or change its schedule (admins)',
        options: [
          { name: 'time', description: 'Post time, 24-hour HH:MM (default 09:00)', kind: 'string' },
          timezoneOption('tz', 'IANA time zone, e.g. Europe/Berlin'),
          { name: 'days', description: 'mon-fri, daily, or a list like mon,wed,fri', kind: 'string' },
          {
            name: 'rotation',
            description: 'Which round each day asks',
            kind: 'string',
            choices: [
              { name: 'weekday: Monday to Friday = rounds 1 to 5', value: 'weekday' },
              { name: 'cycle: rounds 1, 2, 3, 4, 5, 1, ... over posting days', value: 'cycle' },
              ...ROUND_CHOICES.map((c) => ({ name: `only ${c.name}`, value: `round ${c.value}` })),
            ],
          },
          {
            name: 'review',
            description: 'Where peer reviews go',
            kind: 'string',
            choices: [
              { name: "thread: in the question's thread", value: 'thread' },
              { name: 'private: to the author only', value: 'private' },
            ],
          },
          { name: 'digest', description: 'Weekly digest day and time, e.g. "fri 17:00", or "off"', kind: 'string' },
        ],
      },
      simple('schedule', "Show this channel's schedule and next question"),
      simple('pause', 'Pause the daily question (admins)'),
      simple('resume', 'Resume a paused daily question (admins)'),
      simple('skip', 'Skip the next daily question (admins)'),
      simple('post-now', "Post today's question now (admins)"),
      simple('unschedule', 'Stop the daily question in this channel (admins)'),
      simple('review', 'Review a teammate\'s answer'),
      simple('stats', 'Your streaks, answers and weak rounds'),
      simple('leaderboard', 'Streaks and review credit in this channel'),
      simple('stories', 'Your story bank and the Leadership Principles you still lack'),
      simple('export', 'Everything Bar Raiser stores about you'),
      simple('forget-me', 'Delete everything Bar Raiser stores about you'),
      {
        name: 'away',
        description: 'Pause your streak for a holiday',
        options: [
          {
            name: 'days',
            description: `How many days (${AWAY_MIN_DAYS}-${AWAY_MAX_DAYS})`,
            kind: 'integer',
            required: true,
            min: AWAY_MIN_DAYS,
            max: AWAY_MAX_DAYS,
          },
        ],
      },
      simple('back', 'End your holiday early'),
      {
        name: 'remind',
        description: 'A private reminder when you have not answered yet',
        options: [{ name: 'time', description: 'HH:MM in your time zone, or "off"', kind: 'string', required: true, bare: true }],
      },
      {
        name: 'tz',
        description: 'Your own time zone for reminders (leave empty to see it)',
        options: [timezoneOption('zone', 'IANA time zone, e.g. America/New_York', { bare: true })],
      },
    ],
  },
  {
    name: 'mock',
    description: 'A timed mock interview in a thread',
    subcommands: [
      {
        name: 'start',
        description: 'Start a mock interview (solo, or with a partner as interviewer)',
        coreName: '',
        options: [
          { name: 'round', description: 'Which round (default: your weakest)', kind: 'integer', choices: ROUND_CHOICES },
          { name: 'questions', description: `How many questions (1-${MAX_QUESTIONS}, default 3)`, kind: 'integer', min: 1, max: MAX_QUESTIONS },
          { name: 'minutes', description: `Minutes per question (1-${MAX_MINUTES}, default 8)`, kind: 'integer', min: 1, max: MAX_MINUTES },
          { name: 'partner', description: 'A teammate who interviews you', kind: 'user' },
        ],
      },
      simple('status', 'Where your mock interview stands'),
      simple('stop', 'Stop your mock interview'),
      simple('swap', 'Start again with you and your partner swapped'),
    ],
  },
];

export function findSubcommand(command: string, subcommand: string): SubcommandSpec | undefined {
  return SLASH_COMMANDS.find((c) => c.name === command)?.subcommands.find((s) => s.name === subcommand);
}

export function findOption(command: string, subcommand: string, option: string): OptionSpec | undefined {
  return findSubcommand(command, subcommand)?.options?.find((o) => o.name === option);
}

function addOption(sub: SlashCommandSubcommandBuilder, spec: OptionSpec): void {
  const required = spec.required ?? false;
  switch (spec.kind) {
    case 'string':
      sub.addStringOption((o) => {
        o.setName(spec.name).setDescription(spec.description).setRequired(required);
        if (spec.autocomplete) o.setAutocomplete(true);
        if (spec.choices) o.addChoices(...spec.choices.map((c) => ({ name: c.name, value: String(c.value) })));
        return o;
      });
      return;
    case 'integer':
      sub.addIntegerOption((o) => {
        o.setName(spec.name).setDescription(spec.description).setRequired(required);
        if (spec.choices) o.addChoices(...spec.choices.map((c) => ({ name: c.name, value: Number(c.value) })));
        if (spec.min !== undefined) o.setMinValue(spec.min);
        if (spec.max !== undefined) o.setMaxValue(spec.max);
        return o;
      });
      return;
    case 'user':
      sub.addUserOption((o) => o.setName(spec.name).setDescription(spec.description).setRequired(required));
      return;
  }
}

/** The JSON registered with Discord (PUT /applications/:id/commands). */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return SLASH_COMMANDS.map((command) => {
    const builder = new SlashCommandBuilder()
      .setName(command.name)
      .setDescription(command.description)
      // Study groups live in servers: the commands make no sense in DMs.
      .setContexts(InteractionContextType.Guild);
    for (const spec of command.subcommands) {
      builder.addSubcommand((sub) => {
        sub.setName(spec.name).setDescription(spec.description);
        for (const option of spec.options ?? []) addOption(sub, option);
        return sub;
      });
    }
    return builder.toJSON();
  });
}
