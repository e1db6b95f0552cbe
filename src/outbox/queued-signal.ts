import type { ChangeSet, Store } from '../store/store.js';
import { withCommit } from '../store/with-commit.js';

/**
 * A store that says when a commit queued something new to send (a card, a
 * reminder, a confirmation), so that the outbox claims it now instead of at
 * its next interval (a second by default): a card posts as soon as its
 * handoff is durable. Retries and sends marked done are not new.
 */
export function signallingQueued(store: Store): { store: Store; onQueued(listener: () => void): void } {
  let listener: (() => void) | undefined;
  const commit: Store['commit'] = async (change) => {
    const r = await store.commit(change);
    if (r.ok && queuesNew(change)) listener?.();
    return r;
  };
  return {
    store: withCommit(store, commit),
    onQueued: (l) => {
      listener = l;
    },
  };
}

function queuesNew(change: ChangeSet): boolean {
  for (const d of change.deliveries ?? []) if (d.status === 'pending' && d.attempts === 0) return true;
  return false;
}
