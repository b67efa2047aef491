import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';
import type { MemoryMessage } from '../adapters/memory/memory-chat.js';
import { introduce, lastReply, lastSession, questionsOf, replyTitled, sessions, STRONG_STAR, threadReplies } from './mock-support.js';

let h: Harness;
afterEach(() => h?.close());

/** The latest private message of `name` that has a button starting with `label`. */
function withButton(name: string, label: string): MemoryMessage {
  const found = [...h.as(name).inbox()].reverse().find((m) => m.doc.buttons?.some((b) => b.label.startsWith(label)));
  if (!found) throw new Error(`${name} has no message with a "${label}" button`);
  return found;
}

describe('a partner mock interview', () => {
  it('gives the partner a private guide and controls, and ends with the partner\'s scorecard in the thread', async () => {
    h = new Harness();
    await introduce(h, 'bob');
    const alice = h.as('alice');
    const bob = h.as('bob');
    await alice.command('/mock partner:@bob round:2 questions:2 minutes:6');
    const start = h.lastThreadStart();
    expect(start.threadName).toBe('Mock interview - Round 2 - @alice');
    const [q1, q2] = questionsOf(h);
    expect(lastSession(h).partner_id).not.toBeNull();

    // The guide: every question, its follow-ups, what a strong answer covers, the time plan. Only bob gets it.
    const guide = bob.inbox().find((m) => m.doc.title?.startsWith('Interviewer guide'))!;
    expect(guide.kind).toBe('dm');
    expect(guide.doc.title).toBe('Interviewer guide: @alice, Round 2 (Data Pipeline Development & Automation)');
    expect(guide.text).toContain('2 × 6 min = 12 min');
    // One message per question, so that five long questions fit every platform's message size.
    const perQuestion = bob.inbox().filter((m) => m.kind === 'dm' && m.doc.title?.startsWith('Guide, Q'));
    expect(perQuestion.map((m) => m.doc.title)).toEqual(['Guide, Q1 of 2 (behavioral · 6 min)', 'Guide, Q2 of 2 (technical · 6 min)']);
    [q1!, q2!].forEach((q, i) => {
      const text = perQuestion[i]!.text;
      expect(text).toContain(q.prompt);
      for (const f of q.followUps) expect(text).toContain(f);
      for (const k of q.keyPoints) expect(text).toContain(k.point);
      expect(text.length).toBeLessThan(3000);
    });
    expect(alice.inbox().some((m) => m.doc.title?.startsWith('Interviewer guide'))).toBe(false);
    const controls = withButton('bob', 'Follow-up');
    expect(controls.doc.buttons!.map((b) => b.label)).toEqual(['Next', 'Follow-up', 'Finish']);
    // In the thread the question has no buttons: the interviewer leads.
    expect(replyTitled(h, start, 'Question 1 of 2').doc.buttons).toBeUndefined();

    await alice.answer(STRONG_STAR, start);
    await alice.answer('next', start);
    expect(alice.lastPrivate().text).toContain('In a partner interview @bob moves on');
    expect(lastSession(h).current_index).toBe(0);

    // Follow-ups, in the catalog's order, from the button.
    await bob.click(controls, 'Follow-up');
    expect(lastReply(h, start).doc.title).toBe('Follow-up from @bob');
    expect(lastReply(h, start).text).toContain(q1!.followUps[0]!);
    await bob.click(controls, 'Follow-up');
    expect(lastReply(h, start).text).toContain(q1!.followUps[1]!);
    await alice.answer('I measured it with the success rate dashboard, which went from 85% to 99.5% in a month.', start);
    // Bob's own words in the thread are talk, not answers; "next" typed by bob moves on.
    await bob.answer('Thanks, that is clear.', start);
    await bob.answer('next', start);
    expect(replyTitled(h, start, 'Question 2 of 2').text).toContain(q2!.prompt);
    await bob.click(controls, 'Next'); // the controls of question 1: over
    expect(bob.lastPrivate().text).toContain('That question is already over');
    expect(lastSession(h).current_index).toBe(1);

    // The last Next ends the interview and, answering the click, opens bob's scorecard form.
    await alice.answer(STRONG_STAR, start);
    await bob.click(withButton('bob', 'Next'), 'Next');
    expect(replyTitled(h, start, 'Automatic analysis').doc.fields!.length).toBeGreaterThanOrEqual(2);
    expect(lastReply(h, start).text).toContain("Waiting for @bob's scorecard");
    expect(lastSession(h).phase).toBe('scoring');
    const form = bob.openedForm();
    expect(form.form.id).toBe('mock.scorecard');
    expect(form.form.inputs.length).toBeLessThanOrEqual(5); // Discord modals hold 5 at most
    expect(form.form.inputs.map((i) => i.id)).toEqual(['verdict', 'overall', 'principles', 'comments']);

    const bad = await bob.submit({ verdict: 'Hire', overall: '3', principles: 'Ownersip 3, Dive Deep', comments: '' });
    expect(bad.fieldErrors?.principles).toContain('"Ownersip 3" (not a Leadership Principle)');
    expect(bad.fieldErrors?.principles).toContain('"Dive Deep"');
    const ok = await bob.submit({
      verdict: 'Hire',
      overall: '3',
      principles: 'Ownership 3, dive deep: 2; Have Backbone; Disagree and Commit 4',
      comments: 'Clear story, quantify the second one.',
    });
    expect(ok.fieldErrors).toBeUndefined();
    const card = lastReply(h, start);
    expect(card.doc.title).toBe('Interviewer scorecard by @bob - Round 2 - @alice');
    expect(card.text).toContain('**Verdict: Hire**');
    expect(card.text).toContain('Overall rating: 3/4 (meets the bar)');
    expect(card.text).toContain('Ownership 3/4 · Dive Deep 2/4 · Have Backbone; Disagree and Commit 4/4');
    expect(card.text).toContain('Clear story, quantify the second one.');
    expect(lastSession(h)).toMatchObject({ status: 'finished', phase: 'finished' });
    expect(JSON.parse(lastSession(h).scorecard!).interviewer.verdict).toBe('Hire');

    // A second submission (or anyone else's) changes nothing.
    await bob.submit({ verdict: 'No Hire', overall: '1', principles: '', comments: '' });
    expect(bob.lastPrivate().text).toContain('already posted');
    expect(threadReplies(h, start).filter((m) => m.doc.title?.startsWith('Interviewer scorecard'))).toHaveLength(1);
  });

  it('lets the partner finish early from the guide, and the candidate start the swapped interview', async () => {
    h = new Harness();
    await introduce(h, 'bob');
    const alice = h.as('alice');
    const bob = h.as('bob');
    await alice.command('/mock partner:@bob round:3 questions:3');
    const start = h.lastThreadStart();
    await alice.answer(STRONG_STAR, start);
    await alice.command('/mock swap');
    expect(alice.lastPrivate().text).toContain('That interview is still running');

    await bob.click(withButton('bob', 'Finish'), 'Finish');
    expect(threadReplies(h, start).some((m) => m.text === '@bob ended the interview after question 1 of 3. That was the last question.')).toBe(false);
    expect(threadReplies(h, start).some((m) => m.text === '@bob ended the interview after question 1 of 3.')).toBe(true);
    expect(replyTitled(h, start, 'Automatic analysis').text).toContain('Stopped after 1 of 3 questions');
    await bob.submit({ verdict: 'Strong Hire', overall: '4', principles: '', comments: '' });
    expect(lastReply(h, start).doc.title).toBe('Interviewer scorecard by @bob - Round 3 - @alice');

    await alice.command('/mock swap');
    const swapped = h.lastThreadStart();
    expect(swapped.threadName).toBe('Mock interview - Round 3 - @bob');
    expect(lastSession(h)).toMatchObject({ round: 3, status: 'active' });
    expect(questionsOf(h)).toHaveLength(3);
    const ids = sessions(h);
    expect(ids[1]!.candidate_id).toBe(ids[0]!.partner_id);
    expect(ids[1]!.partner_id).toBe(ids[0]!.candidate_id);
    expect(alice.inbox().some((m) => m.doc.title === 'Interviewer guide: @bob, Round 3 (Cloud Architecture & Security)')).toBe(true);
    // Bob, now the candidate, answers; alice's Next moves him on.
    await bob.answer(STRONG_STAR, swapped);
    await alice.click(withButton('alice', 'Next'), 'Next');
    expect(replyTitled(h, swapped, 'Question 2 of 3')).toBeDefined();
  });

  it('resolves a partner by the exact text of their user ref, and only the partner may use the controls', async () => {
    h = new Harness();
    await introduce(h, 'bob', 'carol');
    await h.as('alice').command('/mock partner:mem:u:bob round:1 questions:1');
    expect(h.lastThreadStart().threadName).toBe('Mock interview - Round 1 - @alice');
    const controls = withButton('bob', 'Next');
    await h.as('carol').click(controls, 'Next');
    expect(h.as('carol').lastPrivate().text).toBe('Only @bob, the interviewer, can use this.');
    await h.as('alice').click(controls, 'Finish');
    expect(h.as('alice').lastPrivate().text).toBe('Only @bob, the interviewer, can use this.');
    expect(lastSession(h).phase).toBe('answering');
  });

  it('asks the partner through a DM when the interview ends on the timer, and closes after 24 hours without a scorecard', async () => {
    h = new Harness();
    await introduce(h, 'bob');
    await h.as('alice').command('/mock partner:@bob round:5 questions:1 minutes:3');
    const start = h.lastThreadStart();
    await h.advance('3m');
    expect(lastSession(h).phase).toBe('scoring');
    const dm = withButton('bob', 'Fill the scorecard');
    expect(dm.kind).toBe('dm');
    expect(dm.text).toContain('The interview of @alice is over');
    // The thread's button opens the form for bob only.
    const threadButton = threadReplies(h, start).find((m) => m.doc.buttons?.some((b) => b.label === 'Fill the scorecard'))!;
    await h.as('alice').click(threadButton, 'Fill the scorecard');
    expect(h.as('alice').lastPrivate().text).toContain('Only @bob');
    // Alice is free to start another interview while bob thinks about his scorecard.
    await h.advance('24h');
    expect(lastReply(h, start).text).toContain('No scorecard from @bob arrived within 24 hours');
    expect(lastSession(h)).toMatchObject({ status: 'finished' });
  });
});
