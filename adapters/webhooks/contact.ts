import type { Handoff, InboundEvent } from '../../src/domain/types.js';
import { customerAudit } from '../../src/services/audit.js';
import { logRecordedContact } from '../../src/services/contacts.js';
import { matchCustomer } from '../../src/services/customer-upsert.js';
import type { Services } from '../../src/services/index.js';
import { personByEmail } from './match.js';
import { markProcessed, type Processed } from './settle.js';
import { type Signal, SignalError } from './source.js';

/** When a handoff started owing its customer a contact: what happened before does not count for it. */
const startOf = (h: Handoff) => h.openedAt ?? h.createdAt;

/**
 * A contact a system reports (a call logged in the CRM, a `contact.logged`
 * event). While a handoff is owed its first contact, it counts for it as the
 * button does, unless it happened before that handoff started; otherwise it
 * is a touchpoint on the customer (restarting a cadence). The person is
 * matched by email; without a match the system made it.
 */
export async function logContact(services: Services, e: InboundEvent, signal: Signal): Promise<Processed> {
  const { deps } = services;
  const actor = `webhook:${signal.system}`;
  const contact = signal.contact ?? { channel: 'call' as const };
  const { channel, note } = contact;
  const by = personByEmail(deps.dir, contact.byEmail);
  let m = await matchCustomer(deps, signal.customer);
  if (m.created) {
    if (contact.onlyWhenOwed)
      return markProcessed(services, e, { outcome: 'not counted: not a customer Baton knows' });
    const at = deps.clock.now().toISOString();
    const r = await deps.store.commit({
      customers: [{ value: m.customer, expectedVersion: null }],
      audit: [customerAudit(deps.ids, at, actor, 'customer.created', m.customer.id)],
    });
    if (!r.ok) throw new SignalError(`the customer could not be created: ${r.reason}`, true);
    m = { ...m, created: false };
  }
  const customerId = m.customer.id;
  const now = deps.clock.now().toISOString();
  const when = signal.occurredAt < now ? signal.occurredAt : now;
  const logged: Processed = { outcome: `contact logged (${channel})`, customerId };
  // A touchpoint from this source at this instant with this note is this event, logged before a crash.
  const seen = (await deps.store.history(customerId, { limit: 500 })).some(
    (h) =>
      h.kind === 'touchpoint' &&
      h.entry.source === signal.system &&
      h.entry.channel === channel &&
      (h.entry.note ?? '') === (note ?? '') &&
      h.entry.at === when,
  );
  if (seen) return markProcessed(services, e, logged);

  // What the system reported, the same whether it counts for a handoff or for the customer.
  const reported = {
    actor,
    ...(by ? { by } : {}),
    channel,
    ...(note ? { note } : {}),
    source: signal.system,
    at: when,
  };
  const live = await deps.store.listHandoffs({ customerId, states: ['open', 'accepted'] });
  if (live.length > 0) {
    const owed = live
      .filter((h) => startOf(h) <= when)
      .sort((a, b) => startOf(a).localeCompare(startOf(b)))[0];
    if (!owed) return markProcessed(services, e, { outcome: 'before the handoff; not counted', customerId });
    const r = await logRecordedContact(deps, { ...reported, handoffId: owed.id });
    // WRONG_STATE: someone logged it meanwhile; the next attempt finds the handoff contacted.
    if (!r.ok)
      throw new SignalError(
        `the contact could not be logged on handoff ${owed.id}: ${r.failure.code}`,
        r.failure.code === 'BUSY' || r.failure.code === 'WRONG_STATE',
        `CONTACT_${r.failure.code}`,
      );
    return markProcessed(services, e, {
      outcome: `contact logged (${channel}) on handoff ${owed.id}${by ? ` by ${by}` : ''}`,
      customerId,
    });
  }
  if (contact.onlyWhenOwed && !m.customer.postPurchase)
    return markProcessed(services, e, { outcome: 'not counted: no open handoff or cadence', customerId });
  const r = await services.logCustomerContact({ ...reported, customerId });
  if (!r.ok)
    throw new SignalError(
      `the contact could not be logged: ${r.failure.code}`,
      r.failure.code === 'BUSY',
      `CONTACT_${r.failure.code}`,
    );
  return markProcessed(services, e, logged);
}
