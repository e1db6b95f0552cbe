import type { Handoff, InboundEvent } from '../../src/domain/types.js';
import { customerAudit } from '../../src/services/audit.js';
import { matchCustomer } from '../../src/services/customer-upsert.js';
import type { Services } from '../../src/services/index.js';
import type { ChangeSet } from '../../src/store/store.js';
import { matchPlaybook } from './match.js';
import { type Signal, SignalError } from './source.js';

export interface Processed {
  outcome: string;
  customerId?: string;
}

/** The event as finished: its payload is dropped, it was only kept to survive a crash. */
export function finished(e: InboundEvent, p: Processed): InboundEvent {
  const { payload: _payload, leaseUntil: _lease, leaseOwner: _owner, ...rest } = e;
  return {
    ...rest,
    status: 'processed',
    outcome: p.outcome,
    ...(p.customerId ? { customerId: p.customerId } : {}),
    attempts: e.attempts + 1,
  };
}

const systemLabel: Record<Signal['system'], string> = {
  events: 'Event',
  hubspot: 'HubSpot',
  stripe: 'Stripe',
  salesforce: 'Salesforce',
};

/**
 * Does what a moment means, and marks its event processed. Exactly once:
 * the timeline entry, customer update, started handoff or note is committed
 * together with the event's `processed` mark. Before starting a handoff the
 * customer's live handoffs are still searched for this event (as their
 * source, or in a note): events settled by a Baton that committed the two
 * apart are found there after a crash.
 */
export async function processSignal(services: Services, e: InboundEvent, signal: Signal): Promise<Processed> {
  if (signal.type === 'customer.updated') return recordOnTimeline(services, e, signal, 'customer.updated');
  if (signal.type === 'contact.logged') return logContact(services, e, signal);
  if (signal.recordOnly) return recordOnTimeline(services, e, signal, 'event.recorded', signal.recordOnly);
  return startOrNote(services, e, signal);
}

async function startOrNote(services: Services, e: InboundEvent, signal: Signal): Promise<Processed> {
  const { store, dir } = services.deps;
  const known = await matchCustomer(services.deps, signal.customer);
  const pb = matchPlaybook(dir, signal, known.created ? undefined : known.customer.team);
  if (!pb) return recordOnTimeline(services, e, signal, 'event.recorded', 'no playbook is triggered by it');
  const marker = `[${signal.system} ${signal.eventId}]`;
  const processed = startedOutcome(pb.id);
  let live: Handoff | undefined;
  if (!known.created) {
    const handoffs = await store.listHandoffs({ customerId: known.customer.id });
    const done = handoffs.find(
      (h) =>
        (h.source.kind === 'event' &&
          h.source.system === signal.system &&
          h.source.eventId === signal.eventId) ||
        h.notes.some((n) => n.text.includes(marker)),
    );
    if (done)
      return markProcessed(services, e, {
        outcome: `handoff ${done.id} (already done)`,
        customerId: done.customerId,
      });
    live = handoffs.find((h) => h.playbook === pb.id && h.state !== 'declined');
  }
  const r = await services.startHandoff({
    actor: 'system',
    customer: { data: signal.customer },
    from: pb.from,
    to: { team: pb.to },
    context: signal.context,
    // On a card already in flight the note says what happened again, with the event it came from.
    note: live
      ? `${systemLabel[signal.system]}: ${signal.headline} ${marker}`
      : `${systemLabel[signal.system]}: ${signal.headline}`,
    source: { kind: 'event', system: signal.system, eventId: signal.eventId },
    occurredAt: signal.occurredAt,
    settles: (r) => finished(e, processed(r)),
  });
  if (!r.ok) {
    const why = `${r.failure.code} ${JSON.stringify(r.failure.vars)}`;
    throw new SignalError(
      `the handoff could not start: ${why}`,
      r.failure.code === 'BUSY',
      `HANDOFF_${r.failure.code}`,
    );
  }
  return processed(r.value);
}

function startedOutcome(playbook: string) {
  return ({ handoff, created }: { handoff: Handoff; created: boolean }): Processed => ({
    outcome: created
      ? `handoff ${handoff.id} ${handoff.state} (${playbook})`
      : `noted on handoff ${handoff.id} (${playbook})`,
    customerId: handoff.customerId,
  });
}

async function recordOnTimeline(
  services: Services,
  e: InboundEvent,
  signal: Signal,
  action: 'event.recorded' | 'customer.updated',
  reason?: string,
): Promise<Processed> {
  const { deps } = services;
  const actor = `webhook:${signal.system}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const m = await matchCustomer(deps, signal.customer);
    if (signal.onlyKnownCustomer && m.created) {
      return markProcessed(services, e, { outcome: 'ignored: not a customer Baton knows' });
    }
    const at = deps.clock.now().toISOString();
    const details: Record<string, unknown> = {
      system: signal.system,
      eventId: signal.eventId,
      type: signal.type,
      headline: signal.headline,
      occurredAt: signal.occurredAt,
      ...(signal.stage
        ? { stage: signal.stage.id, ...(signal.stage.label ? { stageLabel: signal.stage.label } : {}) }
        : {}),
      ...(reason ? { reason } : {}),
    };
    const p: Processed = {
      outcome: action === 'customer.updated' ? 'customer updated' : `recorded: ${reason ?? signal.type}`,
      customerId: m.customer.id,
    };
    const change: ChangeSet = {
      customers: [{ value: m.customer, expectedVersion: m.expectedVersion }],
      audit: [
        ...(m.created ? [customerAudit(deps.ids, at, actor, 'customer.created', m.customer.id)] : []),
        customerAudit(deps.ids, at, actor, action, m.customer.id, details),
      ],
      inbound: [{ value: finished(e, p), expectExisting: true }],
    };
    const result = await deps.store.commit(change);
    if (result.ok) return p;
    if (result.reason !== 'conflict') throw new Error(`commit refused: ${result.reason}`);
  }
  throw new SignalError('the customer kept changing under the update', true);
}

async function logContact(services: Services, e: InboundEvent, signal: Signal): Promise<Processed> {
  const { deps } = services;
  const actor = `webhook:${signal.system}`;
  let m = await matchCustomer(deps, signal.customer);
  if (m.created) {
    const at = deps.clock.now().toISOString();
    const r = await deps.store.commit({
      customers: [{ value: m.customer, expectedVersion: null }],
      audit: [customerAudit(deps.ids, at, actor, 'customer.created', m.customer.id)],
    });
    if (!r.ok) throw new SignalError(`the customer could not be created: ${r.reason}`, true);
    m = { ...m, created: false };
  }
  const customerId = m.customer.id;
  const channel = signal.contact?.channel ?? 'call';
  const note = signal.contact?.note;
  const when = signal.occurredAt < deps.clock.now().toISOString() ? signal.occurredAt : undefined;
  // A touchpoint by this source at this instant with this note is this event, logged before a crash.
  const seen = (await deps.store.history(customerId, { limit: 500 })).some(
    (h) =>
      h.kind === 'touchpoint' &&
      h.entry.by === actor &&
      h.entry.channel === channel &&
      (h.entry.note ?? '') === (note ?? '') &&
      when !== undefined &&
      h.entry.at === when,
  );
  if (!seen) {
    const r = await services.logCustomerContact({
      customerId,
      actor,
      channel,
      ...(note ? { note } : {}),
      source: signal.system,
      ...(when ? { at: when } : {}),
    });
    if (!r.ok)
      throw new SignalError(
        `the contact could not be logged: ${r.failure.code}`,
        r.failure.code === 'BUSY',
        `CONTACT_${r.failure.code}`,
      );
  }
  return markProcessed(services, e, { outcome: `contact logged (${channel})`, customerId });
}

async function markProcessed(services: Services, e: InboundEvent, p: Processed): Promise<Processed> {
  const r = await services.deps.store.commit({ inbound: [{ value: finished(e, p), expectExisting: true }] });
  if (!r.ok) throw new Error(`the event could not be marked processed: ${r.reason}`);
  return p;
}
