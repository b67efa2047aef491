import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import { ANSWERS } from './reviews-support.js';
import { runShell } from './support/shell.js';

let h: Harness;
afterEach(() => h?.close());

const playground = (script: string[], fields: (label: string) => string) => runShell(h, script, fields);

describe('the playground (issue 7, "Done when")', () => {
  it('answers, a review in the thread, an edit, a refusal, the assignment, the offer and the digest', async () => {
    h = new Harness();
    const comments = {
      Keep: ['The result has a real number: 90 percent fewer failures.', 'Second version: the numbers are the strongest part.'],
      Change: ['Too short', 'Say which decision was yours, not the team.', 'Still: name the one decision you made yourself.'],
    };
    const fields = (label: string): string => {
      if (label.startsWith('Keep')) return comments.Keep.shift()!;
      if (label.startsWith('Change')) return comments.Change.shift()!;
      return label.startsWith('Result') ? '4' : '3';
    };
    const out = await playground(
      [
        '/prep setup time:09:00 days:mon-fri digest:tue 17:00',
        ':advance 1h1m',
        ':as alice',
        ':thread last',
        ANSWERS.alice,
        ':click review an answer',
        ':as carol',
        ANSWERS.carol,
        ':as bob',
        ':click review an answer',
        ':click edit review',
        ':advance 20h',
        ':advance 3h',
        ':advance 9h',
        ':quit',
      ],
      fields,
    );

    // alice alone: her own answer is not offered to her.
    expect(out).toContain('the only answers so far are yours, and you cannot review your own');
    // bob's first try: "Change" was too short and is asked again, alone.
    expect(out).toMatch(/Change is too short \(9 characters; at least 20\)[\s\S]*?── form: Review alice's answer ──\n {2}Change: [^\n]*\? Say which/);
    // (The terminal may or may not show Markdown emphasis: match the words only.)
    expect(out).toMatch(/\[#study-group > thread 1\] Bar Raiser: Review of @alice's answer\n[\s\S]*?Result \**4\**\/4[\s\S]*?Say which decision was yours/);
    expect(out).toMatch(/\[DM alice\] Bar Raiser: bob reviewed your answer/);
    // The edit: alice hears about it, and the thread message is the same one, edited in place.
    expect(out).toMatch(/\[DM alice\] Bar Raiser: bob updated their review of your answer/);
    expect(h.chat.messages.filter((m) => m.kind === 'reply' && m.doc.title === "Review of @alice's answer")).toHaveLength(1);
    expect(h.chat.messages.find((m) => m.doc.title === "Review of @alice's answer")!.text).toContain('(edited)');
    // Tuesday 05:00: carol's answer has no review, alice (the only other who answered) gets it.
    expect(out).toMatch(/\[DM alice\] Bar Raiser: Please review carol's answer/);
    // Tuesday 08:00: still unreviewed, offered in the thread to anyone.
    expect(out).toMatch(/\[#study-group > thread 1\] Bar Raiser: One answer is still waiting for a review[\s\S]*?\[Review carol\]/);
    // Tuesday 17:00: the digest.
    expect(out).toMatch(/\[#study-group\] Bar Raiser: Weekly digest: the week to Tue 1 Dec\n[\s\S]*?This week:\** 2 answers from 2 members, 1 review/);
  }, 60_000);
});
