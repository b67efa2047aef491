import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../src/core/ports.js';
import { admin, channelRow, harness, postRows, postsIn } from './daily-fixtures.js';

// Monday 2026-11-30, 07:00 UTC = 08:00 in Berlin: an hour before the default 09:00.
const START = '2026-11-30T07:00:00Z';

describe('/prep setup', () => {
  it('schedules with the defaults and says when the first question comes, in the channel zone', async () => {
    const h = harness({ start: START, settings: { defaultTimezone: 'Europe/Berlin' } });
    const reply = await admin(h, '/prep setup');
    expect(reply).toContain('Daily questions scheduled in #study-group');
    expect(reply).toContain('09:00 Europe/Berlin**, Monday to Friday');
    expect(reply).toContain('Rotation: weekday');
    expect(reply).toContain('Next question: **Mon 30 Nov, 09:00 Europe/Berlin**');
    const row = channelRow(h);
    expect(row).toMatchObject({ scheduled: true, postTime: '09:00', timezone: 'Europe/Berlin', weekdays: '1,2,3,4,5', rotation: 'weekday' });
    expect(new Date(row.nextPostAt!).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('takes every option', async () => {
    const h = harness({ start: START });
    const reply = await admin(h, '/prep setup time:6:30pm tz:america/new_york days:mon,wed,fri rotation:round 4 review:private digest:off');
    expect(reply).toContain('18:30 America/New_York**, Mon, Wed, Fri');
    expect(reply).toContain('round 4 only');
    expect(reply).toContain('Next question: **Mon 30 Nov, 18:30 EST**');
    expect(channelRow(h)).toMatchObject({
      postTime: '18:30',
      timezone: 'America/New_York',
      weekdays: '1,3,5',
      rotation: 'round',
      fixedRound: 4,
      reviewMode: 'private',
      digestWeekday: null,
    });
  });

  it('changes only what is given on a second setup', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup time:07:15 days:daily rotation:cycle');
    const reply = await admin(h, '/prep setup tz:Asia/Kolkata');
    expect(reply).toContain('Schedule updated');
    expect(channelRow(h)).toMatchObject({ postTime: '07:15', timezone: 'Asia/Kolkata', weekdays: '1,2,3,4,5,6,7', rotation: 'cycle' });
    // 07:00 UTC is 12:30 in Kolkata: today's 07:15 has passed.
    expect(reply).toContain('Next question: **Tue 1 Dec, 07:15 Asia/Kolkata**');
  });

  it('names every wrong argument, shows an example, and changes nothing', async () => {
    const h = harness({ start: START });
    const reply = await admin(h, '/prep setup time:25:00 tz:Mars/Base days:funday rotation:sideways colour:blue');
    expect(reply).toContain('That setup did not work');
    expect(reply).toContain('time: "25:00"');
    expect(reply).toContain('tz: "Mars/Base"');
    expect(reply).toContain('days: "funday"');
    expect(reply).toContain('rotation: "sideways"');
    expect(reply).toContain('colour: is not a setup option');
    expect(reply).toContain('Example: `/prep setup time:09:00');
    expect(await admin(h, '/prep setup rotation:round 9')).toContain('rotation: "round 9" needs a round from 1 to 5');
    expect(await admin(h, '/prep setup 09:00')).toContain('"09:00" is not an option');
    expect(channelRow(h).scheduled).toBe(false);
  });
});

describe('who may run the admin commands', () => {
  const adminOnly = ['setup', 'pause', 'resume', 'skip', 'post-now', 'unschedule'];

  it.each(adminOnly)('/prep %s is refused for a member, with a clear message', async (name) => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    const bob = h.as('bob');
    await bob.command(`/prep ${name}`);
    expect(bob.lastPrivate().text).toContain(`\`/prep ${name}\` is for admins`);
    expect(bob.lastPrivate().text).toContain('ADMIN_USER_IDS');
    expect(channelRow(h)).toMatchObject({ scheduled: true, paused: false, skipDate: null });
    expect(postRows(h)).toHaveLength(0);
  });

  it('anyone may read the schedule', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    const bob = h.as('bob');
    await bob.command('/prep schedule');
    expect(bob.lastPrivate().text).toContain('Next question: **Mon 30 Nov, 09:00 UTC**');
  });

  it('a user listed in ADMIN_USER_IDS is an admin without platform rights', async () => {
    const h = harness({ start: START, settings: { adminUserIds: ['carol'] } });
    const carol = h.as('carol');
    await carol.command('/prep setup time:10:00');
    expect(carol.lastPrivate().text).toContain('Daily questions scheduled');
    expect(channelRow(h).postTime).toBe('10:00');
  });
});

describe('running a schedule', () => {
  it('/prep schedule shows the schedule, the next question and the last one', async () => {
    const h = harness({ start: START });
    expect(await admin(h, '/prep schedule')).toContain('has no daily question scheduled');
    await admin(h, '/prep setup days:daily rotation:cycle');
    await h.advance('2h');
    const reply = await admin(h, '/prep schedule');
    expect(reply).toContain('A question at **09:00 UTC**, every day');
    expect(reply).toContain('Rotation: cycle (next: round 2)');
    expect(reply).toContain('Next question: **Tue 1 Dec, 09:00 UTC**');
    expect(reply).toMatch(/Last question: Mon 30 Nov 2026, round 1 \(r1-q\d\)\./);
  });

  it('pause stops posting, resume starts again', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    expect(await admin(h, '/prep pause')).toContain('Paused');
    expect(await admin(h, '/prep schedule')).toContain('⏸ Paused: paused by you');
    await h.advance('1d');
    expect(postsIn(h)).toHaveLength(0);
    expect(await admin(h, '/prep resume')).toContain('Resumed. Next question: **Tue 1 Dec, 09:00 UTC**');
    await h.advance('1d');
    expect(postsIn(h).map((p) => p.localDate)).toEqual(['2026-12-01']);
  });

  it('skip skips the next post; twice skips two', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    expect(await admin(h, '/prep skip')).toContain('Skipping the question of Mon 30 Nov, 09:00 UTC. Next question: **Tue 1 Dec, 09:00 UTC**');
    expect(await admin(h, '/prep skip')).toContain('Skipping the question of Tue 1 Dec, 09:00 UTC. Next question: **Wed 2 Dec, 09:00 UTC**');
    expect(await admin(h, '/prep schedule')).toContain('Skipping the question of: Mon 30 Nov 2026, Tue 1 Dec 2026.');
    await h.advance('3d');
    expect(postsIn(h).map((p) => p.localDate)).toEqual(['2026-12-02']);
    // Skips in the past are forgotten once their day has gone.
    expect(channelRow(h).skipDate).toBeNull();
    expect(await admin(h, '/prep schedule')).not.toContain('Skipping');
  });

  it('post-now posts today at once, then the schedule goes on from tomorrow', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    expect(await admin(h, '/prep post-now')).toContain("Posted today's question (round 1)");
    expect(postsIn(h)).toHaveLength(1);
    const post = postsIn(h)[0]!;
    // Answers are due by the next post that really goes out: tomorrow's, not today's 09:00.
    expect(post.message.text).toContain('Answer by: Tue 1 Dec, 09:00 UTC (the next question)');
    expect(await admin(h, '/prep schedule')).toContain('Next question: **Tue 1 Dec, 09:00 UTC**');
    // Skip now means tomorrow: today's post has already gone out.
    expect(await admin(h, '/prep skip')).toContain('Skipping the question of Tue 1 Dec');
    await h.advance('2d3h');
    expect(postsIn(h).map((p) => p.localDate)).toEqual(['2026-11-30', '2026-12-02']);
  });

  it('post-now twice on one day posts once and says so', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    await admin(h, '/prep post-now');
    expect(await admin(h, '/prep post-now')).toContain("Today's question (Mon 30 Nov 2026) is already posted");
    await h.advance('4h');
    expect(postsIn(h)).toHaveLength(1);
  });

  it('post-now says when the post could not go out, and what became of it when asked again', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup');
    h.chat.fault = (method) => (method === 'startThread' ? new DeliveryError('slow down', 'rate_limited', false) : undefined);
    expect(await admin(h, '/prep post-now')).toContain('could not be posted (rate_limited: slow down). It will be retried in a minute.');
    expect(await admin(h, '/prep post-now')).toContain("Today's question (Mon 30 Nov 2026) is being posted (retrying after: rate_limited: slow down)");
    h.chat.fault = null;
    await h.advance('1m');
    expect(postsIn(h)).toHaveLength(1);
    expect(await admin(h, '/prep post-now')).toContain('is already posted');
  });

  it('post-now in an unscheduled channel posts one question, with no deadline, and nothing follows', async () => {
    const h = harness({ start: START });
    expect(await admin(h, '/prep post-now')).toContain('Tip: `/prep setup` posts one every day');
    expect(postsIn(h)[0]!.message.text).toContain('Answer by: no next question is scheduled');
    await h.advance('2d');
    expect(postsIn(h)).toHaveLength(1);
    expect(channelRow(h).scheduled).toBe(false);
  });

  it('unschedule stops the questions and keeps what was posted', async () => {
    const h = harness({ start: START });
    await admin(h, '/prep setup days:daily');
    await h.advance('1d');
    expect(await admin(h, '/prep unschedule')).toContain('Unscheduled');
    await h.advance('3d');
    expect(postsIn(h)).toHaveLength(1);
    expect(channelRow(h)).toMatchObject({ scheduled: false, nextPostAt: null });
    expect(await admin(h, '/prep schedule')).toContain('has no daily question scheduled');
  });
});
