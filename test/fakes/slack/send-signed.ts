/**
 * Sends one correctly signed Slack request to an HTTP-mode Bar Raiser, for checking by hand:
 *
 *   npx tsx test/fakes/slack/send-signed.ts command /prep "setup time:09:00"
 *   npx tsx test/fakes/slack/send-signed.ts reply 1764493200.000100 "Last year our team..."
 *
 * Environment: SLACK_EVENTS_URL (default http://127.0.0.1:3999/slack/events), SLACK_SIGNING_SECRET
 * (default "s"), SLACK_TEAM (T0BARRAISE), SLACK_CHANNEL (C0STUDY), SLACK_USER (U0ADMIN).
 */
import { eventEnvelope, messageEvent, slashCommandFields } from './payloads.js';
import { formBody, postSigned } from './signed-requests.js';

const url = process.env.SLACK_EVENTS_URL ?? 'http://127.0.0.1:3999/slack/events';
const secret = process.env.SLACK_SIGNING_SECRET ?? 's';
const where = {
  team: process.env.SLACK_TEAM ?? 'T0BARRAISE',
  channel: process.env.SLACK_CHANNEL ?? 'C0STUDY',
  user: process.env.SLACK_USER ?? 'U0ADMIN',
};

const [kind, first = '', second = ''] = process.argv.slice(2);
let body: string;
if (kind === 'command') {
  body = formBody(slashCommandFields({ ...where, command: first, text: second }));
} else if (kind === 'reply') {
  const ts = `${(Date.now() / 1000).toFixed(6)}`;
  body = JSON.stringify(eventEnvelope(where.team, messageEvent({ ...where, ts, threadTs: first, text: second })));
} else {
  process.stderr.write('usage: send-signed.ts command /prep "setup" | reply <thread_ts> "text"\n');
  process.exit(2);
}
const response = await postSigned(url, body, { secret });
process.stdout.write(`${response.status} ${response.text}\n`);
