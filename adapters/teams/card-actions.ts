import { parseActionValue } from '../../src/cards/model.js';
import type { HandoffAction } from '../../src/domain/lifecycle.js';
import { CONTACT_CHANNELS, type ContactChannel, type Handoff } from '../../src/domain/types.js';
import type { Result } from '../../src/services/deps.js';
import { queueView } from '../../src/views/queue.js';
import { readerFor } from '../../src/views/reader.js';
import { cardAnswer, currentCard, type InvokeAnswer, messageAnswer, withBanner } from './answers.js';
import { type ActionData, inputId } from './cards/actions.js';
import { contactText, okText } from './confirmations.js';
import { viewCard } from './render.js';
import { type Caller, failureText, type TeamsRuntime } from './runtime.js';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function channelOf(v: unknown): ContactChannel {
  const c = str(v).toLowerCase();
  return (CONTACT_CHANNELS as readonly string[]).includes(c) ? (c as ContactChannel) : 'call';
}

/**
 * Accept, Decline, Reassign, Log contact, Snooze, Complete, Cancel on a card
 * or a reminder. On the handoff's card the answer is the card in its new
 * state (the outbox brings every other copy up to date); on a single
 * reminder, the current card with the person's confirmation on top; in a
 * digest or a view, the confirmation alone, leaving the other items be.
 */
export async function runCardAction(
  rt: TeamsRuntime,
  caller: Caller & { person: string },
  verb: HandoffAction,
  data: Partial<ActionData> & Record<string, unknown>,
): Promise<InvokeAnswer> {
  const parsed = parseActionValue(str(data.v));
  const field = (name: string) => data[inputId(name, typeof data.n === 'number' ? data.n : undefined)];
  if (!parsed) return messageAnswer(failureText(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
  if (parsed.customerId !== undefined) {
    if (verb !== 'contact')
      return messageAnswer(failureText(rt, caller, { code: 'WRONG_STATE', vars: { state: '' } }));
    const channel = channelOf(field('channel'));
    const note = str(field('note'));
    const r = await rt.services.logCustomerContact({
      customerId: parsed.customerId,
      actor: caller.person,
      channel,
      ...(note ? { note } : {}),
      source: 'teams',
    });
    if (!r.ok) return messageAnswer(failureText(rt, caller, r.failure));
    return messageAnswer(contactText(caller, channel, r.value.customer.name));
  }
  const before = await rt.store.getHandoff(parsed.handoffId);
  if (!before) return messageAnswer(failureText(rt, caller, { code: 'HANDOFF_NOT_FOUND', vars: {} }));
  const input = { handoffId: before.id, actor: caller.person, version: parsed.version };
  let r: Result<Handoff>;
  let detail: string | undefined;
  switch (verb) {
    case 'accept':
      r = await rt.services.accept(input);
      break;
    case 'decline':
      r = await rt.services.decline({ ...input, reason: str(field('reason')) });
      break;
    case 'reassign':
      r = await rt.services.reassign({ ...input, to: str(field('person')) });
      break;
    case 'snooze':
      detail = str(field('duration'));
      r = await rt.services.snooze({ ...input, duration: detail });
      break;
    case 'contact': {
      const channel = channelOf(field('channel'));
      const note = str(field('note'));
      detail = channel;
      r = await rt.services.logHandoffContact({
        ...input,
        channel,
        ...(note ? { note } : {}),
        source: 'teams',
      });
      break;
    }
    case 'complete':
      r = await rt.services.complete(input);
      break;
    case 'cancel':
      r = await rt.services.cancel(input);
      break;
    default:
      return messageAnswer(failureText(rt, caller, { code: 'WRONG_STATE', vars: { state: before.state } }));
  }
  if (!r.ok) {
    const now = (await rt.store.getHandoff(before.id)) ?? before;
    return messageAnswer(failureText(rt, caller, r.failure, now));
  }
  const customer = (await rt.store.getCustomer(r.value.customerId))?.name ?? r.value.customerId;
  const text = okText(rt, caller, verb, r.value, customer, detail);
  return answerAfter(rt, caller, data, r.value, text);
}

/** The answer to a change that went through, by what the button sat on. */
export async function answerAfter(
  rt: TeamsRuntime,
  caller: Caller,
  data: Partial<ActionData>,
  h: Handoff,
  text: string,
): Promise<InvokeAnswer> {
  if (data.k === 'card') {
    const card = await currentCard(rt, h, data.r);
    if (!card) return messageAnswer(text);
    // A card in a channel is everyone's: the confirmation goes on it only in the person's own chat.
    return cardAnswer(data.r === `person:${caller.person}` ? withBanner(card, text) : card);
  }
  if (data.k === 'notice' && data.n === undefined) {
    const card = await currentCard(rt, h, `person:${caller.person}`);
    return card ? cardAnswer(withBanner(card, text)) : messageAnswer(text);
  }
  // The queue pressed in: shown as it is now, so its buttons are those the handoff still has.
  if (data.k === 'view' && data.w === 'queue' && caller.person) {
    const view = queueView(await rt.services.myQueue(caller.person), readerFor(rt.services.deps, caller));
    return cardAnswer(withBanner(await viewCard(rt, view, `person:${caller.person}`, 'queue'), text));
  }
  return messageAnswer(text);
}
