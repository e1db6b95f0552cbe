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
 * a platform learns what is still queued for it, and so are those tried and
 * waiting for another try, with what stops them. The store is the one
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
    const lines: CheckLine[] = waiting.map((w) => ({
      level: 'warn',
      area: 'outbox',
      message: `outbox: ${describeWaiting(w)}`,
    }));
    // The count says whether any wait for another try; only then are the pending ones read.
    if (stats.retryingDeliveries > 0) lines.push(...(await retryingLines(store)));
    if (lines.length > 0) return lines;
    return [
      {
        level: 'ok',
        area: 'outbox',
        message: `outbox: ${stats.pendingDeliveries} pending, none waiting for an unconfigured platform or being retried`,
      },
    ];
  } catch (err) {
    return [{ level: 'skip', area: 'outbox', message: `outbox not checked: ${errorMessage(err)}` }];
  }
}

/**
 * Deliveries tried and not sent yet, by the error they wait on (a person who has not opened Baton
 * in Teams, a channel it is not in, a platform that keeps failing): each goes out on a later try,
 * and the error says what would let it.
 */
async function retryingLines(store: Store): Promise<CheckLine[]> {
  const byError = new Map<string, number>();
  for (const d of await store.listDeliveries({ status: 'pending' })) {
    if (d.attempts > 0 && d.lastError) byError.set(d.lastError, (byError.get(d.lastError) ?? 0) + 1);
  }
  const deliveries = (n: number) => (n === 1 ? '1 delivery' : `${n} deliveries`);
  // The commonest first; errors that name ids or times could otherwise fill the screen.
  const sorted = [...byError].sort((a, b) => b[1] - a[1]);
  const lines: CheckLine[] = sorted.slice(0, RETRY_LINES).map(([error, n]) => ({
    level: 'warn',
    area: 'outbox',
    message: `outbox: ${deliveries(n)} not sent yet, tried again later: ${error}`,
  }));
  const rest = sorted.slice(RETRY_LINES).reduce((sum, [, n]) => sum + n, 0);
  if (rest > 0)
    lines.push({
      level: 'warn',
      area: 'outbox',
      message: `outbox: ${deliveries(rest)} more not sent yet, with ${sorted.length - RETRY_LINES} other errors (see the log's "delivery will be retried")`,
    });
  return lines;
}

/** Errors named one per line; the rest are summed in one. */
const RETRY_LINES = 5;
