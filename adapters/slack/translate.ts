import { isObject } from './payload-reading.js';
import { translateEventCallback } from './translate-events.js';
import { translateBlockActions, translateCommand, translateViewSubmission } from './translate-interactions.js';
import { ignored, type Translation } from './translate-common.js';

export type { Translation } from './translate-common.js';

/**
 * Reads any Slack request body (Events API envelope, slash command fields, interactivity payload)
 * into the core's normalized event, or says why it is not one. Pure: no I/O, no clock; the actor it
 * returns is provisional (see provisionalActor).
 */
export function translate(body: unknown): Translation {
  if (!isObject(body)) return ignored('body is not an object');
  if (body.type === 'event_callback') return translateEventCallback(body);
  if (typeof body.command === 'string') return translateCommand(body);
  if (body.type === 'block_actions') return translateBlockActions(body);
  if (body.type === 'view_submission') return translateViewSubmission(body);
  return ignored(`payload type "${String(body.type ?? '')}" is not used`);
}
