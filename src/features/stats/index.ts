import { eq } from 'drizzle-orm';
import type { Feature, Services } from '../../core/feature.js';
import { communities, members } from '../../db/schema.js';
import { formatInstant } from '../daily/schedule.js';
import { memberZone } from '../streaks/away.js';
import { exportMarkdown, plural, splitDocument } from './export.js';
import { leaderboardDoc } from './leaderboard.js';
import { loadMemberRecord } from './record.js';
import { statsDoc } from './stats-doc.js';
import { storiesDoc } from './stories-doc.js';

/**
 * What each member can see about themselves (stats, story bank, export) and the channel's
 * leaderboard. Everything is read on demand from answers, reviews and streaks: nothing to keep
 * in step, so reviews and mock answers show up as soon as their features store them.
 */
export function statsFeature(services: Services): Feature {
  const { db, clock, catalog, port } = services;

  return {
    name: 'stats',
    commands: [
      {
        command: 'prep',
        name: 'stats',
        usage: '/prep stats',
        summary: 'Your streak, answers per round, review scores, weakest round and Leadership Principle grid',
        run: async (ctx) => {
          const member = db.select().from(members).where(eq(members.id, ctx.memberId)).get();
          const now = clock.now().getTime();
          const zone = memberZone(services, ctx.memberId, ctx.channel);
          const awayUntil = member?.awayUntil && member.awayUntil > now ? formatInstant(new Date(member.awayUntil), zone) : null;
          await ctx.reply(statsDoc({ record: loadMemberRecord(db, ctx.memberId), catalog, channelId: ctx.channel, awayUntil }));
        },
      },
      {
        command: 'prep',
        name: 'leaderboard',
        usage: '/prep leaderboard',
        summary: "Post this channel's streaks, and this week's answers and reviewers",
        run: async (ctx) => {
          await port.postMessage(ctx.channel, leaderboardDoc(services, ctx.channel, clock.now()));
        },
      },
      {
        command: 'prep',
        name: 'stories',
        usage: '/prep stories',
        summary: 'Your STAR stories by Leadership Principle, and the principles with no story yet',
        run: async (ctx) => {
          await ctx.reply(storiesDoc(loadMemberRecord(db, ctx.memberId), catalog, memberZone(services, ctx.memberId, ctx.channel)));
        },
      },
      {
        command: 'prep',
        name: 'export',
        usage: '/prep export',
        summary: 'Everything Bar Raiser stores about your practice, as a Markdown document by DM',
        run: async (ctx) => {
          const record = loadMemberRecord(db, ctx.memberId);
          const community = db.select({ name: communities.name }).from(communities).where(eq(communities.id, ctx.community)).get();
          const markdown = exportMarkdown({
            name: ctx.actor.name,
            community: community?.name || ctx.community,
            record,
            catalog,
            zone: memberZone(services, ctx.memberId, ctx.channel),
            now: clock.now(),
          });
          const parts = splitDocument(markdown);
          for (const [i, part] of parts.entries()) {
            await port.sendDirect(ctx.actor.ref, {
              ...(parts.length > 1 ? { title: `📦 Your Bar Raiser export (part ${i + 1} of ${parts.length})` } : { title: '📦 Your Bar Raiser export' }),
              text: part,
              ...(i === parts.length - 1 && parts.length > 1 ? { context: 'Put the parts together in order for the whole Markdown document.' } : {}),
            });
          }
          const received = [...record.reviewsOf.values()].flat().length;
          await ctx.reply(
            `📦 Sent you your export by DM${parts.length > 1 ? ` in ${parts.length} parts` : ''}: ${plural(record.answers.length, 'answer')}, ${plural(received, 'review')} received, ${plural(record.reviewsWritten.length, 'review')} written.`,
          );
        },
      },
    ],
  };
}
