import type { types } from '@slack/bolt';
import { customerLanguage, languageBlock } from '../../../src/cards/context-fields.js';
import { formLanguage } from '../../../src/cards/form-language.js';
import { reassignChoices } from '../../../src/cards/speakers-hint.js';
import type { HandoffAction } from '../../../src/domain/lifecycle.js';
import type { Handoff } from '../../../src/domain/types.js';
import { t } from '../../../src/i18n/translate.js';
import { playbookFields } from '../../../src/services/context-fields.js';
import type { Failure } from '../../../src/services/deps.js';
import { refusalFor } from '../../../src/services/mutate.js';
import type { ModalMeta } from '../ids.js';
import { handoffModal } from '../modals/handoff.js';
import { contactModal, declineModal } from '../modals/inputs.js';
import { reassignModal } from '../modals/reassign.js';
import type { Caller, SlackRuntime } from '../runtime.js';

/** The service's own checks, made before a modal opens: nobody types a reason only to be told no. */
export function precheck(
  rt: SlackRuntime,
  caller: Caller,
  h: Handoff,
  action: HandoffAction,
): Failure | undefined {
  if (!caller.person) return { code: 'UNKNOWN_USER', vars: { user: caller.userId } };
  return refusalFor(rt.services.deps, h, caller.person, action);
}

function heading(rt: SlackRuntime, h: Handoff, customer: string, locale: string): string {
  return h.from === h.to
    ? t(locale, 'card.titleSameTeam', { customer, team: rt.dir.teamName(h.to) })
    : t(locale, 'card.title', { customer, from: rt.dir.teamName(h.from), to: rt.dir.teamName(h.to) });
}

/** The modal an action needs (the caller opens it with the click's trigger_id). */
export async function actionModal(
  rt: SlackRuntime,
  caller: Caller,
  h: Handoff,
  action: 'decline' | 'contact' | 'confirm' | 'resend',
  meta: ModalMeta,
): Promise<types.ModalView> {
  const customer = await rt.services.deps.store.getCustomer(h.customerId);
  const name = customer?.name ?? h.customerId;
  const title = heading(rt, h, name, caller.locale);
  const base: ModalMeta = { ...meta, h: h.id, v: h.version };
  let view: types.ModalView;
  if (action === 'decline') {
    view = declineModal(caller.locale, title, rt.dir.personName(h.sender), base);
  } else if (action === 'contact') {
    view = contactModal(caller.locale, title, base);
  } else {
    const pb = rt.dir.playbook(h.playbook);
    // What Baton knows of the customer (key contact, language) fills what the handoff left empty.
    const known = await rt.services.prepareHandoffForm({
      actor: caller.person ?? '',
      customer: h.customerId,
      to: { team: h.to },
    });
    const knownValue = new Map(known.ok ? known.value.fields.map((f) => [f.name, f.value]) : []);
    const fields = (pb ? playbookFields(pb) : []).map((f) => {
      const v = h.context[f.name];
      const value = Array.isArray(v) ? v.join('\n') : v === undefined ? knownValue.get(f.name) : String(v);
      return { ...f, ...(value ? { value } : {}) };
    });
    const language = customer
      ? languageBlock(customerLanguage(customer, h.context), caller.locale)
      : undefined;
    const notice =
      h.state === 'declined' && h.declineReason
        ? t(caller.locale, 'state.declined', { reason: h.declineReason })
        : undefined;
    view = handoffModal({
      locale: caller.locale,
      heading: title,
      ...(language ? { language } : {}),
      languages: formLanguage(rt.dir, {
        current: customer ? customerLanguage(customer, h.context) : undefined,
        locale: caller.locale,
        toTeam: h.to,
      }),
      ...(notice ? { notice } : {}),
      fields,
      ...(h.note ? { note: h.note } : {}),
      meta: { ...base, k: action },
    });
  }
  return view;
}

/** Log contact on a customer without an open handoff (a cadence reminder's button). */
export async function customerContactModal(
  rt: SlackRuntime,
  caller: Caller,
  customerId: string,
  meta: ModalMeta,
): Promise<types.ModalView> {
  const customer = await rt.services.deps.store.getCustomer(customerId);
  const title = customer
    ? t(caller.locale, 'card.titleSameTeam', {
        customer: customer.name,
        team: rt.dir.teamName(customer.team),
      })
    : customerId;
  return contactModal(caller.locale, title, { ...meta, c: customerId });
}

/**
 * Reassign: the receiving team's people with who speaks the customer's
 * language over them; nothing to open when nobody else is in the team.
 */
export async function reassignModalFor(
  rt: SlackRuntime,
  caller: Caller,
  h: Handoff,
  meta: ModalMeta,
): Promise<types.ModalView | string> {
  const customer = await rt.services.deps.store.getCustomer(h.customerId);
  const language = customer ? customerLanguage(customer, h.context) : undefined;
  const { people, hint } = reassignChoices(rt.dir, { handoff: h, language, locale: caller.locale });
  if (people.length === 0)
    return t(caller.locale, 'speakers.nobodyToReassign', { team: rt.dir.teamName(h.to) });
  return reassignModal({
    locale: caller.locale,
    heading: heading(rt, h, customer?.name ?? h.customerId, caller.locale),
    ...(hint ? { speakers: hint } : {}),
    people,
    meta: { ...meta, h: h.id, v: h.version },
  });
}
