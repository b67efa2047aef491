import type { Feature, Services } from '../../core/feature.js';
import { awayCommands } from './away.js';
import { StreakEngine } from './engine.js';
import { reminderCommands } from './reminder-commands.js';
import { Reminders } from './reminders.js';

export { StreakEngine } from './engine.js';
export { replayStreaks, type ChannelHistory } from './replay.js';
export { channelHistory } from './history.js';
export { Reminders } from './reminders.js';

/**
 * Streaks per member and channel, freezes, away periods and reminders. Streaks follow the
 * domain events: an answer saved may count, a post published closes the one before it.
 */
export function streaksFeature(services: Services): Feature & { engine: StreakEngine; reminders: Reminders } {
  const engine = new StreakEngine(services);
  const reminders = new Reminders(services);

  services.events.on('answer.saved', (e) => engine.answerSaved(e.answerId));
  services.events.on('answer.deleted', (e) => engine.answerDeleted(e.memberId, e.channelId, e.postId));
  services.events.on('post.published', (e) => engine.postPublished(e.channelId));

  return {
    name: 'streaks',
    engine,
    reminders,
    commands: [...awayCommands(services), ...reminderCommands(services, reminders)],
    tick: (now) => reminders.tick(now),
    start: () => engine.reconcile(),
  };
}
