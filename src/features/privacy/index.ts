import { eq } from 'drizzle-orm';
import type { ButtonEvent } from '../../core/events.js';
import type { Context, Feature, Services } from '../../core/feature.js';
import { communities, members } from '../../db/schema.js';
import { CONFIRMATION_TTL_MS, createConfirmation, takeConfirmation } from './confirmations.js';
import { describeData, forgetMember, memberData } from './forget.js';

export const FORGET_CONFIRM_BUTTON = 'privacy.forget-confirm';
export const FORGET_CANCEL_BUTTON = 'privacy.forget-cancel';
const FORGET_ACTION = 'forget-me';

// The event this feature publishes after a deletion. It belongs in core/domain-events.ts (see the
// report of issue 6); declared here until then so that it is typed end to end.
/** `/prep forget-me`: asks first, then deletes everything about the member in this community. */
export function privacyFeature(services: Services): Feature {
  const { db, sqlite, clock, events } = services;

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
    const deleted = forgetMember(sqlite, ctx.memberId);
    await events.emit('member.forgotten', { memberId: member.id, communityId: member.communityId, userRef: member.userRef });
    await ctx.reply({
      title: '🗑 Your data is deleted',
      text: `Deleted from ${communityName(ctx.community)}: ${describeData(deleted)}. Bar Raiser keeps nothing else about you here.`,
      context: 'Messages already posted in the chat stay there: delete them on the platform if you want them gone.',
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
          await ctx.reply({
            title: `Delete all your Bar Raiser data in ${communityName(ctx.community)}?`,
            text: `This deletes ${describeData(data)}. It cannot be undone; other members' data is not touched.`,
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
