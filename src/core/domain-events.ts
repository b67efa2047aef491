import type { Logger } from 'pino';

/**
 * What features tell each other. A feature publishes facts ("an answer was saved"); others
 * subscribe in app.ts. Features never call each other directly.
 */
export interface DomainEventMap {
  /** A daily post went out (or was found again after a crash). */
  'post.published': { postId: number; channelId: string; seq: number; at: Date };
  /** A schedule change moved when the open question is due (null: no next question is scheduled). */
  'post.deadline.changed': { postId: number; channelId: string; deadlineAt: number | null };
  /** An answer was created or changed (more messages joined, an edit). */
  'answer.saved': {
    answerId: number;
    memberId: number;
    channelId: string;
    postId: number | null;
    created: boolean;
    at: Date;
  };
  'answer.deleted': { answerId: number; memberId: number; channelId: string; postId: number | null };
  'review.saved': { reviewId: number; answerId: number; reviewerId: number; authorId: number; created: boolean };
  /** A member and all their data were deleted: anything caching the member id must drop it. */
  'member.forgotten': { memberId: number; communityId: string; userRef: string };
}

type Listener<K extends keyof DomainEventMap> = (event: DomainEventMap[K]) => void | Promise<void>;

export class DomainEvents {
  private readonly listeners = new Map<keyof DomainEventMap, Listener<never>[]>();

  constructor(private readonly log: Logger) {}

  on<K extends keyof DomainEventMap>(name: K, listener: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(name, list);
  }

  /** Runs every listener in order; one failing is logged and does not stop the others. */
  async emit<K extends keyof DomainEventMap>(name: K, event: DomainEventMap[K]): Promise<void> {
    for (const listener of (this.listeners.get(name) ?? []) as Listener<K>[]) {
      try {
        await listener(event);
      } catch (err) {
        this.log.error({ err, event: name }, 'domain event listener failed');
      }
    }
  }
}
