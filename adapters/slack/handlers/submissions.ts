import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { customerLanguage, languageBlock } from '../../../src/cards/context-fields.js';
import { formLanguage, offeredLanguageSchema } from '../../../src/cards/form-language.js';
import { subjectOf } from '../../../src/domain/segment-match.js';
import type { Handoff, HandoffContext, HandoffSource } from '../../../src/domain/types.js';
import { t } from '../../../src/i18n/translate.js';
import { playbookFields } from '../../../src/services/context-fields.js';
import { messageText } from '../escape.js';
import { CALLBACK, decodeMeta, type ModalMeta } from '../ids.js';
import { handoffModal, readHandoffForm } from '../modals/handoff.js';
import { readContact, readCustomer, readDecline } from '../modals/inputs.js';
import { readReassign } from '../modals/reassign.js';
import { failureText } from '../replies.js';
import { type Caller, callerOf, detach, type Reply, replyTo, type SlackRuntime } from '../runtime.js';
import { finish } from './actions.js';
import { failureReply, guarded, sentWhere, unknownUser } from './common.js';
import { publishHome } from './home.js';

type Values = Parameters<typeof readHandoffForm>[0];
const ERROR_MAX = 300;
/** A person key as the reassign modal offers them: a config key, never free text. */
const PERSON = z.string().min(1).max(100);

/** The handoff a modal was opened on and the person acting, or the refusal the caller gets instead. */
async function onHandoff(
  rt: SlackRuntime,
  caller: Caller,
  meta: ModalMeta,
  send: (r: Reply) => Promise<void>,
  act: (before: Handoff, person: string) => Promise<void>,
): Promise<void> {
  const before = meta.h ? await rt.services.deps.store.getHandoff(meta.h) : undefined;
  if (!before || !caller.person)
    return send(
      failureReply(rt, caller, {
        code: caller.person ? 'HANDOFF_NOT_FOUND' : 'UNKNOWN_USER',
        vars: { user: caller.userId },
      }),
    );
  return act(before, caller.person);
}

function sender(rt: SlackRuntime, caller: Caller, meta: ModalMeta) {
  return async (r: Reply) =>
    detach(rt, async () => {
      await replyTo(rt, caller, meta.r, r);
      if (meta.home && caller.person) await publishHome(rt, caller.userId);
    });
}

/**
 * What a submitted handoff form must hold: the fields of the playbook it was
 * opened for, and a language among those it offered the customer.
 */
async function formCheck(rt: SlackRuntime, meta: ModalMeta) {
  const { store } = rt.services.deps;
  if (meta.h) {
    const h = await store.getHandoff(meta.h);
    const pb = h ? rt.dir.playbook(h.playbook) : undefined;
    const customer = h ? await store.getCustomer(h.customerId) : undefined;
    return {
      fields: pb ? playbookFields(pb) : [],
      language: offeredLanguageSchema(
        rt.dir,
        customer ? customerLanguage(customer, h?.context ?? {}) : undefined,
      ),
    };
  }
  const to = meta.p ? rt.dir.person(meta.p)?.team : meta.t;
  const customer = meta.c ? await store.getCustomer(meta.c) : undefined;
  // The playbook the form was opened for: the customer's segment, as the form service picked it.
  const pb =
    meta.f && to
      ? rt.dir.playbookFor(meta.f, to, subjectOf(customer, undefined, { kind: 'person' }))
      : undefined;
  return {
    fields: pb ? playbookFields(pb) : [],
    language: offeredLanguageSchema(rt.dir, customer?.language),
  };
}

/** The language chosen on a form that went through becomes the customer's. */
async function keepLanguage(rt: SlackRuntime, actor: string, customerId: string, context: HandoffContext) {
  const language = context.language;
  if (typeof language !== 'string') return;
  const r = await rt.services.recordCustomerLanguage({ actor, customerId, language });
  if (!r.ok)
    rt.log.warn({ customerId, code: r.failure.code }, 'the language chosen on a form was not recorded');
}

/**
 * Modal submissions. Blank required fields are answered inside the modal
 * (`response_action: errors`); everything else closes the modal at once and
 * is confirmed to the person when the service's commit resolved.
 */
export function registerSubmissions(rt: SlackRuntime): void {
  const handlers: Record<string, (args: SlackViewMiddlewareArgs) => Promise<void>> = {};
  handlers[CALLBACK.handoff] = async ({ ack, body, view }) => {
    const caller = callerOf(rt, body.user.id);
    const meta = decodeMeta(view.private_metadata);
    const check = await formCheck(rt, meta);
    const form = readHandoffForm(view.state.values as Values, check.fields, caller.locale, check.language);
    if (Object.keys(form.errors).length > 0) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const send = sender(rt, caller, meta);
    if (!caller.person) return send(unknownUser(rt, caller));
    const actor = caller.person;
    await guarded(rt, caller, send, async () => {
      if (meta.h && (meta.k === 'confirm' || meta.k === 'resend')) {
        const before = await rt.services.deps.store.getHandoff(meta.h);
        if (!before) return send(failureReply(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
        const input = {
          handoffId: meta.h,
          actor,
          ...(meta.v ? { version: meta.v } : {}),
          context: form.context,
          ...(form.note ? { note: form.note } : {}),
        };
        const r = meta.k === 'confirm' ? await rt.services.confirm(input) : await rt.services.resend(input);
        if (r.ok) await keepLanguage(rt, actor, r.value.customerId, form.context);
        return finish(rt, { caller, send }, before, meta.k, r);
      }
      const source: HandoffSource =
        meta.sc && meta.sm
          ? { kind: 'phrase', platform: 'slack', channel: meta.sc, messageId: meta.sm }
          : { kind: 'person', platform: 'slack' };
      const r = await rt.services.startHandoff({
        actor,
        customer: { id: meta.c ?? '' },
        to: meta.p ? { person: meta.p } : { team: meta.t ?? '' },
        ...(meta.f ? { from: meta.f } : {}),
        context: form.context,
        ...(form.note ? { note: form.note } : {}),
        source,
      });
      if (!r.ok) return send(failureReply(rt, caller, r.failure));
      const { handoff, customer, created } = r.value;
      await keepLanguage(rt, actor, customer.id, form.context);
      if (!created)
        return send({
          text: messageText(
            t(caller.locale, 'reply.ALREADY_IN_STATE', {
              state: t(caller.locale, `stateName.${handoff.state}`),
            }),
          ),
        });
      return send(
        sentWhere(rt, handoff, (team) =>
          t(caller.locale, 'ok.handoffSent', { customer: customer.name, team }),
        ),
      );
    });
  };

  handlers[CALLBACK.decline] = async ({ ack, body, view }) => {
    const caller = callerOf(rt, body.user.id);
    const meta = decodeMeta(view.private_metadata);
    const reason = readDecline(view.state.values as Values);
    if (!reason) {
      return ack({
        response_action: 'errors',
        errors: {
          reason: t(caller.locale, 'reply.INVALID_INPUT', {
            problem: t(caller.locale, 'input.reason', { person: '' }),
          }).slice(0, ERROR_MAX),
        },
      });
    }
    await ack();
    const send = sender(rt, caller, meta);
    await guarded(rt, caller, send, () =>
      onHandoff(rt, caller, meta, send, async (before, person) => {
        const r = await rt.services.decline({
          handoffId: before.id,
          actor: person,
          ...(meta.v ? { version: meta.v } : {}),
          reason,
        });
        return finish(rt, { caller, send }, before, 'decline', r);
      }),
    );
  };

  handlers[CALLBACK.reassign] = async ({ ack, body, view }) => {
    const caller = callerOf(rt, body.user.id);
    const meta = decodeMeta(view.private_metadata);
    const picked = PERSON.safeParse(readReassign(view.state.values as Values));
    const to = picked.success && rt.dir.person(picked.data) ? picked.data : undefined;
    if (!to) {
      const person = picked.success ? picked.data : '?';
      return ack({
        response_action: 'errors',
        errors: {
          person: failureText(
            { code: 'PERSON_NOT_FOUND', vars: { person } },
            {
              dir: rt.dir,
              locale: caller.locale,
              now: rt.services.deps.clock.now(),
            },
          ).slice(0, ERROR_MAX),
        },
      });
    }
    await ack();
    const send = sender(rt, caller, meta);
    await guarded(rt, caller, send, () =>
      onHandoff(rt, caller, meta, send, async (before, person) => {
        const r = await rt.services.reassign({
          handoffId: before.id,
          actor: person,
          ...(meta.v ? { version: meta.v } : {}),
          to,
        });
        return finish(rt, { caller, send }, before, 'reassign', r);
      }),
    );
  };

  handlers[CALLBACK.contact] = async ({ ack, body, view }) => {
    const caller = callerOf(rt, body.user.id);
    const meta = decodeMeta(view.private_metadata);
    const { channel, note } = readContact(view.state.values as Values);
    await ack();
    const send = sender(rt, caller, meta);
    if (!caller.person) return send(unknownUser(rt, caller));
    const actor = caller.person;
    const how = t(caller.locale, `channel.${channel}`);
    await guarded(rt, caller, send, async () => {
      const contact = { actor, channel, ...(note ? { note } : {}), source: 'slack' };
      if (meta.h) {
        const before = await rt.services.deps.store.getHandoff(meta.h);
        if (!before) return send(failureReply(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
        const r = await rt.services.logHandoffContact({
          ...contact,
          handoffId: before.id,
          ...(meta.v ? { version: meta.v } : {}),
        });
        return finish(rt, { caller, send }, before, 'contact', r, how);
      }
      const r = await rt.services.logCustomerContact({ ...contact, customerId: meta.c ?? '' });
      if (!r.ok) return send(failureReply(rt, caller, r.failure));
      return send({
        text: messageText(
          t(caller.locale, 'ok.contactLogged', { channel: how, customer: r.value.customer.name }),
        ),
      });
    });
  };

  // Which customer, for a phrase proposal that named none: the form follows in the same modal.
  handlers[CALLBACK.pickCustomer] = async ({ ack, body, view }) => {
    const caller = callerOf(rt, body.user.id);
    const meta = decodeMeta(view.private_metadata);
    const pb = meta.pb ? rt.dir.playbook(meta.pb) : undefined;
    const text = readCustomer(view.state.values as Values);
    if (!caller.person || !pb) {
      return ack({
        response_action: 'errors',
        errors: { customer: unknownUser(rt, caller).text.slice(0, ERROR_MAX) },
      });
    }
    const form = await rt.services.prepareHandoffForm({
      actor: caller.person,
      customer: text,
      to: { team: pb.to },
    });
    if (!form.ok) {
      const message = failureText(form.failure, {
        dir: rt.dir,
        locale: caller.locale,
        now: rt.services.deps.clock.now(),
      });
      return ack({ response_action: 'errors', errors: { customer: message.slice(0, ERROR_MAX) } });
    }
    const f = form.value;
    const language = languageBlock(customerLanguage(f.customer, {}), caller.locale);
    const next = handoffModal({
      locale: caller.locale,
      heading: t(caller.locale, 'card.title', {
        customer: f.customer.name,
        from: rt.dir.teamName(f.from),
        to: rt.dir.teamName(f.toTeam),
      }),
      ...(language ? { language } : {}),
      languages: formLanguage(rt.dir, {
        current: f.customer.language,
        locale: caller.locale,
        toTeam: f.toTeam,
      }),
      fields: f.fields,
      meta: { ...meta, k: 'new', c: f.customer.id, t: f.toTeam, f: f.from, pb: undefined },
    });
    return ack({ response_action: 'update', view: next });
  };
  // One listener for every modal: Bolt runs each listener's matchers on every request.
  rt.app.view({ callback_id: /^baton:/ }, async (args) => {
    const handle = handlers[args.view.callback_id];
    if (handle) await handle(args);
    else await args.ack();
  });
}
