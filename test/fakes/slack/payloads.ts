/**
 * Builders for the Slack payloads tests send, shaped like the fixtures in
 * ../shared/fixtures/slack/ (Events API envelope, slash command fields, block_actions,
 * view_submission), with only the fields that matter set.
 */
import { randomBytes } from 'node:crypto';

/** Like Slack's: unique across processes (the dispatcher drops an interaction it has seen). */
function uniqueId(prefix: string): string {
  return `${prefix}${Date.now()}.${randomBytes(4).toString('hex')}`;
}

export interface Where {
  readonly team: string;
  readonly channel: string;
  readonly user: string;
}

export function slashCommandFields(where: Where & { command: string; text: string; triggerId?: string; responseUrl?: string }): Record<string, string> {
  return {
    token: 'verification_token',
    team_id: where.team,
    team_domain: 'fake-team',
    channel_id: where.channel,
    channel_name: 'study-group',
    user_id: where.user,
    user_name: where.user.toLowerCase(),
    command: where.command,
    text: where.text,
    response_url: where.responseUrl ?? 'https://hooks.slack.com/commands/T/1/x',
    trigger_id: where.triggerId ?? uniqueId('trigger.'),
  };
}

export function eventEnvelope(team: string, event: Record<string, unknown>, eventId = uniqueId('Ev')): Record<string, unknown> {
  return {
    token: 'verification_token',
    team_id: team,
    api_app_id: 'A0FAKE',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

export function messageEvent(where: Where & { ts: string; text: string; threadTs?: string }): Record<string, unknown> {
  return {
    type: 'message',
    user: where.user,
    text: where.text,
    ts: where.ts,
    ...(where.threadTs ? { thread_ts: where.threadTs, parent_user_id: 'UBOT' } : {}),
    team: where.team,
    channel: where.channel,
    event_ts: where.ts,
    channel_type: 'channel',
  };
}

export function blockActionsPayload(
  where: Where & { actionId: string; value?: string; messageTs: string; threadTs?: string; triggerId?: string; responseUrl?: string },
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: where.user, username: where.user.toLowerCase(), name: where.user.toLowerCase(), team_id: where.team },
    api_app_id: 'A0FAKE',
    container: { type: 'message', message_ts: where.messageTs, channel_id: where.channel, is_ephemeral: false, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
    trigger_id: where.triggerId ?? uniqueId('trigger.'),
    team: { id: where.team, domain: 'fake-team' },
    channel: { id: where.channel, name: 'study-group' },
    response_url: where.responseUrl ?? 'https://hooks.slack.com/actions/T/1/x',
    actions: [
      {
        action_id: where.actionId,
        block_id: 'b',
        type: 'button',
        text: { type: 'plain_text', text: 'Button' },
        ...(where.value !== undefined ? { value: where.value } : {}),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

/** A view_submission for a modal the adapter opened: `view` is what views.open was given. */
export function viewSubmissionPayload(
  where: Omit<Where, 'channel'> & { view: Record<string, unknown>; values: Record<string, string> },
): Record<string, unknown> {
  const blocks = (where.view.blocks ?? []) as Array<{ type: string; block_id: string; element: { type: string; action_id: string } }>;
  const values: Record<string, Record<string, unknown>> = {};
  // Only input blocks carry state; sections (a form's intro) do not.
  for (const block of blocks.filter((b) => b.type === 'input')) {
    const value = where.values[block.block_id];
    const element = block.element;
    values[block.block_id] = {
      [element.action_id]:
        element.type === 'static_select'
          ? { type: 'static_select', selected_option: value === undefined ? null : { value, text: { type: 'plain_text', text: value } } }
          : { type: element.type, value: value ?? null },
    };
  }
  return {
    type: 'view_submission',
    team: { id: where.team, domain: 'fake-team' },
    user: { id: where.user, username: where.user.toLowerCase(), name: where.user.toLowerCase(), team_id: where.team },
    api_app_id: 'A0FAKE',
    trigger_id: uniqueId('trigger.'),
    view: { id: 'V1', team_id: where.team, type: 'modal', ...where.view, state: { values }, app_installed_team_id: where.team, bot_id: 'BBOT' },
    response_urls: [],
  };
}
