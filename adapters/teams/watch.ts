import type { Activity } from 'botbuilder';
import { customerIn, matchPhrase } from '../../src/commands/phrases.js';
import { isLive } from '../../src/domain/lifecycle.js';
import { samePair } from '../../src/services/segment-pick.js';
import { baseConversationId, channelIdOf, threadRoot } from './activity.js';
import { renderStartCard } from './cards/forms.js';
import { cardActivity } from './render.js';
import type { Caller, TeamsRuntime } from './runtime.js';

/**
 * Channel watching: a playbook phrase in a message that @mentions Baton, or
 * in a channel Baton may read (resource-specific consent), gets a proposal
 * in its thread, never a handoff on its own. With a known customer named in
 * the message, the core proposes (its proposal card, with Start and Cancel,
 * comes through the outbox); without one, Baton answers at once with a Start
 * card that asks which customer and then opens the handoff form.
 *
 * Returns the reply to post in the thread, if any; `false` when no phrase matched.
 */
export async function watchMessage(
  rt: TeamsRuntime,
  caller: Caller,
  a: Partial<Activity>,
  text: string,
): Promise<Partial<Activity> | undefined | false> {
  const channel = channelIdOf(a);
  if (!matchPhrase(rt.dir, text, channel)) return false;
  // Only people Baton knows hand customers over; a stranger's message is not a moment.
  if (!caller.person) return undefined;
  const named = customerIn(text, await rt.store.customerNames());
  const customer = named ? await rt.store.getCustomer(named.id) : undefined;
  const pb = matchPhrase(rt.dir, text, channel, customer);
  if (!pb) {
    rt.log.info({ channel, customerId: customer?.id }, 'phrase seen, the customer fits no segment');
    return undefined;
  }
  const thread = threadRoot(a);
  if (!customer) {
    const locale = rt.dir.teamLocale(pb.from);
    const route = `${rt.dir.teamName(pb.from)} → ${rt.dir.teamName(pb.to)}`;
    const phrase = { sc: channel, sm: thread };
    return cardActivity(renderStartCard({ locale, route, playbook: pb.id, phrase }), route);
  }
  const live = (await rt.store.listHandoffs({ customerId: customer.id })).some(
    (h) => samePair(rt.dir, h, pb) && isLive(h.state) && h.state !== 'declined',
  );
  if (live) return undefined;
  const r = await rt.services.startHandoff({
    actor: caller.person,
    customer: { id: customer.id },
    to: { team: pb.to },
    from: pb.from,
    playbook: pb.id,
    source: { kind: 'phrase', platform: 'teams', channel, messageId: a.id ?? thread },
    propose: true,
    proposeIn: {
      platform: 'teams',
      conversationId: baseConversationId(a.conversation?.id ?? channel),
      threadId: thread,
      ...(a.serviceUrl ? { serviceUrl: a.serviceUrl } : {}),
    },
  });
  if (!r.ok) rt.log.info({ code: r.failure.code, channel }, 'phrase seen, no proposal');
  return undefined;
}
