import type { Handoff } from '../domain/types.js';
import type { Store } from '../store/store.js';

/**
 * Who declined a handoff: the handoff keeps only the reason, the audit log
 * the actor. Read only for declined handoffs, whose card names the person.
 * Undefined when the entry is no longer among the customer's recent history.
 */
export async function declinedBy(store: Store, h: Handoff): Promise<string | undefined> {
  if (h.state !== 'declined') return undefined;
  const history = await store.history(h.customerId, { limit: 50 });
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (e?.kind === 'audit' && e.entry.action === 'handoff.declined' && e.entry.subject.id === h.id)
      return e.entry.actor === 'system' ? undefined : e.entry.actor;
  }
  return undefined;
}
