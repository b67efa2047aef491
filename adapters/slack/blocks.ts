import type { types } from '@slack/bolt';
import type { Button, Field, MessageDoc } from '../../src/core/ports.js';
import { uniqueActionIds } from './action-ids.js';
import { markdownToMrkdwn, splitText, truncate } from './markdown.js';

/** Block Kit limits that a neutral message can run into. */
export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonsPerActions: 25,
  buttonLabel: 75,
  buttonValue: 2000,
  actionId: 255,
  contextText: 3000,
  blocksPerMessage: 50,
  /** `text` is only the notification/fallback when blocks are present; keep it short. */
  fallbackText: 3000,
} as const;

export interface RenderedMessage {
  /** Fallback for notifications, screen readers and clients without Block Kit. */
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

const SHORTENED_NOTE = '_(message shortened to fit Slack)_';

/** Renders a neutral message as Block Kit: header, text sections, field sections, buttons, context. */
export function renderMessage(doc: MessageDoc): RenderedMessage {
  const head: types.KnownBlock[] = doc.title ? [headerBlock(doc.title)] : [];
  let text: types.KnownBlock[] = doc.text ? textSections(doc.text) : [];
  const fields = fieldSections(doc.fields ?? []);
  const actions = actionBlocks(doc.buttons ?? []);
  const context: types.KnownBlock[] = doc.context ? [contextBlock(doc.context)] : [];

  // Over 50 blocks only a very long text can take us: keep header, fields, buttons, context.
  const room = LIMITS.blocksPerMessage - head.length - fields.length - actions.length - context.length;
  if (text.length > room) text = [...text.slice(0, Math.max(room - 1, 0)), sectionBlock(SHORTENED_NOTE)];

  return { text: fallbackText(doc), blocks: [...head, ...text, ...fields, ...actions, ...context] };
}

export function fallbackText(doc: MessageDoc): string {
  const parts = [doc.title ? `*${doc.title}*` : '', doc.text ? markdownToMrkdwn(doc.text) : ''].filter(Boolean);
  if (parts.length === 0 && doc.fields?.length) parts.push(doc.fields.map((f) => `${f.label}: ${f.value}`).join('\n'));
  return truncate(parts.join('\n') || doc.context || ' ', LIMITS.fallbackText);
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

function headerBlock(title: string): types.HeaderBlock {
  return { type: 'header', text: plain(truncate(title, LIMITS.headerText)) };
}

function sectionBlock(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

function textSections(markdown: string): types.SectionBlock[] {
  return splitText(markdownToMrkdwn(markdown), LIMITS.sectionText).map(sectionBlock);
}

function fieldSections(fields: readonly Field[]): types.SectionBlock[] {
  const sections: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    sections.push({
      type: 'section',
      fields: fields.slice(i, i + LIMITS.fieldsPerSection).map((field) => ({
        type: 'mrkdwn',
        text: truncate(`*${markdownToMrkdwn(field.label)}*\n${markdownToMrkdwn(field.value)}`, LIMITS.fieldText),
      })),
    });
  }
  return sections;
}

function actionBlocks(buttons: readonly Button[]): types.ActionsBlock[] {
  const ids = uniqueActionIds(buttons.map((b) => b.action));
  const elements = buttons.map((button, index): types.Button => ({
    type: 'button',
    text: plain(truncate(button.label, LIMITS.buttonLabel)),
    action_id: ids[index]!.slice(0, LIMITS.actionId),
    ...(button.value ? { value: button.value.slice(0, LIMITS.buttonValue) } : {}),
    ...(button.style === 'primary' || button.style === 'danger' ? { style: button.style } : {}),
  }));
  const blocks: types.ActionsBlock[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.buttonsPerActions) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + LIMITS.buttonsPerActions) });
  }
  return blocks;
}

function contextBlock(context: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(markdownToMrkdwn(context), LIMITS.contextText) }] };
}
