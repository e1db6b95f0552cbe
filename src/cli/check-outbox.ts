import { systemClock } from '../clock.js';
import type { Env } from '../config/env.js';
import { configuredPlatforms } from '../config/platforms.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { describeWaiting, waitingDeliveries } from '../outbox/waiting.js';
import { openStore } from '../store/open-store.js';

/**
 * `baton check`'s look at the outbox: deliveries kept for a platform this
 * environment does not configure are named, so an operator who dropped
 * Teams (or Slack) learns what is still queued for it. The data file is read
 * without its lock, next to a running Baton.
 */
export async function outboxLines(env: Env, log: Logger): Promise<string[]> {
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(env, systemClock, log, { readOnly: true });
  } catch (err) {
    return [`skip outbox not checked: the store could not be read (${errorMessage(err)})`];
  }
  try {
    const stats = await store.stats();
    const waiting = waitingDeliveries(stats, configuredPlatforms(env));
    if (waiting.length === 0)
      return [`ok   outbox: ${stats.pendingDeliveries} pending, none waiting for an unconfigured platform`];
    return waiting.map((w) => `warn outbox: ${describeWaiting(w)}`);
  } catch (err) {
    return [`skip outbox not checked: ${errorMessage(err)}`];
  } finally {
    await store.close().catch(() => {});
  }
}
