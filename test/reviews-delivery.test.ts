import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../adapters/memory/harness.js';
import { MemoryChat } from '../adapters/memory/memory-chat.js';
import { ManualClock } from '../src/core/clock.js';
import { isHelpfulEmoji } from '../src/features/reviews/helpful.js';
import { ANSWERS, dms, reviewLatest, rubricValues, scheduledGroup, threadReplies } from './reviews-support.js';

let h: Harness;
afterEach(() => h?.close());

function review(): { helpful: number; helpful_at: number | null; message_ref: string | null; keep: string } {
  return h.storage.sqlite.prepare('SELECT helpful, helpful_at, message_ref, keep FROM review').get() as never;
}

describe('private review mode', () => {
  it('sends the review to the author only, and a new version replaces the old DM', async () => {
    h = await scheduledGroup({ setup: 'review:private' });
    const [alice, bob] = [h.as('alice'), h.as('bob')];
    await alice.answer(ANSWERS.alice);
    await reviewLatest(h, bob);

    expect(threadReplies(h)).toHaveLength(0);
    const [dm] = dms(alice);
    expect(dm!.doc.title).toBe('bob reviewed your answer');
    expect(dm!.text).toContain('Keep:');
    expect(dm!.doc.context).toContain('keeps reviews private');
    expect(review().message_ref).toBe(dm!.ref);
    expect(bob.lastPrivate().text).toContain('sent to alice privately');
    // Nobody else saw anything of it.
    expect(h.chat.messages.filter((m) => m.author === 'bot' && m.to === null && m.kind !== 'thread-start')).toHaveLength(0);

    await bob.click(bob.lastPrivate(), 'Edit review of alice');
    await bob.submit(rubricValues(bob.openedForm(), { keep: 'Clear scale in the situation: 2 TB a night.' }));
    const [old, fresh] = dms(alice);
    expect(old!.text).toContain('updated this review');
    expect(fresh!.doc.title).toBe('bob updated their review of your answer');
    expect(fresh!.text).toContain('Clear scale in the situation');
    expect(review().message_ref).toBe(fresh!.ref);

    // A thumbs-up on the private review counts too.
    await alice.react(fresh!, '+1');
    expect(review().helpful).toBe(1);
  });
});

describe('helpful marks', () => {
  it('the Helpful button on the DM counts for the reviewer, once, and only from the author', async () => {
    h = await scheduledGroup();
    const [alice, bob, carol] = [h.as('alice'), h.as('bob'), h.as('carol')];
    await alice.answer(ANSWERS.alice);
    await reviewLatest(h, bob);
    const dm = dms(alice)[0]!;

    await carol.click(dm, 'Helpful');
    expect(carol.lastPrivate().text).toContain('Only the author');
    expect(review().helpful).toBe(0);

    await alice.click(dm, 'Helpful');
    expect(review()).toMatchObject({ helpful: 1, helpful_at: h.clock.now().getTime() });
    expect(alice.lastPrivate().text).toContain('counts for bob');
    expect(dm.doc.buttons).toEqual([]);
    expect(threadReplies(h)[0]!.doc.context).toContain('alice found this helpful');
    expect(dms(bob).at(-1)!.text).toContain('alice found your review of their answer helpful');

    await alice.click({ ...dm, doc: { buttons: [{ action: 'reviews.helpful', label: 'Helpful', value: String(1) }] } }, 'Helpful');
    expect(alice.lastPrivate().text).toContain('already marked');
    expect(dms(bob).filter((m) => m.text.includes('helpful'))).toHaveLength(1);
  });

  it("the author's thumbs-up on the posted review marks it, taking it back unmarks it", async () => {
    h = await scheduledGroup();
    const [alice, bob, carol] = [h.as('alice'), h.as('bob'), h.as('carol')];
    await alice.answer(ANSWERS.alice);
    await reviewLatest(h, bob);
    const posted = threadReplies(h)[0]!;

    await carol.react(posted, '+1'); // not the author
    await alice.react(posted, 'eyes'); // not a thumbs-up
    expect(review().helpful).toBe(0);

    await alice.react(posted, '👍🏽');
    expect(review().helpful).toBe(1);
    expect(posted.doc.context).toContain('alice found this helpful');

    await h.chat.react(alice.user, posted, '👍🏽', false);
    expect(review()).toMatchObject({ helpful: 0, helpful_at: null });
  });

  it('recognises thumbs-up as each platform sends it', () => {
    for (const name of ['+1', ':+1:', 'thumbsup', '+1::skin-tone-4', '👍', '👍🏿', '👍️']) expect(isHelpfulEmoji(name), name).toBe(true);
    for (const name of ['-1', 'eyes', 'white_check_mark', '👎', 'thumbsdown']) expect(isHelpfulEmoji(name), name).toBe(false);
  });
});

describe('platforms whose forms cannot show long text (Discord)', () => {
  it('shows the answer as a private message first; its button opens the form', async () => {
    const clock = new ManualClock('2026-11-30T08:00:00Z');
    const chat = new MemoryChat('mem:w:playground', 'playground', () => clock.now());
    Object.defineProperty(chat, 'formsShowLongText', { value: false });
    h = await scheduledGroup({ clock, chat });
    const [alice, bob] = [h.as('alice'), h.as('bob')];
    await alice.answer(ANSWERS.alice);

    await bob.click(h.lastThreadStart(), 'Review an answer');
    expect(h.chat.forms).toHaveLength(0);
    const preview = bob.lastPrivate();
    expect(preview.kind).toBe('ephemeral');
    expect(preview.doc.title).toBe("alice's answer");
    expect(preview.text).toContain(ANSWERS.alice);

    await bob.click(preview, 'Review this answer');
    const form = bob.openedForm();
    expect(form.form.inputs[0]!.label).toBe('Situation & Task clear');
    await bob.submit(rubricValues(form));
    expect(threadReplies(h)).toHaveLength(1);
  });

  it('on long-text platforms, an answer too long to read inside a form is shown as a message too', async () => {
    h = await scheduledGroup();
    await h.as('alice').answer(`${ANSWERS.alice} ${'More detail about the pipeline and its alarms. '.repeat(150)}`);
    const bob = h.as('bob');
    await bob.click(h.lastThreadStart(), 'Review an answer');
    expect(h.chat.forms).toHaveLength(0);
    await bob.click(bob.lastPrivate(), 'Review this answer');
    expect(bob.openedForm().form.title).toBe("Review alice's answer");
  });
});
