import type { RecordedCall, StoredMessage } from './fake-slack.js';
import { blockActionsPayload, eventEnvelope, messageEvent, slashCommandFields, viewSubmissionPayload } from './payloads.js';
import type { SlackHttpResponse } from './signed-requests.js';
import type { SlackTestEnv } from './slack-test-env.js';

/**
 * Acts as Slack users against an HTTP-mode adapter: every action is the signed request Slack would
 * send (slash command, Events API message, block_actions click, view_submission).
 */
export class SlackDriver {
  constructor(
    private readonly env: SlackTestEnv,
    readonly team: string,
    readonly channel: string,
  ) {}

  command(user: string, command: string, text: string): Promise<SlackHttpResponse> {
    return this.env.postCommand(slashCommandFields({ team: this.team, channel: this.channel, user, command, text }));
  }

  /** Posts a message (in a thread when threadTs is given); returns its ts and the Events API envelope. */
  async say(user: string, text: string, threadTs?: string): Promise<{ ts: string; envelope: Record<string, unknown> }> {
    const ts = this.env.fake.nextTs();
    const envelope = eventEnvelope(this.team, messageEvent({ team: this.team, channel: this.channel, user, ts, text, threadTs }));
    const response = await this.env.postEvent(envelope);
    if (response.status !== 200) throw new Error(`message event answered ${response.status}`);
    return { ts, envelope };
  }

  /** Clicks the button with `actionId` on a message the bot posted. */
  click(user: string, message: StoredMessage, actionId: string): Promise<SlackHttpResponse> {
    const button = buttonsOf(message.blocks).find((b) => b.action_id === actionId);
    if (!button) throw new Error(`no button ${actionId} on message ${message.ts}`);
    return this.env.postInteraction(
      blockActionsPayload({ team: this.team, channel: message.channel, user, actionId, value: button.value, messageTs: message.ts, threadTs: message.threadTs }),
    );
  }

  /** Submits a modal the adapter opened (the `view` given to views.open). */
  submit(user: string, viewsOpen: RecordedCall, values: Record<string, string>): Promise<SlackHttpResponse> {
    const view = viewsOpen.params.view as Record<string, unknown>;
    return this.env.postInteraction(viewSubmissionPayload({ team: this.team, user, view, values }));
  }
}

export function buttonsOf(blocksParam: unknown): Array<{ action_id: string; value?: string; text: { text: string } }> {
  const blocks = (blocksParam ?? []) as Array<{ type: string; elements?: Array<{ type: string; action_id: string; value?: string; text: { text: string } }> }>;
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).filter((e) => e.type === 'button'));
}

/** The ids of a modal's inputs and whether each is a select. */
export function inputsOf(viewsOpen: RecordedCall): Array<{ id: string; select: boolean; optional: boolean }> {
  const view = viewsOpen.params.view as { blocks: Array<{ type: string; block_id: string; optional?: boolean; element: { type: string } }> };
  return view.blocks.filter((b) => b.type === 'input').map((b) => ({ id: b.block_id, select: b.element.type === 'static_select', optional: b.optional === true }));
}
