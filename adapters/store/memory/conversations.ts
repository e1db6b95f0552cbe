import type { Delivery } from '../../../src/domain/types.js';
import { conversationKey } from '../../../src/outbox/conversation.js';

type Queued = Pick<Delivery, 'id' | 'createdAt' | 'nextAttemptAt'>;

/**
 * Per conversation, what a claim capped per conversation must know without
 * looking at every delivery: which deliveries are leased (the conversation is
 * being sent) and which wait for a retry (they hold back what was queued after
 * them). Kept up to date by the delivery table on every change.
 */
export class ConversationIndex {
  private readonly leased = new Map<string, Set<string>>();
  private readonly retrying = new Map<string, Map<string, Queued>>();

  /** A delivery changed from `previous` (undefined: new) to `next` (undefined: gone). */
  changed(previous: Delivery | undefined, next: Delivery | undefined): void {
    if (previous?.leaseUntil !== undefined && (next?.leaseUntil === undefined || next.status !== 'pending'))
      this.remove(this.leased, previous);
    if (previous && previous.attempts > 0) this.remove(this.retrying, previous);
    if (next?.status === 'pending' && next.attempts > 0) {
      const k = conversationKey(next);
      const map = this.retrying.get(k) ?? new Map<string, Queued>();
      map.set(next.id, { id: next.id, createdAt: next.createdAt, nextAttemptAt: next.nextAttemptAt });
      this.retrying.set(k, map);
    }
  }

  claimed(d: Delivery): void {
    const k = conversationKey(d);
    const ids = this.leased.get(k) ?? new Set<string>();
    ids.add(d.id);
    this.leased.set(k, ids);
  }

  /** A conversation with a delivery under an unexpired lease (forgetting the ones that ran out). */
  busy(key: string, now: number, get: (id: string) => Delivery | undefined): boolean {
    const ids = this.leased.get(key);
    if (!ids) return false;
    for (const id of ids) {
      const d = get(id);
      if (d?.status === 'pending' && d.leaseUntil !== undefined && Date.parse(d.leaseUntil) > now)
        return true;
      ids.delete(id);
    }
    this.leased.delete(key);
    return false;
  }

  /**
   * When `d` may go: undefined when nothing holds it back, else the next
   * attempt of the first delivery queued before it in its conversation that
   * waits for a retry (so a card queued after a throttled one never overtakes it).
   */
  heldUntil(key: string, d: Delivery, now: number): number | undefined {
    const map = this.retrying.get(key);
    if (!map) return undefined;
    let until: number | undefined;
    for (const r of map.values()) {
      const at = Date.parse(r.nextAttemptAt);
      if (r.id === d.id || at <= now) continue;
      if (r.createdAt < d.createdAt || (r.createdAt === d.createdAt && r.id < d.id))
        until = until === undefined ? at : Math.min(until, at);
    }
    return until;
  }

  private remove(index: Map<string, Set<string>> | Map<string, Map<string, Queued>>, d: Delivery): void {
    const k = conversationKey(d);
    const entry = index.get(k);
    if (!entry) return;
    entry.delete(d.id);
    if (entry.size === 0) index.delete(k);
  }
}
