import { customerLanguage, languageBlock } from '../../src/cards/context-fields.js';
import { formLanguage, offeredLanguageSchema } from '../../src/cards/form-language.js';
import { actionValue } from '../../src/cards/model.js';
import { primaryLanguage } from '../../src/domain/languages.js';
import type { Customer, Handoff, HandoffContext } from '../../src/domain/types.js';
import { t } from '../../src/i18n/translate.js';
import type { HandoffForm } from '../../src/services/handoff-form.js';
import { FIELD_PREFIX, type FormSpec } from './cards/forms.js';
import type { Caller, TeamsRuntime } from './runtime.js';

/** What a submitted form sends back besides its inputs. */
export interface FormData {
  baton: 1;
  k: 'form';
  /** New handoff: customer, receiving team, named person. */
  c?: string;
  t?: string;
  p?: string;
  /** A proposal or a declined handoff being sent: its action value. */
  v?: string;
  /** The phrase's channel and message, when the handoff started from one. */
  sc?: string;
  sm?: string;
}

function title(rt: TeamsRuntime, caller: Caller, customer: Customer, from: string, to: string): string {
  return from === to
    ? t(caller.locale, 'card.titleSameTeam', { customer: customer.name, team: rt.dir.teamName(to) })
    : t(caller.locale, 'card.title', {
        customer: customer.name,
        from: rt.dir.teamName(from),
        to: rt.dir.teamName(to),
      });
}

function asText(v: HandoffContext[string]): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join('\n') : String(v);
}

/** `handoff <customer> to <team>`: the playbook's fields, prefilled with what Baton knows. */
export function newHandoffSpec(
  rt: TeamsRuntime,
  caller: Caller,
  form: HandoffForm,
  extra: {
    errors?: string[];
    values?: Record<string, string>;
    note?: string;
    phrase?: { sc: string; sm: string };
  } = {},
): FormSpec {
  const lang = languageBlock(customerLanguage(form.customer, {}), caller.locale);
  const data: FormData = {
    baton: 1,
    k: 'form',
    c: form.customer.id,
    t: form.toTeam,
    ...(form.toPerson ? { p: form.toPerson } : {}),
    ...(extra.phrase ?? {}),
  };
  const note = extra.note ?? form.note;
  return {
    locale: caller.locale,
    title: title(rt, caller, form.customer, form.from, form.toTeam),
    ...(form.playbook.name ? { subtitle: form.playbook.name } : {}),
    ...(lang ? { language: lang } : {}),
    // After a refused submit the language chosen stays chosen, like every typed value.
    languages: formLanguage(rt.dir, {
      current: extra.values?.language ?? form.customer.language,
      locale: caller.locale,
      toTeam: form.toTeam,
    }),
    fields: form.fields.map((f) => {
      const value = extra.values?.[f.name] ?? f.value;
      return { name: f.name, required: f.required, ...(value ? { value } : {}) };
    }),
    ...(note ? { note } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    submit: { verb: 'handoff', title: t(caller.locale, 'action.confirm'), data: { ...data } },
  };
}

/** Confirming a proposal, or sending a declined handoff again: its context, to check and complete. */
export function sendAgainSpec(
  rt: TeamsRuntime,
  caller: Caller,
  h: Handoff,
  customer: Customer,
  verb: 'confirm' | 'resend',
  extra: { errors?: string[]; values?: Record<string, string>; note?: string } = {},
): FormSpec | undefined {
  const pb = rt.dir.playbook(h.playbook);
  if (!pb) return undefined;
  const lang = languageBlock(customerLanguage(customer, h.context), caller.locale);
  const fields = [
    ...pb.context.required.map((name) => ({ name, required: true })),
    ...pb.context.optional.map((name) => ({ name, required: false })),
  ];
  const data: FormData = { baton: 1, k: 'form', v: actionValue(h.id, h.version) };
  const note = extra.note ?? h.note;
  return {
    locale: caller.locale,
    title: title(rt, caller, customer, h.from, h.to),
    ...(pb.name ? { subtitle: pb.name } : {}),
    ...(lang ? { language: lang } : {}),
    languages: formLanguage(rt.dir, {
      current: extra.values?.language ?? customerLanguage(customer, h.context),
      locale: caller.locale,
      toTeam: h.to,
    }),
    fields: fields.map((f) => {
      const value = extra.values?.[f.name] ?? asText(h.context[f.name]);
      return { ...f, ...(value ? { value } : {}) };
    }),
    ...(note ? { note } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    submit: {
      verb,
      title: t(caller.locale, verb === 'confirm' ? 'action.confirm' : 'action.resend'),
      data: { ...data },
    },
  };
}

/** The typed values of a submitted form: its fields (empty ones left out) and the note. */
export function readForm(data: Record<string, unknown>): { values: Record<string, string>; note?: string } {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (!k.startsWith(FIELD_PREFIX) || typeof v !== 'string') continue;
    const text = v.trim();
    if (text) values[k.slice(FIELD_PREFIX.length)] = text.slice(0, 4_000);
  }
  const note = typeof data.note === 'string' ? data.note.trim().slice(0, 2_000) : '';
  return { values, ...(note ? { note } : {}) };
}

/**
 * The language submitted, checked against those the form offered (as a
 * primary subtag); a refusal in the reader's words when it is not one.
 */
export function checkLanguage(
  rt: TeamsRuntime,
  caller: Caller,
  values: Record<string, string>,
  current: string | undefined,
): string | undefined {
  const text = values.language;
  if (text === undefined) return undefined;
  const code = primaryLanguage(text) ?? text;
  if (offeredLanguageSchema(rt.dir, current).safeParse(code).success) {
    values.language = code;
    return undefined;
  }
  delete values.language;
  return t(caller.locale, 'form.languageNotOffered', { value: text.slice(0, 40) });
}

/** The language chosen on a form that went through becomes the customer's. */
export async function keepLanguage(
  rt: TeamsRuntime,
  actor: string,
  customerId: string,
  values: Record<string, string>,
): Promise<void> {
  const language = values.language;
  if (!language) return;
  const r = await rt.services.recordCustomerLanguage({ actor, customerId, language });
  if (!r.ok)
    rt.log.warn({ customerId, code: r.failure.code }, 'the language chosen on a form was not recorded');
}
