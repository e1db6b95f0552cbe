import type { types } from '@slack/bolt';
import type { z } from 'zod';
import type { FormLanguage } from '../../../src/cards/form-language.js';
import type { Card } from '../../../src/cards/model.js';
import { primaryLanguage } from '../../../src/domain/languages.js';
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
  /** The language field as a choice of the languages Baton knows, and who speaks the customer's. */
  languages?: FormLanguage;
  /** Why the form is shown again (declined: the reason), above the fields. */
  notice?: string;
  fields: FormField[];
  note?: string;
  meta: ModalMeta;
}

const NOTE_BLOCK = 'note';
/** Slack shows this much of an input's error. */
const ERROR_MAX = 300;
const VALUE = 'v';
const SINGLE_LINE = new Set(['dealValue', 'currency', 'keyContact', 'language']);
const fieldBlockId = (name: string) => `f:${name}`.slice(0, LIMIT.id);

/** Slack shows at most this many options in a static select. */
const MAX_OPTIONS = 100;

function languageSelect(languages: FormLanguage, value: string | undefined, locale: string) {
  const options = languages.options.slice(0, MAX_OPTIONS).map((o) => ({
    text: plain(o.label, LIMIT.optionText),
    value: o.value,
  }));
  // The customer's language as the banner above shows it; what the handoff recorded when none is.
  const chosen = languages.selected ?? primaryLanguage(value);
  const initial = options.find((o) => o.value === chosen);
  return {
    type: 'static_select' as const,
    action_id: VALUE,
    placeholder: plain(t(locale, 'form.languageChoose'), LIMIT.placeholder),
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function inputFor(field: FormField, locale: string, languages?: FormLanguage): types.InputBlock {
  const label = plain(fieldLabel(field.name, locale), LIMIT.inputLabel);
  const value = field.value?.slice(0, LIMIT.inputValue);
  let element: types.InputBlockElement;
  if (field.name === 'language' && languages) {
    element = languageSelect(languages, value, locale);
  } else if (field.name === 'goLiveDate') {
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
  if (input.languages?.speakers)
    blocks.push({
      type: 'context',
      elements: [md(input.languages.speakers, LIMIT.contextText, ':busts_in_silhouette: ')],
    });
  if (input.notice) blocks.push({ type: 'section', text: md(input.notice, LIMIT.sectionText, ':warning: ') });
  for (const f of input.fields.slice(0, LIMIT.surfaceBlocks - 5))
    blocks.push(inputFor(f, locale, input.languages));
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
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_date?: string | null;
      selected_option?: { value: string } | null;
    }
  >
>;

/**
 * The context a person submitted, and an error for each required field left
 * blank. The language must be one the form offered (`language`, the check).
 */
export function readHandoffForm(
  values: StateValues,
  fields: Array<{ name: string; required: boolean }>,
  locale: string,
  language?: z.ZodType<string>,
): { context: HandoffContext; note?: string; errors: Record<string, string> } {
  const context: HandoffContext = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[fieldBlockId(f.name)]?.[VALUE];
    const text = (raw?.selected_option?.value ?? raw?.value ?? raw?.selected_date ?? '').trim();
    if (f.name === 'language' && text && language) {
      const code = primaryLanguage(text) ?? text;
      if (!language.safeParse(code).success) {
        errors[fieldBlockId(f.name)] = t(locale, 'form.languageNotOffered', {
          value: text.slice(0, 40),
        }).slice(0, ERROR_MAX);
        continue;
      }
      context[f.name] = code;
      continue;
    }
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
