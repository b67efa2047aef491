import type { Logger } from 'pino';
import type { DispatchResult, FormSubmitEvent, InboundEvent } from '../../src/core/events.js';
import type { DispatchFn } from '../../src/core/platform.js';
import type { ChatPort } from '../../src/core/ports.js';
import { arrayAt, objectAt, textAt } from './payload-reading.js';
import { RecentIds } from './recent-ids.js';
import { translate } from './translate.js';
import type { SlackUserDirectory } from './user-directory.js';

/** Slack waits 3 s for a view_submission ack; the core gets 2.5 s of it to return field errors. */
export const FORM_ACK_GUARD_MS = 2500;
/** Event ids remembered to drop Events API redeliveries (X-Slack-Retry-Num) before any work. */
const REMEMBERED_EVENT_IDS = 10_000;

type Ack = (response?: unknown) => Promise<void>;

export interface IncomingRequest {
  readonly body: unknown;
  /** Present for commands and interactivity; Bolt acks Events API requests itself. */
  readonly ack?: Ack;
  /** X-Slack-Retry-Num (HTTP) or retry_attempt (Socket Mode), when Slack is redelivering. */
  readonly retryNum?: number;
}

/**
 * Everything that comes from Slack passes here: drop redeliveries, translate, ack at once, find out
 * who the user is, dispatch. The only request acked after the core has worked is a modal
 * submission, because its field errors must travel in the ack.
 */
export class SlackInbound {
  private dispatch: DispatchFn | null = null;
  private readonly seenEventIds = new RecentIds(REMEMBERED_EVENT_IDS);
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly users: SlackUserDirectory,
    private readonly chat: ChatPort,
    private readonly log: Logger,
    private readonly formAckGuardMs = FORM_ACK_GUARD_MS,
  ) {}

  attach(dispatch: DispatchFn): void {
    this.dispatch = dispatch;
  }

  /** Stops taking events and waits for the ones being handled. */
  async detach(): Promise<void> {
    this.dispatch = null;
    await Promise.allSettled([...this.inFlight]);
  }

  async handle(request: IncomingRequest): Promise<void> {
    const work = this.process(request);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async process({ body, ack, retryNum }: IncomingRequest): Promise<void> {
    const eventId = textAt(body, 'event_id');
    if (eventId && !this.seenEventIds.remember(eventId)) {
      this.log.info({ eventId, retryNum }, 'slack: dropped a redelivered event');
      return;
    }
    const translation = translate(body);
    const dispatch = this.dispatch;
    if (translation.kind === 'ignored' || !dispatch) {
      await ack?.();
      if (translation.kind === 'ignored') this.log.debug({ reason: translation.reason }, 'slack: payload ignored');
      return;
    }
    if (translation.event.type === 'form_submit') {
      await this.handleFormSubmit(translation.event, body, ack, dispatch);
      return;
    }
    await ack?.();
    await this.dispatchSafely(dispatch, translation.event);
  }

  private async handleFormSubmit(event: FormSubmitEvent, body: unknown, ack: Ack | undefined, dispatch: DispatchFn): Promise<void> {
    const work = this.dispatchSafely(dispatch, event);
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.formAckGuardMs);
    });
    const outcome = await Promise.race([work, guard]);
    clearTimeout(timer);
    if (outcome === 'late') {
      // Close the modal now; if the core finds problems later, say so privately.
      await ack?.();
      const result = await work;
      if (result.fieldErrors) await this.reportFieldErrors(event, result.fieldErrors);
      return;
    }
    const errors = outcome.fieldErrors ? errorsForBlocks(outcome.fieldErrors, inputBlockIds(body)) : null;
    if (errors) {
      await ack?.({ response_action: 'errors', errors });
    } else {
      await ack?.();
      if (outcome.fieldErrors) await this.reportFieldErrors(event, outcome.fieldErrors);
    }
  }

  private async dispatchSafely(dispatch: DispatchFn, event: InboundEvent): Promise<DispatchResult> {
    try {
      return await dispatch(await this.withPeople(event));
    } catch (err) {
      // The dispatcher has its own error boundary; this catches what escapes it.
      this.log.error({ err, eventType: event.type }, 'slack: dispatch failed');
      return { handled: false };
    }
  }

  /**
   * The actor and any mentioned users as users.info sees them (cached). Mentions go through the
   * same lookup as actors so that a member's name is the same whether they act or are mentioned
   * (the label in `<@U123|bob>` is the handle, not the display name). The ack has already gone.
   */
  private async withPeople(event: InboundEvent): Promise<InboundEvent> {
    if (!('user' in event)) return event;
    if (event.type !== 'command' || !event.mentions?.length) return { ...event, user: await this.users.resolve(event.user) };
    const [user, ...mentions] = await Promise.all([event.user, ...event.mentions].map((actor) => this.users.resolve(actor)));
    // users.info may say "admin"; a mention grants nothing.
    return { ...event, user: user!, mentions: mentions.map((m) => ({ ...m, isAdmin: false })) };
  }

  private async reportFieldErrors(event: FormSubmitEvent, fieldErrors: Readonly<Record<string, string>>): Promise<void> {
    const lines = Object.entries(fieldErrors).map(([field, problem]) => `- **${field}**: ${problem}`);
    try {
      await this.chat.sendEphemeral(
        { user: event.user, channel: event.channel, thread: event.thread ?? null, interaction: event.interaction ?? null },
        { title: 'Your form was not saved', text: lines.join('\n'), context: 'Open the form again and fix these.' },
      );
    } catch (err) {
      this.log.warn({ err }, 'slack: could not report form errors');
    }
  }
}

function inputBlockIds(body: unknown): Set<string> {
  const blocks = arrayAt(objectAt(body, 'view'), 'blocks');
  return new Set(blocks.filter((b) => textAt(b, 'type') === 'input').map((b) => textAt(b, 'block_id') ?? ''));
}

/**
 * `response_action: errors` must name input blocks of the view, or Slack rejects the whole ack.
 * Errors about anything else are folded into the first input's message.
 */
export function errorsForBlocks(fieldErrors: Readonly<Record<string, string>>, blockIds: ReadonlySet<string>): Record<string, string> | null {
  const first = [...blockIds].find(Boolean);
  if (!first) return null;
  const errors: Record<string, string> = {};
  const stray: string[] = [];
  for (const [field, problem] of Object.entries(fieldErrors)) {
    if (blockIds.has(field)) errors[field] = problem;
    else stray.push(problem);
  }
  if (stray.length) errors[first] = [errors[first], ...stray].filter(Boolean).join(' ');
  return Object.keys(errors).length ? errors : null;
}
