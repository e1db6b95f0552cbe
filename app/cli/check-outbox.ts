import type { Env } from '../../src/config/env.js';
import { errorMessage } from '../../src/errors.js';
import { describeWaiting, waitingDeliveries } from '../../src/outbox/waiting.js';
import { connectedPlatforms, connectedRecordWriters } from '../../src/registry/registry.js';
import type { CheckLine } from '../../src/server/check-line.js';
import type { Store } from '../../src/store/store.js';
import { batonRegistry } from '../registry.js';

/**
 * `baton check`'s look at the outbox: deliveries kept for a platform this
 * environment does not configure are named, so an operator who dropped
 * a platform learns what is still queued for it. The store is the one
 * `check` opened (read-only, next to a running Baton); the caller closes it.
 */
export async function outboxLines(env: Env, store: Store): Promise<CheckLine[]> {
  try {
    const stats = await store.stats();
    const waiting = waitingDeliveries(
      stats,
      [
        ...connectedPlatforms(batonRegistry.platforms, env),
        ...connectedRecordWriters(batonRegistry, env),
      ].map((p) => p.name),
    );
    if (waiting.length === 0)
      return [
        {
          level: 'ok',
          area: 'outbox',
          message: `outbox: ${stats.pendingDeliveries} pending, none waiting for an unconfigured platform`,
        },
      ];
    return waiting.map((w) => ({ level: 'warn', area: 'outbox', message: `outbox: ${describeWaiting(w)}` }));
  } catch (err) {
    return [{ level: 'skip', area: 'outbox', message: `outbox not checked: ${errorMessage(err)}` }];
  }
}
