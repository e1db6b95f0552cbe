import type { FormLanguage } from '../../../src/cards/form-language.js';
import type { Card } from '../../../src/cards/model.js';
import { primaryLanguage } from '../../../src/domain/languages.js';
import { fieldLabel, formatList, t } from '../../../src/i18n/translate.js';
import { languageBlock } from './card.js';
import { type Ac, adaptiveCard, container, cut, LIMIT, textBlock } from './elements.js';

/** Fields people write more than a line in. */
const LONG_FIELDS = new Set(['summary', 'promises', 'risks', 'keyContact', 'links', 'note']);

export const FIELD_PREFIX = 'f.';

export interface FormSpec {
  locale: string;
  title: string;
  subtitle?: string;
  language?: Card['language'];
  /** The language field as a choice of the languages Baton knows, and who speaks the customer's. */
  languages?: FormLanguage;
  fields: Array<{ name: string; required: boolean; value?: string }>;
  note?: string;
  /** Shown on top after a refused submit; the values typed stay in the inputs. */
  errors?: string[];
  submit: { verb: string; title: string; data: Record<string, unknown> };
}

/**
 * The customer's language as a choice, the current one chosen: a filtered
 * list (type to narrow it), since thirty-odd languages are a long scroll.
 */
function languageInput(common: Ac, value: string | undefined, languages: FormLanguage, locale: string): Ac {
  // The customer's language as the banner above shows it; what the handoff recorded when none is.
  const chosen = languages.selected ?? primaryLanguage(value);
  const offered = languages.options.some((o) => o.value === chosen);
  return {
    type: 'Input.ChoiceSet',
    ...common,
    style: 'filtered',
    placeholder: t(locale, 'form.languageChoose'),
    choices: languages.options.map((o) => ({ title: cut(o.label, LIMIT.choice), value: o.value })),
    ...(offered && chosen ? { value: chosen } : {}),
  };
}

function fieldInput(f: FormSpec['fields'][number], locale: string, languages?: FormLanguage): Ac {
  const label = fieldLabel(f.name, locale);
  const common = {
    id: `${FIELD_PREFIX}${f.name}`,
    label: cut(label, LIMIT.inputLabel),
    ...(f.required
      ? { isRequired: true, errorMessage: t(locale, 'reply.MISSING_FIELDS', { fields: label }) }
      : {}),
  };
  const value = f.value?.trim();
  if (f.name === 'language' && languages) return languageInput(common, value, languages, locale);
  // A date picker only for a value it can show; anything else stays editable as text.
  if (/date$/i.test(f.name) && (!value || /^\d{4}-\d{2}-\d{2}$/.test(value))) {
    return { type: 'Input.Date', ...common, ...(value ? { value } : {}) };
  }
  return {
    type: 'Input.Text',
    ...common,
    ...(LONG_FIELDS.has(f.name) ? { isMultiline: true } : {}),
    maxLength: LIMIT.inputValue,
    ...(value ? { value: cut(value, LIMIT.inputValue) } : {}),
  };
}

/**
 * The handoff form in Teams (Slack's modal): the playbook's context fields,
 * required ones marked and checked, prefilled with what Baton knows, and a
 * note. After a refused submit the same form comes back with the reasons on
 * top and the typed values kept.
 */
export function renderForm(spec: FormSpec): Ac {
  const body: Ac[] = [textBlock(spec.title, LIMIT.title, { size: 'Large', weight: 'Bolder' })];
  if (spec.subtitle) body.push(textBlock(spec.subtitle, LIMIT.subtitle, { isSubtle: true, spacing: 'None' }));
  const lang = languageBlock(spec.language);
  if (lang) body.push(lang);
  if (spec.languages?.speakers)
    body.push(textBlock(`👥 ${spec.languages.speakers}`, LIMIT.sectionText, { isSubtle: true }));
  if (spec.errors && spec.errors.length > 0) {
    body.push(
      container(
        spec.errors.map((e) =>
          textBlock(`⚠️ ${e}`, LIMIT.sectionText, { color: 'Attention', weight: 'Bolder' }),
        ),
        { style: 'attention' },
      ),
    );
  }
  for (const f of spec.fields) body.push(fieldInput(f, spec.locale, spec.languages));
  body.push({
    type: 'Input.Text',
    id: 'note',
    label: t(spec.locale, 'input.note'),
    isMultiline: true,
    maxLength: 2_000,
    ...(spec.note ? { value: cut(spec.note, 2_000) } : {}),
  });
  return adaptiveCard(body, [
    {
      type: 'Action.Execute',
      title: cut(spec.submit.title, LIMIT.button),
      verb: spec.submit.verb,
      style: 'positive',
      data: spec.submit.data,
    },
  ]);
}

/** The required fields left empty, as labels for "add the missing context first". */
export function missingLabels(
  spec: Pick<FormSpec, 'fields' | 'locale'>,
  values: Record<string, string>,
): string[] {
  return spec.fields
    .filter((f) => f.required && !values[f.name]?.trim())
    .map((f) => fieldLabel(f.name, spec.locale));
}

export function missingText(locale: string, labels: string[]): string {
  return t(locale, 'reply.MISSING_FIELDS', { fields: formatList(labels, locale) });
}

/**
 * A phrase seen in a channel without a customer Baton recognises: a proposal
 * whose Start button asks which customer, then opens the handoff form.
 */
export function renderStartCard(opts: {
  locale: string;
  route: string;
  playbook: string;
  /** The channel and message the phrase was seen in: the handoff's source. */
  phrase?: { sc: string; sm: string };
  error?: string;
}): Ac {
  const { locale } = opts;
  const body: Ac[] = [
    textBlock(`🤝 ${t(locale, 'proposal.title')}`, LIMIT.title, { size: 'Medium', weight: 'Bolder' }),
    textBlock(opts.route, LIMIT.line, { spacing: 'Small' }),
  ];
  if (opts.error) body.push(textBlock(`⚠️ ${opts.error}`, LIMIT.sectionText, { color: 'Attention' }));
  body.push({
    type: 'Input.Text',
    id: 'customer',
    label: fieldLabel('customer', locale),
    isRequired: true,
    maxLength: 200,
  });
  return adaptiveCard(body, [
    {
      type: 'Action.Execute',
      title: cut(t(locale, 'action.confirm'), LIMIT.button),
      verb: 'start',
      style: 'positive',
      data: { baton: 1, pb: opts.playbook, k: 'notice', ...(opts.phrase ?? {}) },
    },
  ]);
}

/** A short answer in a card: a confirmation, or why nothing changed, over what the person acted on. */
export function renderMessage(text: string, tone: 'good' | 'attention' = 'good', below: Ac[] = []): Ac {
  return adaptiveCard([
    textBlock(`${tone === 'good' ? '✅' : '⚠️'} ${text}`, LIMIT.sectionText, {
      weight: 'Bolder',
      color: tone === 'good' ? 'Good' : 'Attention',
    }),
    ...below,
  ]);
}
