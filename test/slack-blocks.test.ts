import { describe, expect, it } from 'vitest';
import { LIMITS, renderMessage } from '../adapters/slack/blocks.js';
import { slackEmojiName } from '../adapters/slack/emoji.js';
import { decodeFormMetadata } from '../adapters/slack/form-metadata.js';
import { markdownToMrkdwn, splitText } from '../adapters/slack/markdown.js';
import { renderModal } from '../adapters/slack/modal.js';
import { DeliveryError } from '../src/core/ports.js';

type AnyBlock = { type: string; [key: string]: unknown };
const blocksOf = (doc: Parameters<typeof renderMessage>[0]) => renderMessage(doc).blocks as unknown as AnyBlock[];

describe('Block Kit rendering of MessageDoc', () => {
  it('renders title, text, fields, buttons and context in that order, with a text fallback', () => {
    const rendered = renderMessage({
      title: 'Round 2 · Data Pipelines',
      text: 'How would you make a **Glue** job _idempotent_?',
      fields: [
        { label: 'Principles', value: 'Ownership' },
        { label: 'Difficulty', value: 'Medium' },
      ],
      buttons: [
        { action: 'daily.answer', label: 'Answer (STAR form)', value: 'post:1', style: 'primary' },
        { action: 'reviews.start', label: 'Review an answer', value: 'post:1', style: 'default' },
      ],
      context: 'Answer before tomorrow 09:00',
    });
    expect(rendered.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Round 2 · Data Pipelines', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'How would you make a *Glue* job _idempotent_?' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Principles*\nOwnership' },
          { type: 'mrkdwn', text: '*Difficulty*\nMedium' },
        ],
      },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Answer (STAR form)', emoji: true }, action_id: 'daily.answer', value: 'post:1', style: 'primary' },
          { type: 'button', text: { type: 'plain_text', text: 'Review an answer', emoji: true }, action_id: 'reviews.start', value: 'post:1' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Answer before tomorrow 09:00' }] },
    ]);
    expect(rendered.text).toBe('*Round 2 · Data Pipelines*\nHow would you make a *Glue* job _idempotent_?');
  });

  it('cuts a header to 150 characters', () => {
    const [header] = blocksOf({ title: 'x'.repeat(400) });
    expect((header!.text as { text: string }).text).toHaveLength(LIMITS.headerText);
  });

  it('splits long text into sections of at most 3000 characters, at line breaks', () => {
    const paragraph = `${'word '.repeat(199)}end.`; // 999 characters
    const text = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    const sections = blocksOf({ text }).filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(3);
    for (const section of sections) {
      const body = (section.text as { text: string }).text;
      expect(body.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(body.endsWith('end.')).toBe(true);
    }
    expect(sections.map((s) => (s.text as { text: string }).text).join('\n\n')).toBe(text);
  });

  it('never exceeds 50 blocks: very long text is shortened, buttons and context stay', () => {
    const blocks = blocksOf({ title: 'T', text: 'y'.repeat(200_000), buttons: [{ action: 'a.b', label: 'Go' }], context: 'c' });
    expect(blocks).toHaveLength(LIMITS.blocksPerMessage);
    expect(blocks.at(-2)!.type).toBe('actions');
    expect(blocks.at(-1)!.type).toBe('context');
    expect(JSON.stringify(blocks.at(-3))).toContain('shortened');
  });

  it('puts at most 10 fields in a section', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const sections = blocksOf({ fields }).filter((b) => b.type === 'section');
    expect(sections.map((s) => (s.fields as unknown[]).length)).toEqual([10, 10, 3]);
  });

  it('gives repeated actions unique action_ids and keeps at most 25 buttons per actions block', () => {
    const buttons = Array.from({ length: 27 }, (_, i) => ({ action: 'reviews.helpful', label: `#${i}`, value: String(i) }));
    const actions = blocksOf({ buttons }).filter((b) => b.type === 'actions');
    const ids = actions.flatMap((a) => (a.elements as Array<{ action_id: string }>).map((e) => e.action_id));
    expect(actions.map((a) => (a.elements as unknown[]).length)).toEqual([25, 2]);
    expect(new Set(ids).size).toBe(27);
    expect(ids.slice(0, 3)).toEqual(['reviews.helpful', 'reviews.helpful#2', 'reviews.helpful#3']);
  });
});

describe('Markdown subset → Slack mrkdwn', () => {
  it('converts bold, keeps italic and code, escapes &, < and >', () => {
    expect(markdownToMrkdwn('**Result:** cut cost by 40% & latency <5s')).toBe('*Result:* cut cost by 40% &amp; latency &lt;5s');
    expect(markdownToMrkdwn('_italic_ and `SELECT * FROM t WHERE a < 3 AND **b**`')).toBe('_italic_ and `SELECT * FROM t WHERE a &lt; 3 AND **b**`');
  });

  it('keeps quotes, turns - bullets into •, links into <url|label>', () => {
    expect(markdownToMrkdwn('> quoted **answer**\n- one\n  - nested\n* two')).toBe('> quoted *answer*\n• one\n  • nested\n• two');
    expect(markdownToMrkdwn('see [the guide](https://example.com/a?b=1)')).toBe('see <https://example.com/a?b=1|the guide>');
  });

  it('leaves fenced code alone except for escaping', () => {
    expect(markdownToMrkdwn('```\n**x** > y\n- z\n```')).toBe('```\n**x** &gt; y\n- z\n```');
  });

  it('splitText keeps every piece under the limit and loses nothing but the break', () => {
    const text = 'a'.repeat(50) + ' ' + 'b'.repeat(50) + '\n' + 'c'.repeat(30);
    const pieces = splitText(text, 60);
    expect(pieces.every((p) => p.length <= 60)).toBe(true);
    expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });
});

describe('FormDoc → modal', () => {
  const form = {
    id: 'answers.star',
    title: 'Answer with STAR — a very long title',
    submitLabel: 'Post my answer',
    state: 'post:42',
    inputs: [
      { kind: 'text' as const, id: 'situation', label: 'Situation', multiline: true, required: true, minLength: 20, maxLength: 5000, placeholder: 'Where, when' },
      { kind: 'text' as const, id: 'learned', label: 'What I learned', initial: 'prefilled' },
      {
        kind: 'choice' as const,
        id: 'result',
        label: 'Result measured',
        required: true,
        initial: '3',
        options: [1, 2, 3, 4].map((n) => ({ value: String(n), label: `${n}` })),
      },
    ],
  };

  it('maps inputs to input blocks keyed by input id, with limits applied', () => {
    const view = renderModal(form, { channel: 'C1', threadTs: '1.1' });
    expect(view.callback_id).toBe('answers.star');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit!.text).toBe('Post my answer');
    expect(decodeFormMetadata(view.private_metadata)).toEqual({ state: 'post:42', channel: 'C1', threadTs: '1.1' });
    expect(view.blocks[0]).toEqual({
      type: 'input',
      block_id: 'situation',
      label: { type: 'plain_text', text: 'Situation', emoji: true },
      optional: false,
      element: { type: 'plain_text_input', action_id: 'situation', multiline: true, min_length: 20, max_length: 3000, placeholder: { type: 'plain_text', text: 'Where, when', emoji: true } },
    });
    expect(view.blocks[1]).toMatchObject({ block_id: 'learned', optional: true, element: { initial_value: 'prefilled' } });
    expect(view.blocks[2]).toMatchObject({
      block_id: 'result',
      optional: false,
      element: { type: 'static_select', action_id: 'result', initial_option: { value: '3', text: { type: 'plain_text', text: '3', emoji: true } } },
    });
  });

  it('refuses a state too long for private_metadata', () => {
    expect(() => renderModal({ ...form, state: 'x'.repeat(3000) }, { channel: 'C1' })).toThrow(DeliveryError);
  });
});

describe('emoji names', () => {
  it('maps the unicode the features use to Slack names', () => {
    expect(slackEmojiName('✅')).toBe('white_check_mark');
    expect(slackEmojiName('👍')).toBe('+1');
    expect(slackEmojiName(':tada:')).toBe('tada');
    expect(slackEmojiName('eyes')).toBe('eyes');
  });
});
