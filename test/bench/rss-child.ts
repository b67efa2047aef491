/**
 * Runs in its own process so the figure is not inflated by earlier benchmarks: resident memory of
 * a core after loading 10,000 channels and 100,000 members (rows in the database, members seen by
 * the dispatcher's directory, a scheduler tick run).
 */
import { fileHarness, seedChannels, seedMembers } from './world.js';

const { h, cleanup } = fileHarness();
seedChannels(h, 10_000, Date.parse('2030-01-01T00:00:00Z'));
seedMembers(h, 100_000);
for (let i = 0; i < 100_000; i++) h.app.dispatcher.directory.memberId(h.chat.community, `mem:u:bench-user-${i}`, `bench-user-${i}`);
await h.app.dispatcher.tick(h.clock.now());
global.gc?.();
const rssMb = process.memoryUsage().rss / (1024 * 1024);
cleanup();
process.stdout.write(`${JSON.stringify({ rssMb })}\n`);
