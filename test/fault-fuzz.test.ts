import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';

let h: Harness;
beforeAll(async () => {
  h = new Harness({ start: '2026-12-01T10:00:00Z' });
  await h.as('admin', { admin: true }).command('/prep setup');
  await h.as('admin', { admin: true }).command('/prep post-now');
});
afterAll(() => h.close());

const words = ['setup', 'time:', 'tz:', 'days:', 'rotation:', 'round', 'review', 'stats', 'mock', 'away', 'remind', 'skip', 'partner:@', 'x'];
const commandText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((parts) => parts.join(' ')),
  fc.tuple(fc.constantFrom(...words), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}${b}`),
);

describe('random commands and messages through the dispatcher', () => {
  it('never throws, and answers every command with a message', async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('prep', 'mock'), commandText, fc.boolean(), async (command, text, isAdmin) => {
        const user = h.as(isAdmin ? 'fuzz-admin' : 'fuzz-member', { admin: isAdmin });
        const before = h.chat.messages.length;
        const result = await user.command(`/${command} ${text}`);
        ran++;
        expect(result.handled).toBe(true);
        const replies = h.chat.messages.slice(before).filter((m) => m.author === 'bot');
        // A bad command gets a specific answer, never the error boundary's apology.
        expect(replies.map((m) => m.text).join('\n')).not.toContain('Something went wrong');
        const answered = replies.length > 0;
        const formOpened = h.chat.forms.some((f) => f.user === user.user.ref);
        expect(answered || formOpened).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(ran).toBe(5000);
  }, 120_000);

  it('takes any thread message without throwing', async () => {
    const thread = h.chat.threadOf(h.lastThreadStart());
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 0, max: 20 }), async (text, who) => {
        const before = h.chat.messages.length;
        await h.as(`fuzz-${who}`).say(text, { thread });
        expect(h.chat.messages.slice(before).some((m) => m.text.includes('Something went wrong'))).toBe(false);
      }),
      { numRuns: 5000 },
    );
  }, 120_000);
});
