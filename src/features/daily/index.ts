import { desc, eq } from 'drizzle-orm';
import { ROUND_TITLES } from '../../catalog/schema.js';
import type { CommandSpec, Context, Feature, Services } from '../../core/feature.js';
import type { CommandEvent } from '../../core/events.js';
import { channels, dailyPosts } from '../../db/schema.js';
import { DailyPoster, scheduleOf, skipDatesText, type ChannelRow, type PostRow } from './poster.js';
import { describeDate, describeDays, formatInstant, localDateOf, nextSlot, weekdaysToText } from './schedule.js';
import { parseSetup, SETUP_USAGE } from './setup-options.js';

export { DailyPoster, postKey, scheduleOf } from './poster.js';

function postState(post: PostRow): string {
  if (post.status === 'failed') return `: not posted (${post.lastError ?? 'unknown error'})`;
  if (post.status === 'claimed') return post.lastError ? `: not posted yet, retrying (${post.lastError})` : ': being posted';
  return '';
}

/** The daily question: `/prep setup` and friends, and the scheduler that posts. */
export function dailyFeature(services: Services): Feature & { poster: DailyPoster } {
  const { db, clock } = services;
  const poster = new DailyPoster(services);

  const channelRow = (id: string): ChannelRow => db.select().from(channels).where(eq(channels.id, id)).get()!;

  const rotationText = (c: ChannelRow) =>
    c.rotation === 'round'
      ? `round ${c.fixedRound} only (${ROUND_TITLES[c.fixedRound as 1]})`
      : c.rotation === 'cycle'
        ? `cycle (next: round ${c.cycleNext})`
        : 'weekday (Mon-Fri = rounds 1-5, weekends repeat the weakest round)';

  const nextDigestAt = (c: ChannelRow, after: Date): number | null =>
    c.scheduled && c.digestWeekday
      ? (nextSlot({ timezone: c.timezone, postTime: c.digestTime, weekdays: [c.digestWeekday], skipDates: [] }, after)?.at.getTime() ?? null)
      : null;

  /**
   * Saves a change to a channel and recomputes when it next posts and digests (and drops past
   * skips); the question still open moves its deadline to the new next post.
   */
  const update = async (id: string, change: Partial<ChannelRow>): Promise<ChannelRow> => {
    db.update(channels).set(change).where(eq(channels.id, id)).run();
    const row = channelRow(id);
    const now = clock.now();
    db.update(channels)
      .set({
        nextPostAt: poster.nextPostAt(row, now),
        nextDigestAt: nextDigestAt(row, now),
        skipDate: skipDatesText(scheduleOf(row).skipDates, localDateOf(now, row.timezone)),
      })
      .where(eq(channels.id, id))
      .run();
    const updated = channelRow(id);
    await poster.moveOpenDeadline(updated);
    return updated;
  };

  const nextPostLine = (c: ChannelRow): string =>
    c.nextPostAt ? `Next question: **${formatInstant(new Date(c.nextPostAt), c.timezone)}**.` : 'No question is scheduled.';

  const summary = (c: ChannelRow): string =>
    [
      `A question at **${c.postTime} ${c.timezone}**, ${describeDays(scheduleOf(c).weekdays)}.`,
      `Rotation: ${rotationText(c)}.`,
      `Reviews: ${c.reviewMode === 'private' ? 'sent privately to the author' : "posted in the question's thread"}, reviewers assigned ${c.reviewAssignHours} h before the next question. Weekly digest: ${
        c.digestWeekday ? `${describeDays([c.digestWeekday])} ${c.digestTime}` : 'off'
      }.`,
    ].join('\n');

  const requireScheduled = async (ctx: Context<CommandEvent>): Promise<ChannelRow | null> => {
    const row = channelRow(ctx.channel);
    if (row.scheduled) return row;
    await ctx.reply('This channel has no daily question scheduled. An admin can start one with `/prep setup` (defaults: 09:00, Monday-Friday).');
    return null;
  };

  const commands: CommandSpec[] = [
    {
      command: 'prep',
      name: 'setup',
      usage: SETUP_USAGE,
      summary: 'Schedule the daily question in this channel (or change its schedule)',
      adminOnly: true,
      run: async (ctx, args) => {
        const parsed = parseSetup(args);
        if ('errors' in parsed) {
          await ctx.reply({ title: 'That setup did not work', text: parsed.errors.map((e) => `• ${e}`).join('\n') });
          return;
        }
        const before = channelRow(ctx.channel);
        const c = parsed.changes;
        // First setup starts from the defaults; later ones change only what is given.
        const fresh = !before.scheduled;
        const row = await update(ctx.channel, {
          scheduled: true,
          paused: fresh ? false : before.paused,
          pausedReason: fresh ? null : before.pausedReason,
          failureCount: fresh ? 0 : before.failureCount,
          postTime: c.postTime ?? (fresh ? '09:00' : before.postTime),
          timezone: c.timezone ?? (fresh ? services.settings.defaultTimezone : before.timezone),
          weekdays: c.weekdays ? weekdaysToText(c.weekdays) : fresh ? '1,2,3,4,5' : before.weekdays,
          rotation: c.rotation ?? (fresh ? 'weekday' : before.rotation),
          fixedRound: c.fixedRound !== undefined ? c.fixedRound : fresh ? null : before.fixedRound,
          reviewMode: c.reviewMode ?? before.reviewMode,
          reviewAssignHours: c.reviewAssignHours ?? before.reviewAssignHours,
          ...(c.digest === null ? { digestWeekday: null } : c.digest ? { digestWeekday: c.digest.weekday, digestTime: c.digest.time } : {}),
          ...(ctx.event.channelName ? { name: ctx.event.channelName } : {}),
        });
        await ctx.reply({
          title: fresh ? `Daily questions scheduled in ${row.name || 'this channel'}` : `Schedule updated for ${row.name || 'this channel'}`,
          text: `${summary(row)}\n${nextPostLine(row)}${row.paused ? `\nThe channel is paused (${row.pausedReason ?? 'by an admin'}): \`/prep resume\` restarts it.` : ''}`,
          context: 'Change any part later with /prep setup key:value; /prep schedule shows it.',
        });
      },
    },
    {
      command: 'prep',
      name: 'schedule',
      usage: '/prep schedule',
      summary: "Show this channel's schedule and next question",
      run: async (ctx) => {
        const row = await requireScheduled(ctx);
        if (!row) return;
        const last = db.select().from(dailyPosts).where(eq(dailyPosts.channelId, row.id)).orderBy(desc(dailyPosts.seq)).get();
        const lines = [summary(row), nextPostLine(row)];
        if (row.paused) lines.push(`⏸ Paused: ${row.pausedReason ?? 'by an admin'}. \`/prep resume\` restarts it.`);
        if (row.skipDate) lines.push(`Skipping the question of: ${row.skipDate.split(',').map((d) => describeDate(d)).join(', ')}.`);
        if (last) lines.push(`Last question: ${describeDate(last.localDate)}, round ${last.round} (${last.questionId})${postState(last)}.`);
        if (row.lastError && !row.paused) lines.push(`Last problem posting here: ${row.lastError}`);
        await ctx.reply({ title: `Schedule for ${row.name || 'this channel'}`, text: lines.join('\n') });
      },
    },
    {
      command: 'prep',
      name: 'pause',
      usage: '/prep pause',
      summary: 'Pause the daily question (streaks are not broken while paused)',
      adminOnly: true,
      run: async (ctx) => {
        const row = await requireScheduled(ctx);
        if (!row) return;
        if (row.paused) {
          await ctx.reply('Already paused. `/prep resume` restarts it.');
          return;
        }
        await update(row.id, { paused: true, pausedReason: `paused by ${ctx.actor.name}` });
        await ctx.reply('Paused: no daily question until `/prep resume`.');
      },
    },
    {
      command: 'prep',
      name: 'resume',
      usage: '/prep resume',
      summary: 'Resume a paused daily question',
      adminOnly: true,
      run: async (ctx) => {
        const row = await requireScheduled(ctx);
        if (!row) return;
        if (!row.paused) {
          await ctx.reply(`Not paused. ${nextPostLine(row)}`);
          return;
        }
        const resumed = await update(row.id, { paused: false, pausedReason: null, failureCount: 0, lastError: null });
        await ctx.reply(`Resumed. ${nextPostLine(resumed)}`);
      },
    },
    {
      command: 'prep',
      name: 'skip',
      usage: '/prep skip',
      summary: 'Skip the next daily question',
      adminOnly: true,
      run: async (ctx) => {
        const row = await requireScheduled(ctx);
        if (!row) return;
        // The next post that would really go out (not a day already posted with post-now).
        const next = row.paused ? null : poster.upcomingSlot(row, clock.now());
        if (!next) {
          await ctx.reply('There is no upcoming question to skip (the channel is paused or has no posting days).');
          return;
        }
        const skips = [...scheduleOf(row).skipDates, next.localDate].join(',');
        const updated = await update(row.id, { skipDate: skips });
        await ctx.reply(`Skipping the question of ${formatInstant(next.at, row.timezone)}. ${nextPostLine(updated)}`);
      },
    },
    {
      command: 'prep',
      name: 'post-now',
      usage: '/prep post-now',
      summary: "Post today's question now",
      adminOnly: true,
      run: async (ctx) => {
        const row = channelRow(ctx.channel);
        const today = localDateOf(clock.now(), row.timezone);
        const post = await poster.postNow(row, clock.now());
        if (!post) {
          // One question per channel and local date: say what became of today's.
          const existing = poster.postOn(row.id, today);
          await ctx.reply(
            existing?.status === 'failed'
              ? `Today's question (${describeDate(today)}) could not be posted (${existing.lastError ?? 'unknown error'}); there is one question per day, the next comes with the schedule.`
              : existing?.status === 'claimed'
                ? `Today's question (${describeDate(today)}) is being posted${existing.lastError ? ` (retrying after: ${existing.lastError})` : ''}.`
                : `Today's question (${describeDate(today)}) is already posted in this channel: answer it in its thread.`,
          );
          return;
        }
        if (post.status !== 'posted') {
          const retry = post.status === 'claimed' ? ' It will be retried in a minute.' : ' `/prep schedule` shows the channel state.';
          await ctx.reply(`The question could not be posted (${post.lastError ?? 'unknown error'}).${retry}`);
          return;
        }
        await ctx.reply(`Posted today's question (round ${post.round}). ${row.scheduled ? '' : 'Tip: `/prep setup` posts one every day.'}`.trim());
      },
    },
    {
      command: 'prep',
      name: 'unschedule',
      usage: '/prep unschedule',
      summary: 'Stop the daily question in this channel (answers and streaks are kept)',
      adminOnly: true,
      run: async (ctx) => {
        const row = await requireScheduled(ctx);
        if (!row) return;
        await update(row.id, { scheduled: false, paused: false, pausedReason: null, skipDate: null });
        await ctx.reply('Unscheduled: no more daily questions here. Answers, streaks and stats are kept; `/prep setup` starts again.');
      },
    },
  ];

  return {
    name: 'daily',
    poster,
    commands,
    tick: (now) => poster.tick(now),
    start: () => poster.sendPending(clock.now()),
  };
}
