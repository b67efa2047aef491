import type { Args } from '../../core/args.js';
import { parseDays, parseTime, parseTimezone } from './schedule.js';

export interface SetupChanges {
  postTime?: string;
  timezone?: string;
  weekdays?: number[];
  rotation?: 'weekday' | 'cycle' | 'round';
  fixedRound?: number | null;
  reviewMode?: 'thread' | 'private';
  /** How many hours before the next post unreviewed answers are assigned a reviewer. */
  reviewAssignHours?: number;
  /** null turns the digest off. */
  digest?: { weekday: number; time: string } | null;
}

export const SETUP_USAGE =
  '/prep setup [time:HH:MM] [tz:IANA] [days:mon-fri|daily|mon,wed,fri] [rotation:weekday|cycle|round N] [review:thread|private] [review-hours:4] [digest:fri 17:00|off]';
const EXAMPLE = 'Example: `/prep setup time:09:00 tz:Europe/Berlin days:mon-fri rotation:weekday`';

const KNOWN = new Set(['time', 'tz', 'timezone', 'days', 'rotation', 'review', 'review-hours', 'digest']);

/** Parses `/prep setup` options; returns every problem at once so one retry fixes them all. */
export function parseSetup(args: Args): { changes: SetupChanges } | { errors: string[] } {
  const errors: string[] = [];
  const changes: SetupChanges = {};
  if (args.positional.length > 0) {
    errors.push(`"${args.positional.join(' ')}" is not an option: options look like key:value.`);
  }
  for (const [key, raw] of args.options) {
    const value = raw.trim();
    if (!KNOWN.has(key)) {
      errors.push(`${key}: is not a setup option (options: time, tz, days, rotation, review, review-hours, digest).`);
      continue;
    }
    if (value === '') {
      errors.push(`${key}: needs a value, e.g. ${key}:${exampleFor(key)}`);
      continue;
    }
    switch (key) {
      case 'time': {
        const parsed = parseTime(value);
        if (parsed.ok) changes.postTime = parsed.value;
        else errors.push(parsed.error);
        break;
      }
      case 'tz':
      case 'timezone': {
        const parsed = parseTimezone(value);
        if (parsed.ok) changes.timezone = parsed.value;
        else errors.push(parsed.error);
        break;
      }
      case 'days': {
        const parsed = parseDays(value);
        if (parsed.ok) changes.weekdays = parsed.value;
        else errors.push(parsed.error);
        break;
      }
      case 'rotation': {
        const match = /^(weekday|cycle)$|^round[\s:-]*([1-5])$/i.exec(value);
        if (!match && /^round\b/i.test(value)) {
          errors.push(`rotation: "${value}" needs a round from 1 to 5, e.g. rotation:round 3`);
        } else if (!match) {
          errors.push(`rotation: "${value}" is not a rotation. Use rotation:weekday (Mon-Fri = rounds 1-5), rotation:cycle, or rotation:round 3`);
        } else if (match[2]) {
          changes.rotation = 'round';
          changes.fixedRound = Number(match[2]);
        } else {
          changes.rotation = match[1]!.toLowerCase() as 'weekday' | 'cycle';
          changes.fixedRound = null;
        }
        break;
      }
      case 'review-hours': {
        const hours = Number(value);
        if (Number.isInteger(hours) && hours >= 1 && hours <= 23) changes.reviewAssignHours = hours;
        else errors.push(`review-hours: "${value}" must be a whole number of hours from 1 to 23 (reviewers are assigned that long before the next question), e.g. review-hours:4`);
        break;
      }
      case 'review': {
        const mode = value.toLowerCase();
        if (mode === 'thread' || mode === 'private') changes.reviewMode = mode;
        else errors.push(`review: "${value}" must be thread (reviews posted in the question's thread) or private (sent to the author only)`);
        break;
      }
      case 'digest': {
        const parsed = parseDigest(value);
        if (parsed === 'invalid') {
          errors.push(`digest: "${value}" must be a day and time like digest:fri 17:00, or digest:off`);
        } else {
          changes.digest = parsed;
        }
        break;
      }
    }
  }
  return errors.length ? { errors: [...errors, EXAMPLE] } : { changes };
}

function parseDigest(value: string): { weekday: number; time: string } | null | 'invalid' {
  if (/^(off|none|no)$/i.test(value)) return null;
  const [dayText = '', timeText = '17:00'] = value.split(/\s+/);
  const days = parseDays(dayText);
  const time = parseTime(timeText);
  if (!days.ok || days.value.length !== 1 || !time.ok) return 'invalid';
  return { weekday: days.value[0]!, time: time.value };
}

function exampleFor(key: string): string {
  return { time: '09:00', tz: 'Europe/Berlin', timezone: 'Europe/Berlin', days: 'mon-fri', rotation: 'weekday', review: 'thread', 'review-hours': '4', digest: 'fri 17:00' }[key] ?? 'value';
}
