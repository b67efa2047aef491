/**
 * The fake Slack Web API as a stand-alone process, for checking the real app by hand:
 *
 *   npx tsx test/fakes/slack/run-fake-slack.ts [--port 4999] [--admin U0ADMIN,...]
 *
 * prints its API URL, then one JSON line per Web API call. Users listed with --admin are
 * workspace admins in users.info. Pair it with send-signed.ts.
 */
import { parseArgs } from 'node:util';
import { FakeSlack } from './fake-slack.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, admin: { type: 'string', default: 'U0ADMIN' } } });

const fake = new FakeSlack({
  port: Number(values.port),
  onCall: (call, answer) => {
    const { blocks, view, ...rest } = call.params;
    const summary = {
      method: call.method,
      ...rest,
      ...(blocks ? { blocks: (blocks as Array<{ type: string }>).map((b) => b.type) } : {}),
      ...(view ? { view: { callback_id: (view as { callback_id?: string }).callback_id } } : {}),
      answer: { ok: answer.ok, ...(answer.ts ? { ts: answer.ts } : {}), ...(answer.error ? { error: answer.error } : {}) },
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  },
});
for (const id of (values.admin ?? '').split(',').filter(Boolean)) fake.addUser({ id, name: id.toLowerCase(), displayName: `Admin ${id}`, isAdmin: true });
await fake.start();
process.stdout.write(`fake Slack Web API at ${fake.apiUrl} (team ${fake.teamId}, bot ${fake.botUserId})\n`);
process.once('SIGINT', () => void fake.stop().then(() => process.exit(0)));
process.once('SIGTERM', () => void fake.stop().then(() => process.exit(0)));
