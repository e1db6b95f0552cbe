import type { InboundEvent } from '../../src/domain/types.js';
import type { Services } from '../../src/services/index.js';

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

export async function markProcessed(services: Services, e: InboundEvent, p: Processed): Promise<Processed> {
  const r = await services.deps.store.commit({ inbound: [{ value: finished(e, p), expectExisting: true }] });
  if (!r.ok) throw new Error(`the event could not be marked processed: ${r.reason}`);
  return p;
}
