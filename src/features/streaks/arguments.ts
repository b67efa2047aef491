import type { Args } from '../../core/args.js';
import { parseTime, parseTimezone } from '../daily/schedule.js';

/**
 * Arguments of /prep away, /prep remind and /prep tz. Each accepts the bare form people type
 * ("/prep away 7") and the key:value form Discord's slash-command options produce ("away days:7").
 * Every problem names what is wrong and gives an example.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const AWAY_MIN_DAYS = 1;
export const AWAY_MAX_DAYS = 30;
const AWAY_EXAMPLE = 'e.g. `/prep away 7`';
const REMIND_EXAMPLE = 'e.g. `/prep remind 20:00`, or `/prep remind off`';
const TZ_EXAMPLE = 'e.g. `/prep tz Europe/Berlin` or `/prep tz America/New_York`';

/** The one value of a command: its single positional word, or its one option. */
function single(args: Args, command: string, key: string, example: string): Parsed<string | null> {
  const unknown = [...args.options.keys()].filter((k) => k !== key);
  if (unknown.length > 0) return { ok: false, error: `${command}: \`${unknown[0]}:\` is not an option here; ${example}` };
  const fromOption = args.options.get(key);
  const words = fromOption !== undefined ? [fromOption, ...args.positional] : [...args.positional];
  if (words.length > 1) return { ok: false, error: `${command}: expected one value but got "${words.join(' ')}"; ${example}` };
  const value = words[0]?.trim() ?? '';
  return { ok: true, value: value === '' ? null : value };
}

export function parseAwayDays(args: Args): Parsed<number> {
  const raw = single(args, 'away', 'days', AWAY_EXAMPLE);
  if (!raw.ok) return raw;
  const text = raw.value;
  if (text === null) return { ok: false, error: `away: how many days? ${AWAY_MIN_DAYS}-${AWAY_MAX_DAYS}, ${AWAY_EXAMPLE}` };
  if (!/^-?\d+$/.test(text)) return { ok: false, error: `away: "${text}" is not a whole number of days; ${AWAY_MIN_DAYS}-${AWAY_MAX_DAYS}, ${AWAY_EXAMPLE}` };
  const days = Number(text);
  if (days > AWAY_MAX_DAYS) return { ok: false, error: `away: ${days} days is too long; ${AWAY_MIN_DAYS}-${AWAY_MAX_DAYS}, ${AWAY_EXAMPLE}` };
  if (days < AWAY_MIN_DAYS) return { ok: false, error: `away: ${days} days is too short; ${AWAY_MIN_DAYS}-${AWAY_MAX_DAYS}, ${AWAY_EXAMPLE}` };
  return { ok: true, value: days };
}

/** "HH:MM" to remind at, or null for "off". */
export function parseRemind(args: Args): Parsed<string | null> {
  const raw = single(args, 'remind', 'time', REMIND_EXAMPLE);
  if (!raw.ok) return raw;
  const text = raw.value;
  if (text === null) return { ok: false, error: `remind: at what time? Give a 24-hour HH:MM in your time zone, ${REMIND_EXAMPLE}` };
  if (/^(off|none|stop|no)$/i.test(text)) return { ok: true, value: null };
  const time = parseTime(text);
  if (!time.ok) return { ok: false, error: `remind: "${text}" is not a time of day; use 24-hour HH:MM, ${REMIND_EXAMPLE}` };
  return time;
}

/** An IANA zone, or null to show the current one. */
export function parseZone(args: Args): Parsed<string | null> {
  const raw = single(args, 'tz', 'zone', TZ_EXAMPLE);
  if (!raw.ok) return raw;
  if (raw.value === null) return { ok: true, value: null };
  const zone = parseTimezone(raw.value);
  if (zone.ok) return zone;
  const why = raw.value.includes('/') ? 'is not an IANA time zone' : 'is not a Region/City time zone (those follow daylight saving)';
  return { ok: false, error: `tz: "${raw.value}" ${why}; ${TZ_EXAMPLE}` };
}
