import { confirmationText } from '../../../src/cards/confirmations.js';
import { parseActionValue } from '../../../src/cards/model.js';
import type { HandoffAction } from '../../../src/domain/lifecycle.js';
import type { Handoff } from '../../../src/domain/types.js';
import type { Result } from '../../../src/services/deps.js';
import { helpView } from '../../../src/views/help.js';
import { TRANSLATE_ACTION } from '../blocks/translate.js';
import { mayWaitBehindAck } from '../door.js';
import { built, messageText, SLOT } from '../escape.js';
import { ACTION_PREFIX, type ModalMeta, valueFromBlockId } from '../ids.js';
import {
  type Caller,
  callerOf,
  detach,
  openModal,
  type Reply,
  replyTo,
  type SlackRuntime,
} from '../runtime.js';
import { customerName, failureReply, guarded, sentWhere, unknownUser, viewReply } from './common.js';
import { DASHBOARD_ACTION, sendDashboardLinkByDm } from './dashboard.js';
import { publishHome } from './home.js';
import { actionModal, customerContactModal, precheck, reassignModalFor } from './open-modals.js';
import { pickCustomerView } from './phrases.js';
import { translateClick } from './translate.js';

interface ElementAction {
  action_id: string;
  block_id?: string;
  value?: string;
  selected_user?: string;
  selected_option?: { value: string } | null;
}

interface Click {
  caller: Caller;
  triggerId: string;
  responseUrl?: string;
  fromHome: boolean;
  send(r: Reply): Promise<void>;
}

/**
 * Buttons and selects on cards, reminders, proposals and the App Home. The
 * click is acknowledged first; the person's confirmation is sent only after
 * the service's commit resolved (it is durable then), and the card itself
 * is updated in place by the outbox.
 */
export function registerActions(rt: SlackRuntime): void {
  rt.app.action({ action_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const caller = callerOf(rt, body.user.id);
    const fromHome = body.view?.type === 'home';
    const responseUrl = body.response_url || undefined;
    const click: Click = {
      caller,
      triggerId: body.trigger_id,
      ...(responseUrl ? { responseUrl } : {}),
      fromHome,
      send: async (r) => {
        detach(rt, async () => {
          await replyTo(rt, caller, responseUrl, r);
          if (fromHome && caller.person) await publishHome(rt, caller.userId);
        });
      },
    };
    const a = action as ElementAction;
    // A link button opened Baton's page in the browser; Slack reports the click, there is nothing to do.
    if (a.action_id.startsWith(`${ACTION_PREFIX}open:`)) return;
    if (a.action_id === DASHBOARD_ACTION)
      return guarded(rt, caller, click.send, () => sendDashboardLinkByDm(rt, caller));
    if (a.action_id === TRANSLATE_ACTION)
      return guarded(rt, caller, click.send, () => translateClick(rt, caller, a.value ?? '', click.send));
    // Buttons that may wait behind their ack open no modal; every other may (Reassign, Decline, ...).
    const opensModal = !mayWaitBehindAck(body as unknown as Record<string, unknown>);
    await guarded(rt, caller, click.send, () => runAction(rt, click, a, body.container ?? {}, body.message), {
      opensModal,
    });
  });
}

async function runAction(
  rt: SlackRuntime,
  click: Click,
  a: ElementAction,
  container: Record<string, unknown>,
  message: { ts: string; thread_ts?: string } | undefined,
): Promise<void> {
  const { caller } = click;
  const id = a.action_id.slice(ACTION_PREFIX.length);
  if (!caller.person) return click.send(unknownUser(rt, caller));
  const meta: ModalMeta = {
    ...(click.responseUrl ? { r: click.responseUrl } : {}),
    ...(click.fromHome ? { home: 1 } : {}),
  };
  if (id === 'start-phrase') {
    const channel = typeof container.channel_id === 'string' ? container.channel_id : '';
    const view = pickCustomerView(rt, caller, a.value ?? '', {
      ...meta,
      sc: channel,
      sm: message?.thread_ts ?? message?.ts ?? '',
    });
    if (!view) return click.send(viewReply(rt, helpView(caller.locale, 'both')));
    return openModal(rt, caller, click.triggerId, view, click.send);
  }
  const parsed = parseActionValue(a.value ?? valueFromBlockId(a.block_id) ?? '');
  if (!parsed) return click.send(viewReply(rt, helpView(caller.locale, 'both')));
  if (parsed.customerId !== undefined) {
    if (id === 'contact') {
      const view = await customerContactModal(rt, caller, parsed.customerId, meta);
      return openModal(rt, caller, click.triggerId, view, click.send);
    }
    return click.send(viewReply(rt, helpView(caller.locale, 'both')));
  }
  const h = await rt.services.deps.store.getHandoff(parsed.handoffId);
  if (!h) return click.send(failureReply(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
  const input = { handoffId: h.id, actor: caller.person, version: parsed.version };
  switch (id) {
    case 'decline':
    case 'contact':
    case 'confirm':
    case 'resend': {
      const refused = precheck(rt, caller, h, id);
      if (refused) return click.send(failureReply(rt, caller, refused, { handoff: h, action: id }));
      return openModal(rt, caller, click.triggerId, await actionModal(rt, caller, h, id, meta), click.send);
    }
    case 'accept':
      return finish(rt, click, h, 'accept', await rt.services.accept(input));
    case 'complete':
      return finish(rt, click, h, 'complete', await rt.services.complete(input));
    case 'cancel':
      return finish(rt, click, h, 'cancel', await rt.services.cancel(input));
    case 'reassign': {
      if (a.selected_user === undefined) {
        // The card's Reassign button: a modal with who speaks the customer's language.
        const refused = precheck(rt, caller, h, id);
        if (refused) return click.send(failureReply(rt, caller, refused, { handoff: h, action: id }));
        const view = await reassignModalFor(rt, caller, h, meta);
        if (typeof view === 'string') return click.send({ text: messageText(view) });
        return openModal(rt, caller, click.triggerId, view, click.send);
      }
      // A people picker on a card posted before the button: Slack gives the user id.
      const to = rt.dir.personByPlatformId('slack', a.selected_user);
      if (!to) {
        // Slack's own picker gave the id: shown as a mention, Slack names the person.
        const id = /^[UW][A-Z0-9]{1,20}$/.test(a.selected_user ?? '') ? a.selected_user : undefined;
        return click.send(
          failureReply(
            rt,
            caller,
            { code: 'PERSON_NOT_FOUND', vars: { person: id ? SLOT : '?' } },
            {},
            id ? built(`<@${id}>`) : undefined,
          ),
        );
      }
      return finish(rt, click, h, 'reassign', await rt.services.reassign({ ...input, to }));
    }
    case 'snooze': {
      const duration = a.selected_option?.value ?? '';
      return finish(rt, click, h, 'snooze', await rt.services.snooze({ ...input, duration }), duration);
    }
    default:
      return click.send(viewReply(rt, helpView(caller.locale, 'both')));
  }
}

/** The person's confirmation after the commit, or why nothing changed. */
export async function finish(
  rt: SlackRuntime,
  click: Pick<Click, 'caller' | 'send'>,
  before: Handoff,
  action: HandoffAction,
  r: Result<Handoff>,
  detail?: string,
): Promise<void> {
  const { caller } = click;
  if (!r.ok) {
    const now = (await rt.services.deps.store.getHandoff(before.id)) ?? before;
    return click.send(failureReply(rt, caller, r.failure, { handoff: now, action }));
  }
  const h = r.value;
  const customer = await customerName(rt, h.customerId);
  return click.send(
    sentWhere(rt, h, (where) =>
      confirmationText({
        dir: rt.dir,
        now: rt.services.deps.clock.now(),
        reader: caller,
        action,
        handoff: h,
        customer,
        where,
        ...(detail !== undefined ? { detail } : {}),
      }),
    ),
  );
}
