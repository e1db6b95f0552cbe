import type { Delivery } from '../../../src/domain/types.js';
import { conversationKey } from '../../../src/outbox/conversation.js';

/**
 * Per conversation, which deliveries are leased (the conversation is being sent), so a claim
 * capped per conversation leaves it alone without looking at its deliveries. Kept up to date by
 * the delivery table on every change.
 */
export class ConversationIndex {
  private readonly leased = new Map<string, Set<string>>();

  /** A delivery changed from `previous` (undefined: new) to `next` (undefined: gone). */
  changed(previous: Delivery | undefined, next: Delivery | undefined): void {
    if (previous?.leaseUntil === undefined) return;
    if (next?.leaseUntil !== undefined && next.status === 'pending') return;
    const k = conversationKey(previous);
    const ids = this.leased.get(k);
    if (!ids) return;
    ids.delete(previous.id);
    if (ids.size === 0) this.leased.delete(k);
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
}
