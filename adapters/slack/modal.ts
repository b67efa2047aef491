import type { types } from '@slack/bolt';
import { DeliveryError, type ChoiceInput, type FormDoc, type TextInput } from '../../src/core/ports.js';
import { encodeFormMetadata, PRIVATE_METADATA_LIMIT } from './form-metadata.js';
import { markdownToMrkdwn, splitText, truncate } from './markdown.js';

/** Modal limits from the Block Kit reference. */
const LIMITS = {
  title: 24,
  buttonText: 24,
  callbackId: 255,
  label: 2000,
  placeholder: 150,
  inputLength: 3000,
  options: 100,
  optionText: 75,
  optionValue: 150,
} as const;

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

/**
 * Renders a neutral form as a modal. Each input is an input block whose block_id and action_id are
 * the input id, so that submitted values and `response_action: errors` both key on it.
 * `origin` is where the form was opened, carried in private_metadata (see form-metadata.ts).
 */
export function renderModal(form: FormDoc, origin: { channel: string; threadTs?: string }): types.ModalView {
  const privateMetadata = encodeFormMetadata({ state: form.state, channel: origin.channel, threadTs: origin.threadTs });
  if (privateMetadata.length > PRIVATE_METADATA_LIMIT) {
    throw new DeliveryError(`form ${form.id}: state is too long for a Slack modal`, 'form_state_too_long', true);
  }
  if (form.id.length > LIMITS.callbackId) {
    throw new DeliveryError(`form id "${form.id}" is too long for a Slack callback_id`, 'form_id_too_long', true);
  }
  return {
    type: 'modal',
    callback_id: form.id,
    private_metadata: privateMetadata,
    title: plain(truncate(form.title, LIMITS.title)),
    submit: plain(truncate(form.submitLabel ?? 'Submit', LIMITS.buttonText)),
    close: plain('Cancel'),
    blocks: [
      ...introBlocks(form.intro),
      ...form.inputs.map((input) => (input.kind === 'text' ? textInputBlock(input) : choiceInputBlock(input))),
    ],
  };
}

/** The form's read-only text (e.g. the answer under review) as sections above the inputs. */
function introBlocks(intro: string | undefined): types.SectionBlock[] {
  if (!intro) return [];
  return splitText(markdownToMrkdwn(intro), 3000)
    .slice(0, 10)
    .map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

function inputBlock(id: string, label: string, required: boolean | undefined, element: types.InputBlock['element']): types.InputBlock {
  // Only inputs the core marks required are required in Slack; the core validates the rest itself.
  return { type: 'input', block_id: id, label: plain(truncate(label, LIMITS.label)), optional: required !== true, element };
}

function textInputBlock(input: TextInput): types.InputBlock {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: input.id,
    ...(input.multiline ? { multiline: true } : {}),
    ...(input.minLength !== undefined ? { min_length: Math.min(input.minLength, LIMITS.inputLength) } : {}),
    ...(input.maxLength !== undefined ? { max_length: Math.min(input.maxLength, LIMITS.inputLength) } : {}),
    ...(input.initial ? { initial_value: input.initial.slice(0, Math.min(input.maxLength ?? LIMITS.inputLength, LIMITS.inputLength)) } : {}),
    ...(input.placeholder ? { placeholder: plain(truncate(input.placeholder, LIMITS.placeholder)) } : {}),
  };
  return inputBlock(input.id, input.label, input.required, element);
}

function choiceInputBlock(input: ChoiceInput): types.InputBlock {
  const options = input.options.slice(0, LIMITS.options).map(
    (option): types.PlainTextOption => ({
      text: plain(truncate(option.label, LIMITS.optionText)),
      value: option.value.slice(0, LIMITS.optionValue),
    }),
  );
  // initial_option must be one of the options, exactly.
  const initial = options.find((o) => o.value === input.initial);
  const element: types.StaticSelect = {
    type: 'static_select',
    action_id: input.id,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
  return inputBlock(input.id, input.label, input.required, element);
}
