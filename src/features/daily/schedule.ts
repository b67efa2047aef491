import { DateTime, IANAZone } from 'luxon';

/** When a channel posts, in its own zone. Pure data: no database, no clock. */
export interface Schedule {
  readonly timezone: string;
  /** "HH:MM", local. */
  readonly postTime: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly weekdays: readonly number[];
  /** Local dates ("YYYY-MM-DD") that get no post (`/prep skip`). */
  readonly skipDates: readonly string[];
}

export interface Slot {
  /** The instant the post is due. */
  readonly at: Date;
  /** The channel's local date the post belongs to: the exactly-once key with the channel. */
  readonly localDate: string;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const LONGEST_GAP_DAYS = 8;

/**
 * The instant of `time` on `localDate` in `zone`. Exactly one instant per local date:
 * - when the clock jumps forward over that time (02:30 on a spring-forward night) the post goes
 *   out the same distance after the jump (03:30), which is what Luxon does for times in a gap;
 * - when the time happens twice (fall back) it is the first occurrence, the one people see first.
 *   Luxon on its own picks either occurrence depending on the zone, so we choose explicitly.
 * The post is claimed by local date as well, so it can never go out twice.
 */
export function slotOn(localDate: string, schedule: Schedule): Slot {
  const key = `${localDate}T${schedule.postTime}|${schedule.timezone}`;
  let at = slotCache.get(key);
  if (at === undefined) {
    at = computeSlot(localDate, schedule);
    remember(slotCache, key, at);
  }
  return { at: new Date(at), localDate };
}

/**
 * Time-zone arithmetic is the scheduler's most expensive step, and a fan-out asks the same few
 * questions thousands of times (every channel at 09:00 Europe/Berlin today): the answers are pure,
 * so they are remembered, in maps that are emptied when they grow past a bound.
 */
const CACHE_LIMIT = 20_000;
const slotCache = new Map<string, number>();
const localDateCache = new Map<string, string>();
const weekdayCache = new Map<string, number>();

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function computeSlot(localDate: string, schedule: Schedule): number {
  const wall = `${localDate}T${schedule.postTime}`;
  const luxon = DateTime.fromISO(wall, { zone: schedule.timezone });
  // The offsets in force a few hours either side are the only ones a repeated wall time can have.
  const asUtc = DateTime.fromISO(wall, { zone: 'utc' }).toMillis();
  const offsets = new Set([-4, 4].map((h) => luxon.plus({ hours: h }).offset));
  const occurrences = [...offsets]
    .map((offset) => asUtc - offset * 60_000)
    .filter((ms) => DateTime.fromMillis(ms, { zone: schedule.timezone }).toFormat("yyyy-MM-dd'T'HH:mm") === wall);
  return occurrences.length > 0 ? Math.min(...occurrences) : luxon.toMillis();
}

function postsOn(date: DateTime, schedule: Schedule): boolean {
  const iso = date.toISODate()!;
  return schedule.weekdays.includes(date.weekday) && !schedule.skipDates.includes(iso);
}

/** The first slot strictly after `after`, or null when the schedule has no posting days. */
export function nextSlot(schedule: Schedule, after: Date): Slot | null {
  if (schedule.weekdays.length === 0) return null;
  let day = DateTime.fromJSDate(after, { zone: schedule.timezone }).startOf('day');
  // Skipped dates can push the next post out; a year is far more than any real schedule needs.
  for (let i = 0; i < 400; i++, day = day.plus({ days: 1 })) {
    if (!postsOn(day, schedule)) continue;
    const slot = slotOn(day.toISODate()!, schedule);
    if (slot.at.getTime() > after.getTime()) return slot;
  }
  return null;
}

/** The most recent slot at or before `now` (within a week), or null. */
export function latestSlot(schedule: Schedule, now: Date): Slot | null {
  let day = DateTime.fromJSDate(now, { zone: schedule.timezone }).startOf('day');
  for (let i = 0; i < LONGEST_GAP_DAYS; i++, day = day.minus({ days: 1 })) {
    if (!postsOn(day, schedule)) continue;
    const slot = slotOn(day.toISODate()!, schedule);
    if (slot.at.getTime() <= now.getTime()) return slot;
  }
  return null;
}

export function localDateOf(instant: Date, timezone: string): string {
  const key = `${instant.getTime()}|${timezone}`;
  let date = localDateCache.get(key);
  if (date === undefined) {
    date = DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
    remember(localDateCache, key, date);
  }
  return date;
}

/** "Mon 30 Nov 2026" for a local date. */
export function describeDate(localDate: string): string {
  return DateTime.fromISO(localDate).toFormat('ccc d LLL yyyy');
}

export function isoWeekdayOf(localDate: string): number {
  let weekday = weekdayCache.get(localDate);
  if (weekday === undefined) {
    weekday = DateTime.fromISO(localDate).weekday;
    remember(weekdayCache, localDate, weekday);
  }
  return weekday;
}

/**
 * "Mon 30 Nov, 09:00 EST" in the channel's zone. Where the zone has no well-known abbreviation
 * (Intl would say "GMT+1", which is wrong half the year) the zone's name is shown instead:
 * "Mon 30 Nov, 09:00 Europe/Berlin".
 */
export function formatInstant(instant: Date, timezone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  const abbreviation = local.toFormat('ZZZZ');
  return `${local.toFormat('ccc d LLL, HH:mm')} ${/^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : timezone}`;
}

// ------------------------------------------------------------------------------------------
// Parsing what admins type. Each returns a value or a message naming what is wrong.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseTime(text: string): Parsed<string> {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (match) {
    let hours = Number(match[1]);
    const minutes = Number(match[2] ?? '0');
    const meridiem = match[3]?.toLowerCase();
    if (meridiem) {
      if (hours < 1 || hours > 12) hours = 99;
      else hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
    } else if (match[2] === undefined) {
      hours = 99; // a bare "9" is too ambiguous
    }
    if (hours <= 23 && minutes <= 59) {
      return { ok: true, value: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
    }
  }
  return { ok: false, error: `time: "${text}" is not a time of day. Use 24-hour HH:MM, e.g. time:09:00 or time:18:30` };
}

export function parseTimezone(text: string): Parsed<string> {
  const zone = text.trim();
  // "EST" or "CET" are valid IANA names but fixed offsets without daylight saving (Intl even
  // answers "America/Panama" for EST): people who type them mean the city's zone.
  if (!zone.includes('/') && !/^(utc|gmt)$/i.test(zone)) {
    return { ok: false, error: `tz: "${text}" is not a Region/City zone. Use the zone of a city, which follows daylight saving: tz:America/New_York, tz:Europe/Berlin, or tz:UTC` };
  }
  if (IANAZone.isValidZone(zone)) return { ok: true, value: zoneSpelling(zone) };
  return { ok: false, error: `tz: "${text}" is not an IANA time zone. Example: tz:Europe/Berlin, tz:America/New_York, tz:UTC` };
}

/**
 * The zone as people write it: "europe/berlin" → "Europe/Berlin", "utc" → "UTC". Intl knows the
 * right case, but it also swaps in legacy names ("asia/kolkata" → "Asia/Calcutta"), so its answer
 * is used only when it is the same name; otherwise each word is capitalized.
 */
function zoneSpelling(zone: string): string {
  if (zone !== zone.toLowerCase()) return zone; // typed with capitals: trust them ("US/Eastern")
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === zone.toLowerCase()) return resolved;
  const capitalized = zone.toLowerCase().replace(/(^|[/_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
  return IANAZone.isValidZone(capitalized) && capitalized.toLowerCase() === zone.toLowerCase() ? capitalized : zone;
}

/** "mon-fri", "daily", "weekdays", "weekends", "mon,wed,fri", "tue-thu,sat". */
export function parseDays(text: string): Parsed<number[]> {
  const wrong = {
    ok: false as const,
    error: `days: "${text}" is not a list of days. Examples: days:mon-fri, days:daily, days:mon,wed,fri`,
  };
  const value = text.trim().toLowerCase();
  if (value === 'daily' || value === 'every-day' || value === 'everyday' || value === 'all') return { ok: true, value: [1, 2, 3, 4, 5, 6, 7] };
  if (value === 'weekdays') return { ok: true, value: [1, 2, 3, 4, 5] };
  if (value === 'weekends') return { ok: true, value: [6, 7] };
  const days = new Set<number>();
  for (const part of value.split(',')) {
    const range = part.trim().split('-');
    const indexes = range.map((d) => DAY_NAMES.indexOf(d.slice(0, 3) as (typeof DAY_NAMES)[number]) + 1);
    if (range.length > 2 || indexes.some((i) => i === 0) || range.some((d) => d.length < 3)) return wrong;
    const [from, to = from] = indexes as [number, number?];
    for (let d = from!; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days.size ? { ok: true, value: [...days].sort((a, b) => a - b) } : wrong;
}

export function describeDays(weekdays: readonly number[]): string {
  const key = [...weekdays].sort().join(',');
  if (key === '1,2,3,4,5,6,7') return 'every day';
  if (key === '1,2,3,4,5') return 'Monday to Friday';
  if (key === '6,7') return 'weekends';
  return weekdays.map((d) => DAY_NAMES[d - 1]!.replace(/^./, (c) => c.toUpperCase())).join(', ');
}

export function weekdaysToText(weekdays: readonly number[]): string {
  return weekdays.join(',');
}

export function weekdaysFromText(text: string): number[] {
  return text
    .split(',')
    .map(Number)
    .filter((d) => d >= 1 && d <= 7);
}
