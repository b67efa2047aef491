import { and, eq, gt, lte } from 'drizzle-orm';
import type { CommandSpec, Services } from '../../core/feature.js';
import { awayPeriods, channels, members, streaks } from '../../db/schema.js';
import { formatInstant } from '../daily/schedule.js';
import { AWAY_MAX_DAYS, AWAY_MIN_DAYS, parseAwayDays } from './arguments.js';

const DAY_MS = 86_400_000;

/** The zone a member reads times in: their own, else the channel's. */
export function memberZone(services: Services, memberId: number, channelId: string): string {
  const member = services.db.select({ timezone: members.timezone }).from(members).where(eq(members.id, memberId)).get();
  const channel = services.db.select({ timezone: channels.timezone }).from(channels).where(eq(channels.id, channelId)).get();
  return member?.timezone ?? channel?.timezone ?? services.settings.defaultTimezone;
}

/** "5 in #study-group, 2 in #sql" for the member's running streaks, or null without any. */
function runningStreaks(services: Services, memberId: number): string | null {
  const rows = services.db
    .select({ current: streaks.current, name: channels.name })
    .from(streaks)
    .innerJoin(channels, eq(channels.id, streaks.channelId))
    .where(and(eq(streaks.memberId, memberId), gt(streaks.current, 0)))
    .all();
  if (rows.length === 0) return null;
  return rows.map((r) => `${r.current} in ${r.name || 'a channel'}`).join(', ');
}

/**
 * `/prep away DAYS` and `/prep back`. An away period is stored as history (away_period) so that
 * streaks can be replayed; member.away_until is the quick answer to "is this member away now?".
 */
export function awayCommands(services: Services): CommandSpec[] {
  const { db, clock } = services;

  /** The member's period that covers `now`, if any. */
  const openPeriod = (memberId: number, now: number) =>
    db
      .select()
      .from(awayPeriods)
      .where(and(eq(awayPeriods.memberId, memberId), lte(awayPeriods.startAt, now), gt(awayPeriods.endAt, now)))
      .get();

  return [
    {
      command: 'prep',
      name: 'away',
      usage: `/prep away DAYS`,
      summary: `Pause your streaks and reminders for ${AWAY_MIN_DAYS}-${AWAY_MAX_DAYS} days (a holiday)`,
      run: async (ctx, args) => {
        const days = parseAwayDays(args);
        if (!days.ok) {
          await ctx.reply(days.error);
          return;
        }
        const now = clock.now().getTime();
        const until = now + days.value * DAY_MS;
        const extended = services.atomic(() => {
          const open = openPeriod(ctx.memberId, now);
          // A second /prep away while away changes the return date: one period, not two overlapping.
          if (open) db.update(awayPeriods).set({ endAt: until }).where(eq(awayPeriods.id, open.id)).run();
          else db.insert(awayPeriods).values({ memberId: ctx.memberId, startAt: now, endAt: until }).run();
          db.update(members).set({ awayUntil: until }).where(eq(members.id, ctx.memberId)).run();
          return Boolean(open);
        });
        const zone = memberZone(services, ctx.memberId, ctx.channel);
        const running = runningStreaks(services, ctx.memberId);
        await ctx.reply({
          title: `🏖 ${extended ? 'Away, now' : 'Away'} until ${formatInstant(new Date(until), zone)} (${days.value} day${days.value === 1 ? '' : 's'})`,
          text: [
            'A question that closes while you are away neither breaks your streak nor costs a freeze, and reminders pause.',
            running ? `Paused streaks: ${running}.` : 'You have no running streak yet: answering still starts one.',
          ].join('\n'),
          context: '/prep back ends it early.',
        });
      },
    },
    {
      command: 'prep',
      name: 'back',
      usage: '/prep back',
      summary: 'End your away period early',
      run: async (ctx) => {
        const now = clock.now().getTime();
        const ended = services.atomic(() => {
          const open = openPeriod(ctx.memberId, now);
          if (open) db.update(awayPeriods).set({ endAt: now }).where(eq(awayPeriods.id, open.id)).run();
          db.update(members).set({ awayUntil: null }).where(eq(members.id, ctx.memberId)).run();
          return Boolean(open);
        });
        if (!ended) {
          await ctx.reply('You are not away. `/prep away DAYS` pauses your streaks for a holiday, e.g. `/prep away 7`.');
          return;
        }
        const running = runningStreaks(services, ctx.memberId);
        await ctx.reply(
          `👋 Welcome back! Your streaks count again${running ? ` (${running})` : ''}: answer the open question before the next one is posted.`,
        );
      },
    },
  ];
}
