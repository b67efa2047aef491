import type { Feature, Services } from '../../core/feature.js';
import { ReviewScheduler } from './assignment.js';
import { ReviewDelivery } from './delivery.js';
import { WeeklyDigest } from './digest.js';
import { ACTIONS } from './docs.js';
import { ReviewFlow } from './flow.js';
import { HelpfulMarks } from './helpful.js';
import { RUBRIC_FORM_ID } from './rubric.js';
import { ReviewStore } from './store.js';

export { ACTIONS as REVIEW_ACTIONS } from './docs.js';
export { RUBRIC_FORM_ID } from './rubric.js';

/**
 * Peer review (issue 7): "Review an answer" and `/prep review`, the rubric form, delivery in the
 * thread or privately, helpful marks, reviewer assignment before the next post, the thread offer
 * an hour before it, and the weekly digest.
 */
export function reviewsFeature(services: Services): Feature {
  const store = new ReviewStore(services);
  const delivery = new ReviewDelivery(services, store);
  const flow = new ReviewFlow(services, store, delivery);
  const helpful = new HelpfulMarks(services, store, delivery);
  const scheduler = new ReviewScheduler(services);
  const digest = new WeeklyDigest(services);

  // A post's review times are set when it goes out, and move with its deadline (the daily feature publishes both).
  services.events.on('post.published', ({ postId }) => scheduler.schedulePost(postId));
  services.events.on('post.deadline.changed', ({ postId }) => scheduler.deadlineMoved(postId));

  return {
    name: 'reviews',
    commands: [
      {
        command: 'prep',
        name: 'review',
        usage: '/prep review',
        summary: "Review a classmate's answer to the latest question (the one with the fewest reviews)",
        run: (ctx) => flow.startForPost(ctx, flow.postForCommand(ctx)),
      },
    ],
    buttons: {
      [ACTIONS.start]: async (ctx) => {
        // A post from elsewhere (or gone) falls back to this channel's latest question.
        const post = flow.postById(Number(ctx.event.value), ctx.channel);
        await flow.startForPost(ctx, post);
      },
      [ACTIONS.open]: (ctx) => flow.present(ctx, Number(ctx.event.value)),
      [ACTIONS.form]: (ctx) => flow.openFormFor(ctx, Number(ctx.event.value)),
      [ACTIONS.helpful]: (ctx) => helpful.onButton(ctx),
    },
    forms: { [RUBRIC_FORM_ID]: (ctx) => flow.submit(ctx) },
    onReaction: (ctx) => helpful.onReaction(ctx),
    async tick(now) {
      await scheduler.tick(now);
      await digest.tick(now);
    },
    async start() {
      scheduler.backfill(services.clock.now());
    },
  };
}
