import type { Delivery } from '../../../src/domain/types.js';
import type { StoreStats } from '../../../src/store/store.js';

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
 * The outbox's counts, kept as deliveries enter and leave the table. Counted at each call they
 * walked every unsent delivery on every `/readyz` probe and `/metrics` scrape, and the outbox is
 * longest when a platform is down: then each probe walked the whole backlog. Only a change of
 * status, attempts or platform moves a count, and every such change goes through the table's
 * `put` (claims, leases and erasures rewrite other fields).
 */
export class DeliveryCounts {
  private pending = 0;
  private failed = 0;
  private retrying = 0;
  private readonly pendingBy = new Map<string, number>();
  private readonly retryingBy = new Map<string, number>();

  /** `d` enters the table (`sign` 1) or leaves it (-1), as it is. */
  change(d: Delivery | undefined, sign: 1 | -1): void {
    if (!d) return;
    if (d.status === 'pending') {
      this.pending += sign;
      bump(this.pendingBy, d.platform, sign);
      if (d.attempts > 0) {
        this.retrying += sign;
        bump(this.retryingBy, d.platform, sign);
      }
    } else if (d.status === 'failed') this.failed += sign;
  }

  stats(): DeliveryStats {
    return {
      pendingDeliveries: this.pending,
      pendingDeliveriesByPlatform: Object.fromEntries(this.pendingBy),
      failedDeliveries: this.failed,
      retryingDeliveries: this.retrying,
      retryingDeliveriesByPlatform: Object.fromEntries(this.retryingBy),
    };
  }
}

/** A platform leaves the map at zero: the stats name only platforms with something to count. */
function bump(counts: Map<string, number>, platform: string, by: number): void {
  const n = (counts.get(platform) ?? 0) + by;
  if (n === 0) counts.delete(platform);
  else counts.set(platform, n);
}
