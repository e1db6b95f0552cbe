import type { types } from '@slack/bolt';
import { customerIn, matchPhrase } from '../../../src/commands/phrases.js';
import { fieldLabel, t } from '../../../src/i18n/translate.js';
import { samePair } from '../../../src/services/segment-pick.js';
import { LIMIT, md, plain } from '../blocks/text.js';
import { messageText, outside } from '../escape.js';
import { actionId, type ModalMeta } from '../ids.js';
import { pickCustomerModal } from '../modals/inputs.js';
import { type Caller, callerOf, type SlackRuntime } from '../runtime.js';

interface MessageEvent {
  type: 'message';
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
}

/**
 * Channel watching: a playbook phrase in a channel message gets a proposal in
 * its thread, never a handoff on its own. With a customer named in the
 * message, the core proposes (a card-like proposal through the outbox);
 * without one, Baton asks which customer with a Start button.
 */
export async function onChannelMessage(
  rt: SlackRuntime,
  event: unknown,
  retryNum: number | undefined,
): Promise<void> {
  // Slack redelivers an event it thinks was lost: the first delivery already answered.
  if (retryNum) return;
  const m = event as MessageEvent;
  const { user, text } = m;
  if (m.subtype || m.bot_id || !user || !text) return;
  if (m.channel_type !== 'channel' && m.channel_type !== 'group') return;
  try {
    await rt.work.add(() => onMessage(rt, { ...m, user, text }));
  } catch (err) {
    rt.log.error({ err, channel: m.channel }, 'could not look at a Slack channel message');
  }
}

async function onMessage(rt: SlackRuntime, m: MessageEvent & { user: string; text: string }): Promise<void> {
  if (!matchPhrase(rt.dir, m.text, m.channel)) return;
  const caller = callerOf(rt, m.user);
  // Only people Baton knows can hand customers over; a stranger's message is not a moment.
  if (!caller.person) return;
  const store = rt.services.deps.store;
  const named = customerIn(m.text, await store.customerNames());
  const customer = named ? await store.getCustomer(named.id) : undefined;
  const pb = matchPhrase(rt.dir, m.text, m.channel, customer);
  if (!pb) {
    rt.log.info(
      { channel: m.channel, customerId: customer?.id },
      'phrase seen, the customer fits no segment',
    );
    return;
  }
  const thread = m.thread_ts ?? m.ts;
  if (!customer) return askForCustomer(rt, m.channel, thread, pb.id, pb.from, pb.to);
  const live = (await store.listHandoffs({ customerId: customer.id })).some(
    (h) => samePair(rt.dir, h, pb) && h.state !== 'declined' && h.state !== 'done' && h.state !== 'cancelled',
  );
  if (live) return;
  const r = await rt.services.startHandoff({
    actor: caller.person,
    customer: { id: customer.id },
    to: { team: pb.to },
    from: pb.from,
    playbook: pb.id,
    source: { kind: 'phrase', platform: 'slack', channel: m.channel, messageId: m.ts },
    propose: true,
    proposeIn: { platform: 'slack', conversationId: m.channel, threadId: thread },
  });
  if (!r.ok) rt.log.info({ code: r.failure.code, channel: m.channel }, 'phrase seen, no proposal');
}

async function askForCustomer(
  rt: SlackRuntime,
  channel: string,
  thread: string,
  playbook: string,
  from: string,
  to: string,
) {
  const locale = rt.dir.teamLocale(from);
  const title = t(locale, 'proposal.title');
  const route = `${rt.dir.teamName(from)} → ${rt.dir.teamName(to)}`;
  await rt.client.chat.postMessage({
    channel,
    thread_ts: thread,
    text: messageText(`${title} ${route}`),
    blocks: [
      { type: 'section', text: md(route, LIMIT.sectionText, `:handshake: *${outside(title, 200)}*\n`) },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: actionId('start-phrase'),
            style: 'primary',
            text: plain(t(locale, 'action.confirm'), LIMIT.buttonText),
            value: playbook,
          },
        ],
      },
    ],
  });
}

/** The Start button of a proposal without a customer: which customer, then the handoff form. */
export function pickCustomerView(
  rt: SlackRuntime,
  caller: Caller,
  playbook: string,
  meta: ModalMeta,
): types.ModalView | undefined {
  const pb = rt.dir.playbook(playbook);
  if (!pb) return undefined;
  const heading = `${rt.dir.teamName(pb.from)} → ${rt.dir.teamName(pb.to)}`;
  return pickCustomerModal(caller.locale, heading, fieldLabel('customer', caller.locale), {
    ...meta,
    pb: pb.id,
  });
}
