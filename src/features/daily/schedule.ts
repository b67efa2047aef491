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
 * The instant of `time` on `localDate` in `zone`. When the clock jumps forward over that time
 * (02:30 on a spring-forward night) the post goes out at the same distance after the jump,
 * which is what Luxon does for times in a gap; when a time happens twice (fall back), Luxon
 * picks one of the two. Either way one local date gives exactly one slot, and the post is
 * claimed by local date, so it can never go out twice.
 */
export function slotOn(localDate: string, schedule: Schedule): Slot {
  const at = DateTime.fromISO(`${localDate}T${schedule.postTime}`, { zone: schedule.timezone });
  return { at: at.toJSDate(), localDate };
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
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
}

export function isoWeekdayOf(localDate: string): number {
  return DateTime.fromISO(localDate).weekday;
}

/** "Mon 30 Nov, 09:00 CET" in the channel's zone. */
export function formatInstant(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat('ccc d LLL, HH:mm ZZZZ');
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
  if (IANAZone.isValidZone(zone)) return { ok: true, value: new IANAZone(zone).name };
  return { ok: false, error: `tz: "${text}" is not an IANA time zone. Example: tz:Europe/Berlin, tz:America/New_York, tz:UTC` };
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
