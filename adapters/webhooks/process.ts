import { type SegmentSubject, subjectOf } from '../../src/domain/segment-match.js';
import type { Handoff, InboundEvent } from '../../src/domain/types.js';
import { customerAudit } from '../../src/services/audit.js';
import { matchCustomer } from '../../src/services/customer-upsert.js';
import type { Services } from '../../src/services/index.js';
import { samePair } from '../../src/services/segment-pick.js';
import type { ChangeSet } from '../../src/store/store.js';
import { logContact } from './contact.js';
import { isTriggered, matchPlaybook } from './match.js';
import { finished, markProcessed, type Processed } from './settle.js';
import { type Signal, SignalError } from './source.js';

export { finished, type Processed } from './settle.js';

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
  const source = { kind: 'event' as const, system: signal.system, eventId: signal.eventId };
  const subject = subjectOf(known.customer, signal.context, source);
  const pb = matchPlaybook(dir, signal, known.created ? undefined : known.customer.team, subject);
  if (!pb)
    return recordOnTimeline(
      services,
      e,
      signal,
      'event.recorded',
      isTriggered(dir, signal)
        ? `no segment of the playbooks it triggers fits the customer (${describeSubject(subject)}); add a playbook without when: as the default`
        : 'no playbook is triggered by it',
    );
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
    live = handoffs.find((h) => samePair(dir, h, pb) && h.state !== 'declined');
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
    source,
    playbook: pb.id,
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

/** What a customer was matched on, for the timeline's reason: attributes, never names or contacts. */
function describeSubject(s: SegmentSubject): string {
  const parts = [
    s.tier ? `tier ${s.tier}` : 'no tier',
    ...(s.region ? [`region ${s.region}`] : []),
    ...(s.dealValue !== undefined ? [`dealValue ${s.dealValue}`] : []),
    ...(s.language ? [`language ${s.language}`] : []),
  ];
  return parts.join(', ');
}
