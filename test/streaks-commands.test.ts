import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { advanceTo, memberId, run, streaksHarness } from './streaks-fixtures.js';

let h: Harness;
afterEach(() => h?.close());

describe('/prep away, back, remind and tz', () => {
  it.each([
    ['/prep away 90', 'away: 90 days is too long; 1-30, e.g. `/prep away 7`'],
    ['/prep away 0', 'away: 0 days is too short; 1-30, e.g. `/prep away 7`'],
    ['/prep away', 'away: how many days? 1-30, e.g. `/prep away 7`'],
    ['/prep away soon', 'away: "soon" is not a whole number of days; 1-30, e.g. `/prep away 7`'],
    ['/prep away 2.5', 'away: "2.5" is not a whole number of days'],
    ['/prep away 3 days', 'away: expected one value but got "3 days"; e.g. `/prep away 7`'],
    ['/prep away for:3', 'away: `for:` is not an option here; e.g. `/prep away 7`'],
    ['/prep remind 25:00', 'remind: "25:00" is not a time of day; use 24-hour HH:MM, e.g. `/prep remind 20:00`, or `/prep remind off`'],
    ['/prep remind', 'remind: at what time?'],
    ['/prep remind 8', 'remind: "8" is not a time of day'],
    ['/prep tz Mars/Olympus', 'tz: "Mars/Olympus" is not an IANA time zone; e.g. `/prep tz Europe/Berlin`'],
    ['/prep tz EST', 'tz: "EST" is not a Region/City time zone (those follow daylight saving); e.g. `/prep tz Europe/Berlin`'],
  ])('%s answers with what is wrong and an example', async (line, expected) => {
    h = streaksHarness();
    expect(await run(h.as('alice'), line)).toContain(expected);
  });

  it('accepts the key:value forms Discord options produce', async () => {
    h = streaksHarness();
    const alice = h.as('alice');
    expect(await run(alice, '/prep away days:5')).toContain('(5 days)');
    expect(await run(alice, '/prep remind time:7:30pm')).toContain('**19:30 UTC**');
    expect(await run(alice, '/prep tz zone:europe/berlin')).toContain('**Europe/Berlin**');
  });

  it('stores away periods as history, extends an away period instead of stacking one, and ends it with /prep back', async () => {
    h = streaksHarness();
    const alice = h.as('alice');
    expect(await run(alice, '/prep back')).toContain('You are not away.');
    expect(await run(alice, '/prep away 3')).toContain('Away until Thu 3 Dec, 08:00 UTC (3 days)');
    await advanceTo(h, '2026-12-01T08:00:00Z');
    expect(await run(alice, '/prep away 7')).toContain('Away, now until Tue 8 Dec, 08:00 UTC (7 days)');
    await advanceTo(h, '2026-12-02T08:00:00Z');
    expect(await run(alice, '/prep back')).toContain('Welcome back!');
    const periods = h.storage.sqlite.prepare('SELECT start_at AS startAt, end_at AS endAt FROM away_period WHERE member_id = ?').all(memberId(h, 'alice'));
    expect(periods).toEqual([{ startAt: Date.parse('2026-11-30T08:00:00Z'), endAt: Date.parse('2026-12-02T08:00:00Z') }]);
    expect(h.storage.sqlite.prepare('SELECT away_until AS awayUntil FROM member WHERE id = ?').get(memberId(h, 'alice'))).toEqual({ awayUntil: null });
  });

  it("uses the channel's zone for reminders when the member has none, and /prep tz moves them", async () => {
    h = streaksHarness();
    const you = h.as('you', { admin: true });
    await you.command('/prep setup time:09:00 tz:Asia/Tokyo');
    const alice = h.as('alice');
    expect(await run(alice, '/prep tz')).toContain("You have not set a time zone: times follow this channel's (Asia/Tokyo)");
    const on = await run(alice, '/prep remind 21:00');
    expect(on).toContain("This channel's zone: Asia/Tokyo");
    expect(on).toContain('Next check: Mon 30 Nov, 21:00 Asia/Tokyo');
    expect(await run(alice, '/prep tz America/Los_Angeles')).toContain('Reminders at 21:00 America/Los_Angeles (next: Mon 30 Nov, 21:00 PST)');
    const row = h.storage.sqlite.prepare('SELECT next_remind_at AS next FROM member WHERE id = ?').get(memberId(h, 'alice')) as { next: number };
    expect(new Date(row.next).toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });
});
