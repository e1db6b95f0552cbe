import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { staleTranslations } from '../translation/cache.js';

/**
 * Sent delivery keys (they stop a retried enqueue from posting twice),
 * finished webhook events (processed or given up; they catch a late
 * redelivery) and kept translations are kept this long, then pruned.
 */
export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** How often the prune runs: once an hour across all replicas. */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

export interface RetentionOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  keepMs?: number;
  everyMs?: number;
}

/**
 * The retention prune, run from the scheduler's pass. Each process asks at
 * most once per period; the store makes it once across replicas (a claim on
 * PostgreSQL), so a pass on every replica does not prune several times.
 */
export function createRetention(opts: RetentionOptions) {
  const keepMs = opts.keepMs ?? RETENTION_MS;
  const everyMs = opts.everyMs ?? RETENTION_EVERY_MS;
  let lastAsked: number | undefined;

  return async function runRetention(): Promise<void> {
    const now = opts.clock.now();
    if (lastAsked !== undefined && now.getTime() - lastAsked < everyMs) return;
    lastAsked = now.getTime();
    const before = new Date(now.getTime() - keepMs);
    const pruned = await opts.store.prune(before, { now, everyMs });
    if (!pruned) return;
    // Only the replica that pruned: translations kept longer than the period are asked for again.
    const stale = await staleTranslations(opts.store, before.toISOString());
    const translations = stale.length > 0 && (await opts.store.commit({ kv: stale })).ok ? stale.length : 0;
    if (pruned.deliveries + pruned.inbound + translations > 0)
      opts.log.info(
        { before: before.toISOString(), ...pruned, translations },
        'retention: old delivery keys, webhook events and translations pruned',
      );
  };
}
