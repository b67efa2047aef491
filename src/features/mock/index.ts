import type { Feature, Services } from '../../core/feature.js';
import { MockAnswers, type AnswerRow } from './answers.js';
import { mockCommands } from './commands.js';
import { sessionControls } from './controls.js';
import { WARNING_MS } from './docs.js';
import { MockEngine } from './engine.js';
import { People } from './people.js';
import { SessionStore } from './store.js';

export { MockEngine } from './engine.js';

/**
 * `/mock`: timed mock interviews in a thread, solo or with a partner (issue 8).
 * Registered first so that it is asked about thread messages before the daily answers feature.
 */
export function mockFeature(services: Services): Feature & { engine: MockEngine } {
  const { clock, events } = services;
  const store = new SessionStore(services.db, services.sqlite);
  const answers = new MockAnswers(services.db, services.sqlite, services.catalog);
  const engine = new MockEngine(services, store, answers, new People(services.sqlite));
  const controls = sessionControls(services, engine);

  /** One indexed query; idle (nothing due) it returns no row and costs microseconds. */
  const processDue = async (now: Date): Promise<Set<number>> => {
    const handled = new Set<number>();
    for (const id of store.due(now.getTime() + WARNING_MS)) {
      try {
        const acted = await engine.withSession(id, (session) => engine.onDue(session, now.getTime()));
        if (acted) handled.add(id);
      } catch (err) {
        services.log.error({ err, session: id }, 'mock deadline work failed');
      }
    }
    return handled;
  };

  /** An edit or a deletion changed a mock answer: postId null, as for every mock answer (no streak). */
  const changed = (answer: AnswerRow) =>
    events.emit('answer.saved', { answerId: answer.id, memberId: answer.memberId, channelId: answer.channelId, postId: null, created: false, at: clock.now() });

  return {
    name: 'mock',
    engine,
    commands: mockCommands(services, engine),
    buttons: controls.buttons,
    forms: controls.forms,

    async onThreadMessage(ctx) {
      const id = ctx.thread ? store.idByThread(ctx.thread) : undefined;
      if (id === undefined) return false;
      await controls.onMessage(id, ctx);
      return true; // a mock thread's messages are nobody else's
    },

    async onMessageEdited(ctx) {
      const saved = answers.edit(ctx.event.messageId, ctx.event.text, clock.now().getTime());
      if (!saved) return false;
      await changed(saved.answer);
      return true;
    },

    async onMessageDeleted(event) {
      const result = answers.remove(event.messageId, clock.now().getTime());
      if (!result) return false;
      const { answer } = result;
      if (result.removed) {
        await events.emit('answer.deleted', { answerId: answer.id, memberId: answer.memberId, channelId: answer.channelId, postId: null });
      } else await changed(answer);
      return true;
    },

    tick: async (now) => {
      await processDue(now);
    },

    /**
     * Start-up: deadlines that passed while the bot was down are handled now (a question that ran
     * out moves on), a session that never got its thread is dropped, and every interview still
     * running gets a note saying where it stands.
     */
    async start() {
      const now = clock.now();
      for (const session of store.allActive()) {
        if (session.phase === 'starting') store.close(session.id, 'stopped', now.getTime(), null);
      }
      const handled = await processDue(now);
      for (const session of store.allActive()) {
        if (handled.has(session.id)) continue;
        try {
          await engine.withSession(session.id, (current) => engine.resumeNote(current));
        } catch (err) {
          services.log.error({ err, session: session.id }, 'could not post a mock resume note');
        }
      }
    },
  };
}
