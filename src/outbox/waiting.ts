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

/**
 * Deliveries tried and waiting for another try, for platforms this process sends to (those
 * for the others are named by `waitingDeliveries`, however they got there): they go out on
 * their own once the platform takes them, but someone should know they have not yet.
 */
export function retryingDeliveries(stats: StoreStats, configured: readonly Platform[]): Waiting[] {
  const out: Waiting[] = [];
  for (const platform of [...configured].sort()) {
    const count = stats.retryingDeliveriesByPlatform[platform] ?? 0;
    if (count > 0) out.push({ platform, count });
  }
  return out;
}

/** One sentence per platform; `baton check` groups them by the error that keeps them back. */
export function describeRetrying(w: Waiting): string {
  const n = w.count === 1 ? '1 delivery' : `${w.count} deliveries`;
  return `${n} to ${w.platform} not sent yet, tried again later: run baton check to see what keeps ${w.count === 1 ? 'it' : 'them'} back`;
}
