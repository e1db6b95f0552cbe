import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveryStats } from '../../../adapters/store/memory/delivery-counts.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import type { Delivery, Platform } from '../../../src/domain/types.js';
import type { StoreStats } from '../../../src/store/store.js';
import { aDelivery, at, times } from './builders.js';
import '../../support/fast-check-setup.js';

/**
 * The outbox's counts (`/readyz`, `/metrics`, `baton check`) are kept as deliveries change on
 * the memory and file stores. Random queues, retries, failures, sends, claims and erasures;
 * after each, the counts must be what a walk over the deliveries the store lists gives, counted
 * here by the definitions of the figures (not by the store's code).
 */
const PLATFORMS: Platform[] = ['slack', 'teams', 'mail'];

type Op =
  | { kind: 'queue'; platform: Platform; attempts: number }
  | { kind: 'retry' | 'fail' | 'send'; slot: number }
  | { kind: 'claim' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('queue' as const),
    platform: fc.constantFrom(...PLATFORMS),
    attempts: fc.nat(2),
  }),
  fc.record({ kind: fc.constantFrom('retry' as const, 'fail' as const, 'send' as const), slot: fc.nat(9) }),
  fc.record({ kind: fc.constant('claim' as const) }),
);

/** The figures by their definitions: pending (by platform), failed, pending after a failed try (by platform). */
function walked(list: readonly Delivery[]): DeliveryStats {
  const pending = list.filter((d) => d.status === 'pending');
  const retrying = pending.filter((d) => d.attempts > 0);
  const byPlatform = (ds: readonly Delivery[]) => {
    const out: Record<string, number> = {};
    for (const d of ds) out[d.platform] = (out[d.platform] ?? 0) + 1;
    return out;
  };
  return {
    pendingDeliveries: pending.length,
    pendingDeliveriesByPlatform: byPlatform(pending),
    failedDeliveries: list.filter((d) => d.status === 'failed').length,
    retryingDeliveries: retrying.length,
    retryingDeliveriesByPlatform: byPlatform(retrying),
  };
}

const counted = (s: StoreStats): DeliveryStats => ({
  pendingDeliveries: s.pendingDeliveries,
  pendingDeliveriesByPlatform: s.pendingDeliveriesByPlatform,
  failedDeliveries: s.failedDeliveries,
  retryingDeliveries: s.retryingDeliveries,
  retryingDeliveriesByPlatform: s.retryingDeliveriesByPlatform,
});

/** Runs the ops on a fresh store; true when the counts matched the walk after every one. */
async function countsHold(ops: Op[], stats: (s: StoreStats) => DeliveryStats = counted): Promise<boolean> {
  const store = createMemoryStore();
  const queued: Delivery[] = [];
  for (const o of ops) {
    if (o.kind === 'queue') {
      const d = aDelivery({ platform: o.platform, attempts: o.attempts, nextAttemptAt: times.T0 });
      queued.push(d);
      await store.commit({ deliveries: [d] });
    } else if (o.kind === 'claim') {
      await store.claimDeliveries(new Date(at(times.T0, times.HOUR)), {
        limit: 3,
        leaseMs: 60_000,
        owner: 'r1',
      });
    } else {
      const d = queued[o.slot % Math.max(1, queued.length)];
      const now = d && (await store.getDelivery(d.id));
      if (!now) continue;
      const next: Delivery =
        o.kind === 'retry'
          ? { ...now, attempts: now.attempts + 1, lastError: 'timeout' }
          : o.kind === 'fail'
            ? { ...now, status: 'failed', attempts: now.attempts + 1, lastError: 'channel_not_found' }
            : { ...now, status: 'sent', sentAt: at(times.T0, times.HOUR) };
      await store.commit({ deliveries: [next] });
    }
    const listed = await store.listDeliveries({});
    if (!isDeepStrictEqual(stats(await store.stats()), walked(listed))) return false;
  }
  return true;
}

describe("The outbox's counts on the memory and file stores", () => {
  it('match a walk over the deliveries after every queue, retry, failure, send and claim', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), (ops) => countsHold(ops)),
      {
        numRuns: 150,
      },
    );
  });

  it('control: a count that forgets a retry is found out', async () => {
    const forgetsRetries = (s: StoreStats): DeliveryStats => ({ ...counted(s), retryingDeliveries: 0 });
    const result = await fc.check(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        try {
          return await countsHold(ops, forgetsRetries);
        } catch {
          return false;
        }
      }),
      { numRuns: 150 },
    );
    expect(result.failed).toBe(true);
  });
});
