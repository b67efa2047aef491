import { eq } from 'drizzle-orm';
import { forEachBounded } from '../../core/concurrency.js';
import type { ButtonEvent } from '../../core/events.js';
import type { Context, Feature, Services } from '../../core/feature.js';
import { communities, members } from '../../db/schema.js';
import { CONFIRMATION_TTL_MS, createConfirmation, takeConfirmation } from './confirmations.js';
import { describeData, forgetMember, memberData, messagesPostedFor } from './forget.js';

export const FORGET_CONFIRM_BUTTON = 'privacy.forget-confirm';
export const FORGET_CANCEL_BUTTON = 'privacy.forget-cancel';
const FORGET_ACTION = 'forget-me';

/** `/prep forget-me`: asks first, then deletes everything about the member in this community. */
export function privacyFeature(services: Services): Feature {
  const { db, sqlite, clock, events, port, log } = services;

  /** Deletes the bot's messages; the rows are already gone, so a failure is reported, never retried. */
  const removePosted = async (refs: readonly string[]): Promise<{ removed: number; failed: string[] }> => {
    let removed = 0;
    const failed: string[] = [];
    await forEachBounded(refs, 4, async (ref) => {
      try {
        await port.deleteMessage(ref);
        removed++;
      } catch (err) {
        log.warn({ err, message: ref }, 'forget-me: could not delete a posted message');
        failed.push((err as Error).message);
      }
    });
    return { removed, failed };
  };

  const communityName = (id: string) => db.select({ name: communities.name }).from(communities).where(eq(communities.id, id)).get()?.name || 'this workspace';

  const confirm = async (ctx: Context<ButtonEvent>) => {
    const check = takeConfirmation(db, ctx.event.value, ctx.memberId, FORGET_ACTION, clock.now());
    if (check === 'not-yours') {
      await ctx.reply('That button belongs to the member who asked to delete their data; nothing was deleted. `/prep forget-me` is there for your own data.');
      return;
    }
    if (check !== 'ok') {
      await ctx.reply(`This confirmation ${check === 'expired' ? 'expired' : 'is no longer valid'}; nothing was deleted. Run \`/prep forget-me\` again.`);
      return;
    }
    const member = db.select().from(members).where(eq(members.id, ctx.memberId)).get();
    if (!member) return;
    const posted = messagesPostedFor(sqlite, ctx.memberId);
    const deleted = forgetMember(sqlite, ctx.memberId);
    await events.emit('member.forgotten', { memberId: member.id, communityId: member.communityId, userRef: member.userRef });
    const { removed, failed } = await removePosted(posted);
    const notRemoved =
      failed.length === 0 ? '' : ` ${failed.length} posted message${failed.length === 1 ? '' : 's'} could not be removed (${failed[0]}): delete ${failed.length === 1 ? 'it' : 'them'} on the platform or ask an admin.`;
    await ctx.reply({
      title: '🗑 Your data is deleted',
      text: `Deleted from ${communityName(ctx.community)}: ${describeData(deleted, removed)}. Bar Raiser keeps nothing else about you here.${notRemoved}`,
      context: 'Your own messages in threads stay: delete them on the platform if you want them gone.',
    });
  };

  const cancel = async (ctx: Context<ButtonEvent>) => {
    const check = takeConfirmation(db, ctx.event.value, ctx.memberId, FORGET_ACTION, clock.now());
    await ctx.reply(check === 'not-yours' ? 'That button belongs to another member.' : 'Cancelled: nothing was deleted.');
  };

  return {
    name: 'privacy',
    commands: [
      {
        command: 'prep',
        name: 'forget-me',
        usage: '/prep forget-me',
        summary: 'Delete everything Bar Raiser stores about you in this workspace (asks first)',
        run: async (ctx, args) => {
          if (args.positional.length > 0 || args.options.size > 0) {
            await ctx.reply('forget-me: takes no arguments; it asks you to confirm first. e.g. `/prep forget-me`');
            return;
          }
          const token = createConfirmation(db, ctx.memberId, FORGET_ACTION, clock.now());
          const data = memberData(sqlite, ctx.memberId);
          const posted = messagesPostedFor(sqlite, ctx.memberId).length;
          await ctx.reply({
            title: `Delete all your Bar Raiser data in ${communityName(ctx.community)}?`,
            text: `This deletes ${describeData(data, posted)}. It cannot be undone; other members' data is not touched.`,
            buttons: [
              { action: FORGET_CONFIRM_BUTTON, label: 'Yes, delete my data', value: token, style: 'danger' },
              { action: FORGET_CANCEL_BUTTON, label: 'Cancel', value: token },
            ],
            context: `The buttons work for ${CONFIRMATION_TTL_MS / 60_000} minutes, and only for you. /prep export first if you want a copy.`,
          });
        },
      },
    ],
    buttons: { [FORGET_CONFIRM_BUTTON]: confirm, [FORGET_CANCEL_BUTTON]: cancel },
  };
}
