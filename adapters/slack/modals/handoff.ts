import type { types } from '@slack/bolt';
import type { Card } from '../../../src/cards/model.js';
import type { HandoffContext } from '../../../src/domain/types.js';
import { fieldLabel, t } from '../../../src/i18n/translate.js';
import { languageBlocks } from '../blocks/card.js';
import { LIMIT, md, plain } from '../blocks/text.js';
import { CALLBACK, encodeMeta, type ModalMeta } from '../ids.js';

export interface FormField {
  name: string;
  required: boolean;
  value?: string;
}

export interface HandoffModalInput {
  locale: string;
  /** "Acme Corp: Sales → Delivery" */
  heading: string;
  language?: Card['language'];
  /** Why the form is shown again (declined: the reason), above the fields. */
  notice?: string;
  fields: FormField[];
  note?: string;
  meta: ModalMeta;
}

const NOTE_BLOCK = 'note';
const VALUE = 'v';
const SINGLE_LINE = new Set(['dealValue', 'currency', 'keyContact', 'language']);
const fieldBlockId = (name: string) => `f:${name}`.slice(0, LIMIT.id);

function inputFor(field: FormField, locale: string): types.InputBlock {
  const label = plain(fieldLabel(field.name, locale), LIMIT.inputLabel);
  const value = field.value?.slice(0, LIMIT.inputValue);
  let element: types.InputBlockElement;
  if (field.name === 'goLiveDate') {
    const date = /^\d{4}-\d{2}-\d{2}/.exec(value ?? '')?.[0];
    element = { type: 'datepicker', action_id: VALUE, ...(date ? { initial_date: date } : {}) };
  } else {
    element = {
      type: 'plain_text_input',
      action_id: VALUE,
      multiline: !SINGLE_LINE.has(field.name),
      max_length: LIMIT.inputValue,
      ...(value ? { initial_value: value } : {}),
    };
  }
  return { type: 'input', block_id: fieldBlockId(field.name), label, optional: !field.required, element };
}

/**
 * The handoff form: the playbook's context fields, required ones enforced
 * (Slack will not submit an empty required input; blank text is caught on
 * submit with `response_action: errors`), prefilled with what Baton knows.
 */
export function handoffModal(input: HandoffModalInput): types.ModalView {
  const { locale } = input;
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: md(input.heading, LIMIT.sectionText, ':handshake: ') },
  ];
  blocks.push(...languageBlocks(input.language));
  if (input.notice) blocks.push({ type: 'section', text: md(input.notice, LIMIT.sectionText, ':warning: ') });
  for (const f of input.fields.slice(0, LIMIT.surfaceBlocks - 5)) blocks.push(inputFor(f, locale));
  blocks.push({
    type: 'input',
    block_id: NOTE_BLOCK,
    optional: true,
    label: plain(t(locale, 'input.note'), LIMIT.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      multiline: true,
      max_length: LIMIT.inputValue,
      ...(input.note ? { initial_value: input.note.slice(0, LIMIT.inputValue) } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.handoff,
    title: plain(t(locale, input.meta.k === 'resend' ? 'action.resend' : 'action.confirm'), LIMIT.modalTitle),
    submit: plain(t(locale, 'input.submit'), LIMIT.modalTitle),
    close: plain(t(locale, 'action.cancel'), LIMIT.modalTitle),
    private_metadata: encodeMeta(input.meta),
    blocks,
  };
}

type StateValues = Record<
  string,
  Record<string, { type?: string; value?: string | null; selected_date?: string | null }>
>;

/** The context a person submitted, and an error for each required field left blank. */
export function readHandoffForm(
  values: StateValues,
  fields: Array<{ name: string; required: boolean }>,
  locale: string,
): { context: HandoffContext; note?: string; errors: Record<string, string> } {
  const context: HandoffContext = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[fieldBlockId(f.name)]?.[VALUE];
    const text = (raw?.value ?? raw?.selected_date ?? '').trim();
    if (!text) {
      if (f.required)
        errors[fieldBlockId(f.name)] = t(locale, 'reply.MISSING_FIELDS', {
          fields: fieldLabel(f.name, locale),
        });
      continue;
    }
    context[f.name] =
      f.name === 'dealValue' && /^\d+(\.\d+)?$/.test(text.replace(/[,\s]/g, ''))
        ? Number(text.replace(/[,\s]/g, ''))
        : text;
  }
  const note = values[NOTE_BLOCK]?.[VALUE]?.value?.trim();
  return { context, ...(note ? { note } : {}), errors };
}
