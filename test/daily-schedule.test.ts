import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  latestSlot,
  nextSlot,
  parseDays,
  parseTime,
  parseTimezone,
  slotOn,
  type Schedule,
} from '../src/features/daily/schedule.js';
import { admin, harness, postsIn, wallTime } from './daily-fixtures.js';

const weekdays9utc: Schedule = { timezone: 'UTC', postTime: '09:00', weekdays: [1, 2, 3, 4, 5], skipDates: [] };
const at = (iso: string) => new Date(iso);
const iso = (slot: { at: Date } | null) => slot?.at.toISOString() ?? null;

describe('parseTime', () => {
  it.each([
    ['09:00', '09:00'],
    ['9:05', '09:05'],
    ['18:30', '18:30'],
    [' 07:45 ', '07:45'],
    ['9am', '09:00'],
    ['6:30 pm', '18:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
  ])('reads %j as %s', (text, value) => {
    expect(parseTime(text)).toEqual({ ok: true, value });
  });

  it.each(['9', '24:00', '09:60', '13pm', '0am', 'noon', '', '9:5', '09-00'])('refuses %j, naming it and showing an example', (text) => {
    const parsed = parseTime(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(`time: "${text}"`);
    expect(parsed.error).toContain('time:09:00');
  });
});

describe('parseDays', () => {
  it.each([
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['daily', [1, 2, 3, 4, 5, 6, 7]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['weekends', [6, 7]],
    ['mon,wed,fri', [1, 3, 5]],
    ['Tuesday,THU', [2, 4]],
    ['fri-mon', [1, 5, 6, 7]],
    ['tue-thu,sat', [2, 3, 4, 6]],
  ])('reads %j', (text, value) => {
    expect(parseDays(text)).toEqual({ ok: true, value });
  });

  it.each(['funday', 'mo', 'mon-tue-wed', 'mon,,fri', '1-5', ''])('refuses %j, naming it and showing examples', (text) => {
    const parsed = parseDays(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(`days: "${text}"`);
    expect(parsed.error).toContain('days:mon-fri');
  });
});

describe('parseTimezone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
  ])('reads %j as %s', (text, value) => {
    expect(parseTimezone(text)).toEqual({ ok: true, value });
  });

  it.each(['Mars/Olympus_Mons', 'Berlin', 'EST', 'CET', '+05:30', ''])('refuses %j, naming it and showing an example', (text) => {
    const parsed = parseTimezone(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(`tz: "${text}"`);
    expect(parsed.error).toContain('tz:Europe/Berlin');
  });
});

describe('nextSlot and latestSlot', () => {
  it('finds the next posting day, strictly after the given instant', () => {
    expect(iso(nextSlot(weekdays9utc, at('2026-11-30T08:00:00Z')))).toBe('2026-11-30T09:00:00.000Z');
    expect(iso(nextSlot(weekdays9utc, at('2026-11-30T09:00:00Z')))).toBe('2026-12-01T09:00:00.000Z');
    // Friday after the post → Monday.
    expect(nextSlot(weekdays9utc, at('2026-12-04T10:00:00Z'))).toEqual({ at: at('2026-12-07T09:00:00Z'), localDate: '2026-12-07' });
  });

  it('passes over skipped dates', () => {
    const skipping = { ...weekdays9utc, skipDates: ['2026-11-30', '2026-12-01'] };
    expect(iso(nextSlot(skipping, at('2026-11-30T08:00:00Z')))).toBe('2026-12-02T09:00:00.000Z');
    expect(iso(latestSlot(skipping, at('2026-12-01T12:00:00Z')))).toBe('2026-11-27T09:00:00.000Z');
  });

  it('has no slot without posting days', () => {
    expect(nextSlot({ ...weekdays9utc, weekdays: [] }, at('2026-11-30T08:00:00Z'))).toBeNull();
    expect(latestSlot({ ...weekdays9utc, weekdays: [] }, at('2026-11-30T08:00:00Z'))).toBeNull();
  });

  it('latestSlot is the most recent slot at or before now', () => {
    expect(iso(latestSlot(weekdays9utc, at('2026-11-30T09:00:00Z')))).toBe('2026-11-30T09:00:00.000Z');
    // Monday before 09:00: the last one was Friday's.
    expect(latestSlot(weekdays9utc, at('2026-11-30T08:59:59Z'))).toEqual({ at: at('2026-11-27T09:00:00Z'), localDate: '2026-11-27' });
  });

  it('uses the local date of the channel zone, not UTC', () => {
    const kolkata: Schedule = { timezone: 'Asia/Kolkata', postTime: '01:00', weekdays: [1], skipDates: [] };
    // Sunday 20:00 UTC is already Monday 01:30 in Kolkata: Monday's 01:00 slot has passed.
    expect(latestSlot(kolkata, at('2026-11-29T20:00:00Z'))).toEqual({ at: at('2026-11-29T19:30:00Z'), localDate: '2026-11-30' });
  });
});

describe('slots across daylight-saving changes', () => {
  const slot = (localDate: string, postTime: string, timezone: string) =>
    iso(slotOn(localDate, { timezone, postTime, weekdays: [1, 2, 3, 4, 5, 6, 7], skipDates: [] }));

  it.each([
    // America/New_York springs forward 02:00 EST → 03:00 EDT: 02:30 does not exist and is posted at 03:30 EDT.
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['2026-03-08', '09:00', 'America/New_York', '2026-03-08T13:00:00.000Z'],
    // Falls back 02:00 EDT → 01:00 EST: 01:30 happens twice, the first one (EDT) is the slot.
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-11-01', '09:00', 'America/New_York', '2026-11-01T14:00:00.000Z'],
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['2026-03-08', '09:00', 'Asia/Kolkata', '2026-03-08T03:30:00.000Z'],
    // Lord Howe moves by 30 minutes: 02:00 → 02:30 in October, 02:00 → 01:30 in April.
    ['2026-10-04', '02:15', 'Australia/Lord_Howe', '2026-10-03T15:45:00.000Z'],
    ['2026-04-05', '01:45', 'Australia/Lord_Howe', '2026-04-04T14:45:00.000Z'],
  ])('%s %s %s is %s', (date, time, zone, expected) => {
    expect(slot(date, time, zone)).toBe(expected);
  });

  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
  it('nextSlot walks one slot per local day, in order, at the wall time unless it does not exist', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') }),
        (timezone, hour, minute, startMs) => {
          const postTime = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const schedule: Schedule = { timezone, postTime, weekdays: [1, 2, 3, 4, 5, 6, 7], skipDates: [] };
          let after = new Date(startMs);
          let previous: string | null = null;
          for (let i = 0; i < 6; i++) {
            const slot = nextSlot(schedule, after)!;
            expect(slot.at.getTime()).toBeGreaterThan(after.getTime());
            const local = DateTime.fromJSDate(slot.at, { zone: timezone });
            expect(local.toISODate()).toBe(slot.localDate);
            if (previous) expect(slot.localDate).toBe(DateTime.fromISO(previous).plus({ days: 1 }).toISODate());
            // Either the wall time itself, or (in a spring-forward gap) less than an hour after it.
            const wanted = DateTime.fromISO(`${slot.localDate}T${postTime}`, { zone: 'utc' });
            const shown = DateTime.fromISO(local.toFormat("yyyy-MM-dd'T'HH:mm"), { zone: 'utc' });
            const late = shown.diff(wanted, 'minutes').minutes;
            expect(late === 0 || (late > 0 && late <= 60)).toBe(true);
            previous = slot.localDate;
            after = slot.at;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

/**
 * The real scheduler (one tick a minute over the memory adapter) across each transition: one
 * channel per interesting post time, all posting every day.
 */
describe('the scheduler across daylight-saving changes', () => {
  async function runDays(start: string, days: string, timezone: string, times: string[]) {
    const h = harness({ start });
    const channels = times.map((time) => ({ time, ref: `mem:c:at-${time.replace(':', '')}` }));
    for (const c of channels) {
      expect(await admin(h, `/prep setup time:${c.time} tz:${timezone} days:daily`, c.ref)).toContain('Next question');
    }
    await h.advance(days);
    const result = new Map(channels.map((c) => [c.time, postsIn(h, c.ref).map((p) => `${p.localDate} ${wallTime(p.at, timezone)} ${p.at}`)]));
    h.close();
    return result;
  }

  it('America/New_York spring forward (2026-03-08): 02:30 posts once, at 03:30 EDT', async () => {
    const posts = await runDays('2026-03-07T04:00:00Z', '3d', 'America/New_York', ['02:30', '01:30', '09:00']);
    expect(posts.get('02:30')).toEqual([
      '2026-03-07 2026-03-07 02:30 2026-03-07T07:30:00.000Z',
      '2026-03-08 2026-03-08 03:30 2026-03-08T07:30:00.000Z',
      '2026-03-09 2026-03-09 02:30 2026-03-09T06:30:00.000Z',
    ]);
    expect(posts.get('01:30')).toEqual([
      '2026-03-07 2026-03-07 01:30 2026-03-07T06:30:00.000Z',
      '2026-03-08 2026-03-08 01:30 2026-03-08T06:30:00.000Z',
      '2026-03-09 2026-03-09 01:30 2026-03-09T05:30:00.000Z',
    ]);
    expect(posts.get('09:00')?.map((p) => p.slice(11, 27))).toEqual(['2026-03-07 09:00', '2026-03-08 09:00', '2026-03-09 09:00']);
  });

  it('America/New_York fall back (2026-11-01): 01:30 posts once, at the first 01:30 (EDT)', async () => {
    const posts = await runDays('2026-10-31T04:00:00Z', '3d', 'America/New_York', ['01:30', '02:30', '09:00']);
    expect(posts.get('01:30')).toEqual([
      '2026-10-31 2026-10-31 01:30 2026-10-31T05:30:00.000Z',
      '2026-11-01 2026-11-01 01:30 2026-11-01T05:30:00.000Z',
      '2026-11-02 2026-11-02 01:30 2026-11-02T06:30:00.000Z',
    ]);
    expect(posts.get('02:30')?.map((p) => p.slice(11))).toEqual([
      '2026-10-31 02:30 2026-10-31T06:30:00.000Z',
      '2026-11-01 02:30 2026-11-01T07:30:00.000Z',
      '2026-11-02 02:30 2026-11-02T07:30:00.000Z',
    ]);
    expect(posts.get('09:00')).toHaveLength(3);
  });

  it('Europe/Berlin both transitions (2026-03-29, 2026-10-25)', async () => {
    const spring = await runDays('2026-03-28T00:00:00Z', '2d', 'Europe/Berlin', ['02:30', '09:00']);
    expect(spring.get('02:30')?.map((p) => p.slice(11))).toEqual([
      '2026-03-28 02:30 2026-03-28T01:30:00.000Z',
      '2026-03-29 03:30 2026-03-29T01:30:00.000Z',
    ]);
    expect(spring.get('09:00')?.map((p) => p.slice(28))).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
    const autumn = await runDays('2026-10-24T00:00:00Z', '2d', 'Europe/Berlin', ['02:30', '09:00']);
    expect(autumn.get('02:30')?.map((p) => p.slice(11))).toEqual([
      '2026-10-24 02:30 2026-10-24T00:30:00.000Z',
      '2026-10-25 02:30 2026-10-25T00:30:00.000Z',
    ]);
    expect(autumn.get('09:00')?.map((p) => p.slice(28))).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
  });

  it('Asia/Kolkata (+05:30, no daylight saving)', async () => {
    const posts = await runDays('2026-03-07T00:00:00Z', '2d', 'Asia/Kolkata', ['09:00']);
    expect(posts.get('09:00')).toEqual([
      '2026-03-07 2026-03-07 09:00 2026-03-07T03:30:00.000Z',
      '2026-03-08 2026-03-08 09:00 2026-03-08T03:30:00.000Z',
    ]);
  });

  it("Australia/Lord_Howe's 30-minute shift (2026-10-04 forward, 2026-04-05 back)", async () => {
    const forward = await runDays('2026-10-02T12:00:00Z', '2d', 'Australia/Lord_Howe', ['02:15', '09:00']);
    expect(forward.get('02:15')?.map((p) => p.slice(11))).toEqual([
      '2026-10-03 02:15 2026-10-02T15:45:00.000Z',
      '2026-10-04 02:45 2026-10-03T15:45:00.000Z',
    ]);
    expect(forward.get('09:00')?.map((p) => p.slice(11))).toEqual([
      '2026-10-03 09:00 2026-10-02T22:30:00.000Z',
      '2026-10-04 09:00 2026-10-03T22:00:00.000Z',
    ]);
    const back = await runDays('2026-04-03T12:00:00Z', '2d', 'Australia/Lord_Howe', ['01:45', '09:00']);
    expect(back.get('01:45')?.map((p) => p.slice(11))).toEqual([
      '2026-04-04 01:45 2026-04-03T14:45:00.000Z',
      '2026-04-05 01:45 2026-04-04T14:45:00.000Z',
    ]);
    expect(back.get('09:00')?.map((p) => p.slice(11))).toEqual([
      '2026-04-04 09:00 2026-04-03T22:00:00.000Z',
      '2026-04-05 09:00 2026-04-04T22:30:00.000Z',
    ]);
  });
});
