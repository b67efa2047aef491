import { eq } from 'drizzle-orm';
import type { CommandSpec, Services } from '../../core/feature.js';
import { channels, members } from '../../db/schema.js';
import { formatInstant } from '../daily/schedule.js';
import { parseRemind, parseZone } from './arguments.js';
import { nextReminderAt, type Reminders } from './reminders.js';

/** `/prep remind HH:MM|off` and `/prep tz IANA`: a member's own reminder time and zone. */
export function reminderCommands(services: Services, reminders: Reminders): CommandSpec[] {
  const { db, clock } = services;

  const member = (id: number) => db.select().from(members).where(eq(members.id, id)).get()!;
  const channel = (id: string) => db.select().from(channels).where(eq(channels.id, id)).get();

  /** Saves when the member's next reminder is due, from their time and zone. */
  const reschedule = (memberId: number): number | null => {
    const row = member(memberId);
    const next = row.remindTime ? nextReminderAt(row.remindTime, reminders.zoneOf(row), clock.now()) : null;
    db.update(members).set({ nextRemindAt: next }).where(eq(members.id, memberId)).run();
    return next;
  };

  return [
    {
      command: 'prep',
      name: 'remind',
      usage: '/prep remind HH:MM|off',
      summary: 'A private reminder at that time when you have a streak to lose and have not answered yet',
      run: async (ctx, args) => {
        const parsed = parseRemind(args);
        if (!parsed.ok) {
          await ctx.reply(parsed.error);
          return;
        }
        if (parsed.value === null) {
          db.update(members).set({ remindTime: null, nextRemindAt: null }).where(eq(members.id, ctx.memberId)).run();
          await ctx.reply('🔕 Reminders off. `/prep remind 20:00` turns them on again.');
          return;
        }
        const here = channel(ctx.channel);
        const before = member(ctx.memberId);
        // "Your zone, default the channel's": a member without a zone gets this channel's, kept from now on
        // so that reminders do not move if the channel's schedule changes.
        const zone = before.timezone ?? here?.timezone ?? services.settings.defaultTimezone;
        db.update(members).set({ remindTime: parsed.value, timezone: zone }).where(eq(members.id, ctx.memberId)).run();
        const next = reschedule(ctx.memberId);
        const lines = [
          `Every day at **${parsed.value} ${zone}**, if a question went out in the last 24 hours, you have not answered it and you have a streak to lose, I will DM you.`,
        ];
        if (next) lines.push(`Next check: ${formatInstant(new Date(next), zone)}.`);
        if (here?.scheduled) lines.push(`The question here goes out at ${here.postTime} ${here.timezone}.`);
        await ctx.reply({
          title: '⏰ Reminders on',
          text: lines.join('\n'),
          context: `${before.timezone ? 'Your zone' : "This channel's zone"}: ${zone}. /prep tz Region/City changes it; /prep remind off stops reminders.`,
        });
      },
    },
    {
      command: 'prep',
      name: 'tz',
      usage: '/prep tz IANA',
      summary: 'Your own time zone, for reminders (e.g. /prep tz Europe/Berlin)',
      run: async (ctx, args) => {
        const parsed = parseZone(args);
        if (!parsed.ok) {
          await ctx.reply(parsed.error);
          return;
        }
        if (parsed.value === null) {
          const row = member(ctx.memberId);
          await ctx.reply(
            row.timezone
              ? `Your time zone: **${row.timezone}**. Change it with \`/prep tz Region/City\`, e.g. \`/prep tz America/New_York\`.`
              : `You have not set a time zone: times follow this channel's (${channel(ctx.channel)?.timezone ?? services.settings.defaultTimezone}). Set yours with \`/prep tz Region/City\`, e.g. \`/prep tz Europe/Berlin\`.`,
          );
          return;
        }
        db.update(members).set({ timezone: parsed.value }).where(eq(members.id, ctx.memberId)).run();
        const next = reschedule(ctx.memberId);
        const row = member(ctx.memberId);
        await ctx.reply(
          `🌍 Your time zone is now **${parsed.value}**.${
            row.remindTime && next ? ` Reminders at ${row.remindTime} ${parsed.value} (next: ${formatInstant(new Date(next), parsed.value)}).` : ''
          }`,
        );
      },
    },
  ];
}
