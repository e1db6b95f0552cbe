import { type Erasure, erasedDelivery } from '../../../src/domain/erasure.js';
import type { Delivery } from '../../../src/domain/types.js';
import { byQueueOrder } from '../../../src/outbox/claimed.js';
import type { ClaimOptions } from '../../../src/store/store.js';
import { ConversationQueues } from './conversation-queues.js';
import { ConversationIndex } from './conversations.js';
import { DeliveryCounts, type DeliveryStats } from './delivery-counts.js';
import { ms } from './keys.js';
import { leased } from './leases.js';

/**
 * The deliveries part of HotState: unsent deliveries, the keys of sent ones
 * (for deduplication), and the queue of pending ones.
 */
export class DeliveryTable {
  private readonly deliveries = new Map<string, Delivery>();
  /** Deliveries an erasure rewrote while they were still to be sent (see apply). */
  private readonly erasedDeliveries = new Set<string>();
  private readonly deliveryIdByKey = new Map<string, string>();
  private readonly deliveryKeys = new Map<string, string>();
  /** Pending deliveries by conversation, in queue order: what claims look at. */
  private readonly queues = new ConversationQueues();
  private readonly conversations = new ConversationIndex();
  private readonly counts = new DeliveryCounts();

  constructor(deliveries: readonly Delivery[], deliveryKeys: Record<string, string>) {
    for (const d of deliveries) this.put(d);
    for (const [key, at] of Object.entries(deliveryKeys)) this.deliveryKeys.set(key, at);
  }

  values(): Delivery[] {
    return [...this.deliveries.values()];
  }

  keysData(): Record<string, string> {
    return Object.fromEntries(this.deliveryKeys);
  }

  /** Applies validated deliveries; returns them as applied (those whose key was already used are dropped). */
  apply(list: readonly Delivery[]): Delivery[] {
    const deliveries: Delivery[] = [];
    for (const d of list) {
      const existingId = this.deliveryIdByKey.get(d.key);
      const stored = this.deliveries.get(d.id);
      if (!stored && (existingId !== undefined || this.deliveryKeys.has(d.key))) continue;
      // A delivery's message is written once, when it is queued; only an erasure rewrites it.
      // An update (a send settled, a retry) carries the message as it was claimed, perhaps
      // before an erasure committed meanwhile: the erased message wins, so erased text cannot
      // come back with the settle (nor into the journal, which takes what is applied here).
      const value = stored && this.erasedDeliveries.has(d.id) ? { ...d, message: stored.message } : d;
      if (value.status === 'sent') this.erasedDeliveries.delete(d.id);
      this.put(value);
      deliveries.push(value);
    }
    return deliveries;
  }

  /**
   * Sent deliveries are not kept here (only their keys), so what they said
   * lives only in the journal, which the file store rewrites after an erasure.
   */
  erase(er: Erasure): void {
    for (const [id, d] of this.deliveries) {
      const scrubbed = erasedDelivery(d, er);
      if (scrubbed) {
        this.deliveries.set(id, scrubbed);
        this.erasedDeliveries.add(id);
      }
    }
  }

  private put(d: Delivery): void {
    const previous = this.deliveries.get(d.id);
    this.conversations.changed(previous, d.status === 'sent' ? undefined : d);
    this.queues.changed(d);
    this.counts.change(previous, -1);
    if (d.status === 'sent') {
      this.deliveries.delete(d.id);
      this.deliveryIdByKey.delete(d.key);
      this.deliveryKeys.set(d.key, d.sentAt ?? d.nextAttemptAt);
      return;
    }
    this.deliveries.set(d.id, d);
    this.deliveryIdByKey.set(d.key, d.id);
    this.counts.change(d, 1);
  }

  get(id: string): Delivery | undefined {
    return this.deliveries.get(id);
  }

  list(filter: { status?: Delivery['status']; limit?: number }): Delivery[] {
    const out = [...this.deliveries.values()].filter(
      (d) => filter.status === undefined || d.status === filter.status,
    );
    out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return filter.limit === undefined ? out : out.slice(0, filter.limit);
  }

  stats(): DeliveryStats {
    return this.counts.stats();
  }

  /**
   * Due, unleased deliveries for `opts.owner`, earliest due first, up to `opts.limit`. With
   * `perConversation`: at most that many of one conversation, the first in its queue order;
   * none of a conversation while any of it is leased; and none queued after one waiting for
   * its retry (it goes first). Looks at each conversation's first few, not at all that is due.
   */
  claim(now: Date, opts: ClaimOptions): Delivery[] {
    const t = now.getTime();
    const platforms = opts.platforms;
    const capped = opts.perConversation !== undefined;
    const cap = capped ? Math.max(1, Math.floor(opts.perConversation ?? 1)) : Number.POSITIVE_INFINITY;
    const get = (id: string) => this.deliveries.get(id);
    const due: Array<{ at: number; d: Delivery }> = [];
    for (const [key, queue] of this.queues.conversations()) {
      if (capped && this.conversations.busy(key, t, get)) continue;
      let taken = 0;
      for (const { id } of queue) {
        const d = get(id);
        if (d?.status !== 'pending') continue;
        // One platform a conversation: not this claimer's to take, none of it is.
        if (platforms && !platforms.includes(d.platform)) break;
        // Leased: the conversation is being sent (capped), or just this one is taken.
        if (d.leaseUntil !== undefined && Date.parse(d.leaseUntil) > t) {
          if (capped) break;
          continue;
        }
        const at = ms(d.nextAttemptAt);
        if (at > t) {
          // A retry holds back what was queued after it in its conversation.
          if (capped && d.attempts > 0) break;
          continue;
        }
        due.push({ at, d });
        if (++taken >= cap) break;
      }
    }
    due.sort((a, b) => a.at - b.at || byQueueOrder(a.d, b.d));
    const until = new Date(t + opts.leaseMs).toISOString();
    const claimed: Delivery[] = [];
    for (const { d } of due.slice(0, opts.limit)) {
      const l = leased(d, until, opts.owner);
      this.deliveries.set(d.id, l);
      this.conversations.claimed(l);
      claimed.push(l);
    }
    return claimed.sort(byQueueOrder);
  }

  /** Those of these deliveries whose unexpired lease `owner` holds at `now`. */
  held(ids: readonly string[], now: Date, owner: string): Delivery[] {
    const t = now.getTime();
    const out: Delivery[] = [];
    for (const id of ids) {
      const d = this.deliveries.get(id);
      if (d?.status !== 'pending' || d.leaseOwner !== owner || !d.leaseUntil) continue;
      if (Date.parse(d.leaseUntil) > t) out.push(d);
    }
    return out;
  }

  /** Of these claims, those still as their holder has them (pending, leased to `owner` until exactly then). */
  stillClaimed<T extends { delivery: Delivery; leaseUntil: string }>(
    claims: readonly T[],
    owner: string,
  ): T[] {
    return claims.filter((c) => {
      const d = this.deliveries.get(c.delivery.id);
      return d?.status === 'pending' && d.leaseOwner === owner && d.leaseUntil === c.leaseUntil;
    });
  }

  /** Extends the unexpired leases `owner` holds on these deliveries; returns those renewed. */
  renew(ids: readonly string[], now: Date, opts: { leaseMs: number; owner: string }): Delivery[] {
    const until = now.getTime() + opts.leaseMs;
    const iso = new Date(until).toISOString();
    const out: Delivery[] = [];
    for (const d of this.held(ids, now, opts.owner)) {
      const renewed = leased(d, iso, opts.owner);
      this.deliveries.set(d.id, renewed);
      out.push(renewed);
    }
    return out;
  }

  /** See `Store.deliverNotYetNow`. */
  notYetNow(platform: string, now: Date): number {
    const at = now.toISOString();
    const nowMs = now.getTime();
    const due: Delivery[] = [];
    for (const d of this.deliveries.values()) {
      if (d.status !== 'pending' || d.platform !== platform || !d.notYet || d.nextAttemptAt <= at) continue;
      if (d.leaseUntil !== undefined && Date.parse(d.leaseUntil) > nowMs) continue;
      due.push(d);
    }
    for (const d of due) this.put({ ...d, nextAttemptAt: at });
    return due.length;
  }

  /**
   * Drops the leases of deliveries read from disk. Only for a store whose
   * lock proves that no other process runs on the same data: every lease
   * found there belongs to a process that is gone, and waiting for it to run
   * out would only delay the check with the platform (`sendingSince` stays).
   */
  releaseLeases(): number {
    let released = 0;
    for (const [id, d] of this.deliveries) {
      if (d.leaseUntil === undefined && d.leaseOwner === undefined) continue;
      const { leaseUntil: _u, leaseOwner: _o, ...rest } = d;
      this.conversations.changed(d, rest);
      this.deliveries.set(id, rest);
      released++;
    }
    return released;
  }

  /** Drops remembered keys of deliveries sent before `cutoff` (an ISO time); returns how many. */
  pruneKeys(cutoff: string): number {
    let pruned = 0;
    for (const [key, at] of this.deliveryKeys) {
      if (at >= cutoff) continue;
      this.deliveryKeys.delete(key);
      pruned++;
    }
    return pruned;
  }
}
