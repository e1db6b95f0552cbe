import type { Platform } from '../domain/types.js';
import type { StoreStats } from '../store/store.js';

/** Deliveries queued for a platform this process does not send to. */
export interface Waiting {
  platform: Platform;
  count: number;
}

/**
 * What waits for a platform that is not configured here (a start with one
 * platform, cards for another still queued from before). They stay pending, untouched,
 * and go out on the first start with that platform configured again.
 */
export function waitingDeliveries(stats: StoreStats, configured: readonly Platform[]): Waiting[] {
  const out: Waiting[] = [];
  const queued = Object.keys(stats.pendingDeliveriesByPlatform).sort();
  for (const platform of queued) {
    const count = stats.pendingDeliveriesByPlatform[platform] ?? 0;
    if (count > 0 && !configured.includes(platform)) out.push({ platform, count });
  }
  return out;
}

/** One sentence per platform, the same in the log, /readyz and `baton check`. */
export function describeWaiting(w: Waiting): string {
  const n = w.count === 1 ? '1 delivery waits' : `${w.count} deliveries wait`;
  return `${n} for ${w.platform}, which this Baton is not configured for: they are kept and go out once it starts with ${w.platform} configured again (or cancel the handoffs they belong to)`;
}
