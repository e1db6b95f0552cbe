import type { Delivery } from '../../../src/domain/types.js';
import type { ChangeSet, CommitResult, Store } from '../../../src/store/store.js';
import type { HotState } from './state.js';

/**
 * `Store.markDeliveriesSending` for the stores built on the hot state (memory,
 * data file). The lease check and the commit's apply run in one turn of the
 * event loop (a commit validates and applies before its first await), so no
 * claim can come between them.
 */
export function markSendingThrough(
  state: HotState,
  commit: (change: ChangeSet) => Promise<CommitResult>,
): Store['markDeliveriesSending'] {
  return async (marks, now, opts) => {
    const held = state.heldDeliveries(
      marks.map((m) => m.id),
      now,
      opts.owner,
    );
    const byId = new Map(held.map((d) => [d.id, d]));
    const marked: Delivery[] = [];
    for (const m of marks) {
      const d = byId.get(m.id);
      if (d) marked.push({ ...d, sendingSince: m.sendingSince });
    }
    if (marked.length === 0) return [];
    const r = await commit({ deliveries: marked });
    return r.ok ? marked.map((d) => d.id) : [];
  };
}
