/**
 * A stand-alone fake Discord for trying the bot by hand:
 *
 *   npx tsx test/fakes/discord/standalone.ts            # prints the API URL and a control URL
 *   DISCORD_TOKEN=t DISCORD_APPLICATION_ID=1 DISCORD_API_URL=<api url> npm start
 *
 * Then act as people through the control server (JSON in, JSON out):
 *   POST /command {"user":"alice","command":"prep","subcommand":"post-now","admin":true}
 *   POST /say     {"user":"alice","channel":"<thread or channel id>","content":"..."}
 *   POST /click   {"user":"alice","message":"<message id>","label":"Answer"}
 *   GET  /state   what the bot did: REST calls, channel messages, threads, private messages
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeDiscord, PERMISSIONS, textOf } from './fake-discord.js';

const GUILD = '1457468924290662599';
const CHANNEL = '1457510428359004343';
const PEOPLE: Record<string, string> = { alice: '300000000000000001', bob: '300000000000000002', carol: '300000000000000003' };

const fake = await FakeDiscord.start({ token: process.env.FAKE_DISCORD_TOKEN ?? 't', applicationId: process.env.FAKE_DISCORD_APPLICATION_ID ?? '1', port: Number(process.env.FAKE_DISCORD_PORT ?? 0) });
fake.addGuild({ id: GUILD, name: 'Data Eng Prep', channels: [{ id: CHANNEL, name: 'study-group' }] });
const person = (name: string) => fake.user(PEOPLE[name] ?? name, name);

const control = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
  request.on('end', () => {
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    const reply = (value: unknown, status = 200) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value, null, 2));
    };
    try {
      if (request.method === 'POST' && request.url === '/command') {
        const record = fake.command(person(body.user), body.channel ?? CHANNEL, body.command, body.subcommand ?? null, body.options ?? {}, body.admin ? PERMISSIONS.manageServer : PERMISSIONS.member);
        return reply({ interaction: record.id });
      }
      if (request.method === 'POST' && request.url === '/say') return reply(fake.say(person(body.user), body.channel ?? CHANNEL, body.content));
      if (request.method === 'POST' && request.url === '/click') {
        const message = fake.world.messages.get(body.message);
        if (!message) return reply({ error: `no message ${body.message}` }, 404);
        return reply({ interaction: fake.click(person(body.user), message, body.label).id });
      }
      if (request.method === 'GET' && request.url === '/state') {
        return reply({
          calls: fake.rest.calls.map((c) => `${c.method} ${c.path}`),
          interactions: [...fake.world.interactions.values()].map((i) => ({ id: i.id, user: i.userId, callbacks: i.callbacks.map((c) => c.type), original: i.original && textOf(i.original), followUps: i.followUps.map(textOf) })),
          messages: [...fake.world.messages.values()].map((m) => ({ id: m.id, channel: m.channel_id, author: m.author.username, text: textOf(m) })),
          threads: [...fake.world.channels.values()].filter((c) => c.type === 11).map((c) => ({ id: c.id, name: 'name' in c ? c.name : '' })),
          private: Object.fromEntries(Object.entries(PEOPLE).map(([name, id]) => [name, fake.privateTo(id).map((m) => `${m.via}: ${m.text}`)])),
        });
      }
      reply({ error: 'unknown control request' }, 404);
    } catch (err) {
      reply({ error: (err as Error).message }, 400);
    }
  });
});
await new Promise<void>((resolve) => control.listen(Number(process.env.FAKE_CONTROL_PORT ?? 0), '127.0.0.1', resolve));
process.stdout.write(
  `${JSON.stringify({ api: fake.apiUrl, gateway: fake.gatewayUrl, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`, guild: GUILD, channel: CHANNEL })}\n`,
);
