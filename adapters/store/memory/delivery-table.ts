import { type Erasure, erasedDelivery } from '../../../src/domain/erasure.js';
import type { Delivery } from '../../../src/domain/types.js';
import { conversationKey } from '../../../src/outbox/conversation.js';
import type { ClaimOptions, StoreStats } from '../../../src/store/store.js';
import { claimDue, claimDueByGroup } from './claim.js';
import { ConversationIndex } from './conversations.js';
import { DueQueue } from './due-queue.js';
import { ms } from './keys.js';
import { leased } from './leases.js';

/** The delivery counts of `StoreStats`. */
export type DeliveryStats = Pick<
  StoreStats,
  | 'pendingDeliveries'
  | 'pendingDeliveriesByPlatform'
  | 'failedDeliveries'
  | 'retryingDeliveries'
  | 'retryingDeliveriesByPlatform'
>;

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
  private readonly deliveryQueue = new DueQueue();
  private readonly conversations = new ConversationIndex();

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
    if (d.status === 'sent') {
      this.deliveries.delete(d.id);
      this.deliveryIdByKey.delete(d.key);
      this.deliveryKeys.set(d.key, d.sentAt ?? d.nextAttemptAt);
      return;
    }
    this.deliveries.set(d.id, d);
    this.deliveryIdByKey.set(d.key, d.id);
    if (
      d.status === 'pending' &&
      (!previous ||
        previous.nextAttemptAt !== d.nextAttemptAt ||
        previous.status !== 'pending' ||
        // A claim given back unsent: due again now, not when its lease would have run out.
        (previous.leaseUntil !== undefined && d.leaseUntil === undefined))
    ) {
      this.deliveryQueue.push(d.id, ms(d.nextAttemptAt));
    }
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
    let pendingDeliveries = 0;
    let failedDeliveries = 0;
    let retryingDeliveries = 0;
    const pendingDeliveriesByPlatform: StoreStats['pendingDeliveriesByPlatform'] = {};
    const retryingDeliveriesByPlatform: StoreStats['retryingDeliveriesByPlatform'] = {};
    for (const d of this.deliveries.values()) {
      if (d.status === 'pending') {
        pendingDeliveries++;
        pendingDeliveriesByPlatform[d.platform] = (pendingDeliveriesByPlatform[d.platform] ?? 0) + 1;
        if (d.attempts > 0) {
          retryingDeliveries++;
          retryingDeliveriesByPlatform[d.platform] = (retryingDeliveriesByPlatform[d.platform] ?? 0) + 1;
        }
      } else if (d.status === 'failed') failedDeliveries++;
    }
    return {
      pendingDeliveries,
      pendingDeliveriesByPlatform,
      failedDeliveries,
      retryingDeliveries,
      retryingDeliveriesByPlatform,
    };
  }

  claim(now: Date, opts: ClaimOptions): Delivery[] {
    const platforms = opts.platforms;
    const eligible = platforms ? (d: Delivery) => platforms.includes(d.platform) : undefined;
    const cap = opts.perConversation;
    const dueOf = (d: Delivery) => ms(d.nextAttemptAt);
    const claimed =
      cap === undefined
        ? claimDue(this.deliveryQueue, this.deliveries, now, opts, dueOf, leased, eligible)
        : claimDueByGroup(this.deliveryQueue, this.deliveries, now, opts, dueOf, leased, eligible, {
            key: conversationKey,
            cap: Math.max(1, Math.floor(cap)),
            busy: (k, t) => this.conversations.busy(k, t, (id) => this.deliveries.get(id)),
            heldUntil: (k, d, t) => this.conversations.heldUntil(k, d, t),
            before: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
          });
    for (const d of claimed) this.conversations.claimed(d);
    return claimed.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
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
      this.deliveryQueue.pushLeaseEnd(d.id, until);
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
