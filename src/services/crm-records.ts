import type { CrmRecordEvent, Customer, Delivery, Handoff } from '../domain/types.js';
import { type DeliveryContext, newDelivery } from './deliveries.js';
import type { ServiceDeps } from './deps.js';

/**
 * One write-back per connected system of record that knows this customer:
 * queued in the same commit as the change, carried later by the outbox, so a
 * system of record that is down never keeps a person waiting. Keyed by the
 * handoff's version, so a change is written once however often it is retried.
 */
export function recordWrites(
  deps: Pick<ServiceDeps, 'recordSystems'>,
  ctx: DeliveryContext,
  handoff: Handoff,
  customer: Customer | undefined,
  note: { event: CrmRecordEvent; actor?: string; detail?: string },
  /** The system that told Baton of this change (a contact it reported): it is not told back. */
  reportedBy?: string,
): Delivery[] {
  if (!customer) return [];
  const out: Delivery[] = [];
  for (const system of deps.recordSystems ?? []) {
    if (system.name === reportedBy) continue;
    const recordKey = system.keys.find((k) => Object.hasOwn(customer.externalIds, k));
    const recordId = recordKey ? customer.externalIds[recordKey] : undefined;
    if (!recordKey || !recordId) continue;
    out.push(
      newDelivery(
        ctx,
        `${handoff.id}:v${handoff.version}:record:${system.name}`,
        system.name,
        // One conversation per handoff: its writes go out in the order they happened.
        { kind: 'address', conversationId: `${system.name}:${handoff.id}` },
        {
          type: 'crm-record',
          handoffId: handoff.id,
          event: note.event,
          system: system.name,
          recordKey,
          recordId,
          ...(note.actor ? { actor: note.actor } : {}),
          ...(note.detail ? { detail: note.detail } : {}),
        },
      ),
    );
  }
  return out;
}
