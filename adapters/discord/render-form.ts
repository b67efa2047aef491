import {
  ComponentType,
  TextInputStyle,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { ChoiceInput, FormDoc, FormInput, MessageDoc, TextInput } from '../../src/core/ports.js';
import { ADAPTER_ACTION_PREFIX } from './custom-ids.js';
import { truncate } from './render-message.js';

/** A modal holds at most five components: longer forms are shown as pages. */
export const MODAL_MAX_INPUTS = 5;
/** The button that shows a form session's current page (continue, fix and resubmit, open). */
export const FORM_BUTTON_ACTION = `${ADAPTER_ACTION_PREFIX}form`;

const LIMITS = { title: 45, label: 45, description: 100, placeholder: 100, text: 4000, options: 25, option: 100 } as const;

export function formPages(form: FormDoc): FormInput[][] {
  const pages: FormInput[][] = [];
  for (let i = 0; i < form.inputs.length; i += MODAL_MAX_INPUTS) pages.push(form.inputs.slice(i, i + MODAL_MAX_INPUTS));
  return pages.length ? pages : [[]];
}

function labelled(input: FormInput, component: APILabelComponent['component']): APILabelComponent {
  const label: APILabelComponent = { type: ComponentType.Label, label: truncate(input.label, LIMITS.label), component };
  // A label cut short is repeated in full underneath.
  if (input.label.length > LIMITS.label) label.description = truncate(input.label, LIMITS.description);
  return label;
}

function textComponent(input: TextInput, value: string | undefined): APILabelComponent['component'] {
  const max = Math.min(input.maxLength ?? LIMITS.text, LIMITS.text);
  const prefilled = value ?? input.initial;
  return {
    type: ComponentType.TextInput,
    custom_id: input.id,
    style: input.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: input.required ?? false,
    ...(input.minLength !== undefined ? { min_length: Math.min(input.minLength, LIMITS.text) } : {}),
    max_length: max,
    ...(input.placeholder ? { placeholder: truncate(input.placeholder, LIMITS.placeholder) } : {}),
    ...(prefilled ? { value: prefilled.slice(0, max) } : {}),
  };
}

function choiceComponent(input: ChoiceInput, value: string | undefined): APILabelComponent['component'] {
  const selected = value ?? input.initial;
  const required = input.required ?? false;
  return {
    type: ComponentType.StringSelect,
    custom_id: input.id,
    required,
    min_values: required ? 1 : 0,
    max_values: 1,
    options: input.options.slice(0, LIMITS.options).map((option) => ({
      label: truncate(option.label, LIMITS.option),
      value: option.value.slice(0, LIMITS.option),
      ...(option.value === selected ? { default: true } : {}),
    })),
  };
}

/** One page of a form as a modal; `values` prefill what the user already typed. */
export function renderModal(
  form: FormDoc,
  customId: string,
  page: { readonly index: number; readonly count: number },
  values: Readonly<Record<string, string>> = {},
): APIModalInteractionResponseCallbackData {
  const inputs = formPages(form)[page.index] ?? [];
  const suffix = page.count > 1 ? ` (${page.index + 1}/${page.count})` : '';
  return {
    custom_id: customId,
    title: `${truncate(form.title, LIMITS.title - suffix.length)}${suffix}`,
    components: inputs.map((input) =>
      labelled(input, input.kind === 'text' ? textComponent(input, values[input.id]) : choiceComponent(input, values[input.id])),
    ),
  };
}

function shown(form: FormDoc, id: string, value: string): string {
  const input = form.inputs.find((i) => i.id === id);
  if (input?.kind === 'choice') return input.options.find((o) => o.value === value)?.label ?? value;
  return value;
}

/**
 * Discord cannot show errors beside a modal's fields, so they come back as a private message that
 * repeats what was submitted and reopens the form filled in: nothing typed is lost.
 */
export function fieldErrorsDoc(
  form: FormDoc,
  values: Readonly<Record<string, string>>,
  errors: Readonly<Record<string, string>>,
  sessionId: string,
): MessageDoc {
  const labelOf = (id: string) => form.inputs.find((i) => i.id === id)?.label ?? id;
  return {
    title: `${form.title}: please fix ${Object.keys(errors).length === 1 ? 'one thing' : 'a few things'}`,
    text: Object.entries(errors)
      .map(([id, problem]) => `- **${labelOf(id)}**: ${problem}`)
      .join('\n'),
    fields: form.inputs
      .filter((input) => (values[input.id] ?? '') !== '')
      .map((input) => ({ label: `You wrote: ${input.label}`, value: shown(form, input.id, values[input.id]!) })),
    buttons: [{ action: FORM_BUTTON_ACTION, label: 'Edit and resubmit', value: sessionId, style: 'primary' }],
    context: 'Your answers are kept: the button reopens the form with them filled in.',
  };
}

export function nextPageDoc(form: FormDoc, sessionId: string, page: { readonly index: number; readonly count: number }): MessageDoc {
  return {
    text: `**${form.title}**: part ${page.index} of ${page.count} saved.`,
    buttons: [{ action: FORM_BUTTON_ACTION, label: `Continue (${page.index + 1}/${page.count})`, value: sessionId, style: 'primary' }],
  };
}

/** When a form cannot open right away (the interaction was already answered), a button opens it. */
export function openFormDoc(form: FormDoc, sessionId: string): MessageDoc {
  return { text: `**${form.title}**`, buttons: [{ action: FORM_BUTTON_ACTION, label: `Open: ${form.title}`, value: sessionId, style: 'primary' }] };
}
