import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { lastSession, sessions } from './mock-support.js';

let h: Harness;
afterEach(() => h?.close());

const memberCount = (name: string): number =>
  (h.storage.sqlite.prepare('SELECT count(*) AS n FROM member WHERE name = ?').get(name) as { n: number }).n;

/*
 * A partner is usually someone who has never touched the bot. The platforms tell the core who a
 * command mentions (CommandEvent.mentions), and the dispatcher makes members of them before the
 * mock feature looks the partner up.
 */
describe('a partner who never used Bar Raiser', () => {
  it('can be picked: the session starts and they get the interviewer guide by DM', async () => {
    h = new Harness();
    const alice = h.as('alice');
    expect(memberCount('dana')).toBe(0);

    await alice.command('/mock partner:@dana round:2 questions:1');

    expect(sessions(h)).toHaveLength(1);
    expect(lastSession(h)).toMatchObject({ status: 'active' });
    expect(lastSession(h).partner_id).not.toBeNull();
    expect(h.lastThreadStart().threadName).toBe('Mock interview - Round 2 - @alice');
    const dana = h.as('dana');
    const guide = dana.inbox().find((m) => m.doc.title?.startsWith('Interviewer guide'));
    expect(guide?.kind).toBe('dm');
    expect(guide?.doc.title).toBe('Interviewer guide: @alice, Round 2 (Data Pipeline Development & Automation)');
    expect(alice.inbox().some((m) => m.doc.title?.startsWith('Interviewer guide'))).toBe(false);
    // One member row for dana, the same one she gets when she acts herself later.
    expect(memberCount('dana')).toBe(1);
    await dana.command('/mock status');
    expect(memberCount('dana')).toBe(1);
    expect(dana.lastPrivate().text).toContain('You are interviewing @alice');
  });

  it('a name typed without @ is no mention: refused, and no member is made', async () => {
    h = new Harness();
    await h.as('alice').command('/mock partner:dana');
    expect(h.as('alice').lastPrivate().text).toContain('partner: I don\'t know a member "dana" here');
    expect(memberCount('dana')).toBe(0);
    expect(sessions(h)).toHaveLength(0);
  });
});
