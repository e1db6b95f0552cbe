import type { Activity } from 'botbuilder';
import { customerLanguage } from '../../src/cards/context-fields.js';
import { parseActionValue } from '../../src/cards/model.js';
import type { HandoffSource } from '../../src/domain/types.js';
import { t } from '../../src/i18n/translate.js';
import { channelIdOf, threadRoot } from './activity.js';
import {
  cardAnswer,
  currentCard,
  type InvokeAnswer,
  messageAnswer,
  precheck,
  withBanner,
} from './answers.js';
import { missingLabels, missingText, renderForm, renderStartCard } from './cards/forms.js';
import { okText } from './confirmations.js';
import {
  checkLanguage,
  type FormData,
  keepLanguage,
  newHandoffSpec,
  readForm,
  sendAgainSpec,
} from './handoff-form.js';
import { type Caller, failureText, type TeamsRuntime } from './runtime.js';

type Me = Caller & { person: string };

/**
 * The sender's copy of what they sent, without buttons: it is not a posted
 * card the outbox keeps up to date, so buttons on it would soon act on a
 * stale picture. The live card is in the receiving team's channel.
 */
function snapshot(card: Record<string, unknown>): Record<string, unknown> {
  const { actions: _actions, ...rest } = card;
  return rest;
}
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The Start button of a phrase proposal without a customer: which customer, then the handoff form. */
export async function startFromPhrase(
  rt: TeamsRuntime,
  caller: Me,
  a: Partial<Activity>,
  data: Record<string, unknown>,
) {
  const pb = rt.dir.playbook(str(data.pb));
  if (!pb)
    return messageAnswer(
      failureText(rt, caller, { code: 'NO_PLAYBOOK', vars: { from: '', to: '', pairs: '' } }),
    );
  const route = `${rt.dir.teamName(pb.from)} → ${rt.dir.teamName(pb.to)}`;
  const phrase = { sc: str(data.sc) || channelIdOf(a), sm: str(data.sm) || threadRoot(a) };
  const again = (error: string) =>
    cardAnswer(renderStartCard({ locale: caller.locale, route, playbook: pb.id, phrase, error }));
  const found = await rt.services.resolveCustomer(str(data.customer));
  if (!found.ok) return again(failureText(rt, caller, found.failure));
  const form = await rt.services.prepareHandoffForm({
    actor: caller.person,
    customer: found.value.id,
    to: { team: pb.to },
  });
  if (!form.ok) return again(failureText(rt, caller, form.failure));
  return cardAnswer(renderForm(newHandoffSpec(rt, caller, form.value, { phrase })));
}

/** The handoff form's submit: checked against the playbook, then the handoff starts. */
export async function submitNewHandoff(
  rt: TeamsRuntime,
  caller: Me,
  data: FormData & Record<string, unknown>,
) {
  const to = data.p ? { person: data.p } : { team: str(data.t) };
  const form = await rt.services.prepareHandoffForm({ actor: caller.person, customer: str(data.c), to });
  if (!form.ok) return messageAnswer(failureText(rt, caller, form.failure));
  const { values, note } = readForm(data);
  const phrase = data.sc && data.sm ? { sc: data.sc, sm: data.sm } : undefined;
  const again = (errors: string[]) =>
    cardAnswer(
      renderForm(
        newHandoffSpec(rt, caller, form.value, {
          errors,
          values,
          ...(note ? { note } : {}),
          ...(phrase ? { phrase } : {}),
        }),
      ),
    );
  const refusedLanguage = checkLanguage(rt, caller, values, form.value.customer.language);
  if (refusedLanguage) return again([refusedLanguage]);
  const missing = missingLabels({ fields: form.value.fields, locale: caller.locale }, values);
  if (missing.length > 0) return again([missingText(caller.locale, missing)]);
  const source: HandoffSource = phrase
    ? { kind: 'phrase', platform: 'teams', channel: phrase.sc, messageId: phrase.sm }
    : { kind: 'person', platform: 'teams' };
  const r = await rt.services.startHandoff({
    actor: caller.person,
    customer: { id: form.value.customer.id },
    to: form.value.toPerson ? { person: form.value.toPerson } : { team: form.value.toTeam },
    from: form.value.from,
    context: values,
    ...(note ? { note } : {}),
    source,
  });
  if (!r.ok) return again([failureText(rt, caller, r.failure)]);
  const { handoff, customer, created } = r.value;
  await keepLanguage(rt, caller.person, customer.id, values);
  if (!created) {
    const state = t(caller.locale, `stateName.${handoff.state}`);
    return messageAnswer(t(caller.locale, 'reply.ALREADY_IN_STATE', { state }));
  }
  const text = okText(rt, caller, 'confirm', handoff, customer.name);
  const card = await currentCard(rt, handoff, `person:${caller.person}`);
  return card ? cardAnswer(withBanner(snapshot(card), text)) : messageAnswer(text);
}

/**
 * Start on a proposal, Send again on a declined handoff: first the form with
 * the context so far (to check and complete), then, on its submit, the send.
 */
export async function sendAgain(
  rt: TeamsRuntime,
  caller: Me,
  verb: 'confirm' | 'resend',
  data: Partial<FormData> & Record<string, unknown>,
): Promise<InvokeAnswer> {
  const parsed = parseActionValue(str(data.v));
  const h = parsed?.handoffId ? await rt.store.getHandoff(parsed.handoffId) : undefined;
  if (!h || !parsed?.handoffId)
    return messageAnswer(failureText(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
  const refused = precheck(rt, caller, h, verb);
  if (refused) return messageAnswer(failureText(rt, caller, refused, h));
  const customer = await rt.store.getCustomer(h.customerId);
  if (!customer) return messageAnswer(failureText(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
  const submitted = data.k === 'form';
  const { values, note } = submitted ? readForm(data) : { values: {}, note: undefined };
  const spec = (errors?: string[]) =>
    sendAgainSpec(rt, caller, h, customer, verb, {
      ...(errors ? { errors } : {}),
      ...(submitted ? { values } : {}),
      ...(note ? { note } : {}),
    });
  const first = spec();
  if (!first)
    return messageAnswer(
      failureText(rt, caller, { code: 'NO_PLAYBOOK', vars: { from: h.from, to: h.to, pairs: '' } }),
    );
  if (!submitted) return cardAnswer(renderForm(first));
  const again = (errors: string[]) => {
    const s = spec(errors);
    return s ? cardAnswer(renderForm(s)) : messageAnswer(errors.join(' '));
  };
  const refusedLanguage = checkLanguage(rt, caller, values, customerLanguage(customer, h.context));
  if (refusedLanguage) return again([refusedLanguage]);
  const missing = missingLabels(first, values);
  if (missing.length > 0) return again([missingText(caller.locale, missing)]);
  const input = {
    handoffId: h.id,
    actor: caller.person,
    version: parsed.version,
    context: values,
    ...(note ? { note } : {}),
  };
  const r = verb === 'confirm' ? await rt.services.confirm(input) : await rt.services.resend(input);
  if (!r.ok) return again([failureText(rt, caller, r.failure, h)]);
  await keepLanguage(rt, caller.person, customer.id, values);
  const text = okText(rt, caller, verb, r.value, customer.name);
  const card = await currentCard(rt, r.value, `person:${caller.person}`);
  return card ? cardAnswer(withBanner(snapshot(card), text)) : messageAnswer(text);
}
