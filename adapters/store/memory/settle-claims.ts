import type { ChangeSet, CommitResult, Store } from '../../../src/store/store.js';
import type { HotState } from './state.js';

/**
 * `Store.settleClaims` for the stores built on the hot state (memory, data file). As with the
 * "being sent" mark, the check and the commit's apply run in one turn of the event loop, so no
 * claim can come between them.
 */
export function settleClaimsThrough(
  state: HotState,
  commit: (change: ChangeSet) => Promise<CommitResult>,
): Store['settleClaims'] {
  return async (claims, opts) => {
    const still = state.stillClaimed(claims, opts.owner);
    if (still.length === 0) return [];
    const r = await commit({ deliveries: still.map((c) => c.delivery) });
    return r.ok ? still.map((c) => c.delivery.id) : [];
  };
}
