import type { Logger } from '../log.js';
import type { createDispatcher } from '../outbox/dispatcher.js';
import type { PlatformAdapter } from '../server/adapter.js';
import type { Metrics } from '../server/metrics.js';
import type { ActionDeps } from '../services/mutate.js';
import { createRetention } from './retention.js';
import { tick } from './tick.js';

export interface SchedulerLoopOptions {
  deps: ActionDeps & { replica: string };
  dispatcher: ReturnType<typeof createDispatcher>;
  adapters: PlatformAdapter[];
  log: Logger;
  metrics: Metrics;
  intervalMs: number;
  /** Claim lease for due follow-ups and deliveries; unset keeps each one's default. */
  leaseMs?: number;
  /** Retention period and how often it is pruned; unset keeps 30 days, hourly. */
  retention?: { keepMs?: number; everyMs?: number };
}

/**
 * The heartbeat: due follow-ups become messages, adapters finish accepted
 * work (webhooks), the outbox sends, and (hourly) old delivery keys and
 * webhook events are pruned. Passes never overlap; the first one
 * runs at start, so what fell due while Baton was down goes out at once.
 */
export function createSchedulerLoop(opts: SchedulerLoopOptions) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  // Only a stop ends the outbox drain early; a pass run by hand (tests, the simulation) drains fully.
  let shuttingDown = false;
  const lease = opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs };
  const retention = createRetention({
    store: opts.deps.store,
    clock: opts.deps.clock,
    log: opts.log,
    ...opts.retention,
  });

  async function pass(): Promise<void> {
    const end = opts.metrics.tick.startTimer();
    try {
      const r = await tick(opts.deps, lease);
      if (r.messages > 0) opts.metrics.followUps.inc(r.messages);
    } catch (err) {
      opts.log.error({ err }, 'scheduler tick failed');
    } finally {
      end();
    }
    for (const a of opts.adapters) {
      try {
        await a.onTick?.();
      } catch (err) {
        opts.log.error({ err, adapter: a.name }, 'adapter tick failed');
      }
    }
    try {
      // Drain what is due now; a large backlog is sent over several passes.
      for (let i = 0; i < 10 && !shuttingDown; i++) {
        const r = await opts.dispatcher.dispatchOnce(lease);
        if (r.sent + r.failed + r.retried + r.skipped === 0) break;
      }
    } catch (err) {
      opts.log.error({ err }, 'outbox dispatch failed');
    }
    // Housekeeping beside the passes, not in them: a pass is what people wait for.
    void housekeep();
  }

  let housekeeping: Promise<void> | undefined;
  function housekeep(): Promise<void> {
    housekeeping ??= retention()
      .catch((err: unknown) => {
        opts.log.error({ err }, 'retention prune failed; it is tried again next hour');
      })
      .finally(() => {
        housekeeping = undefined;
      });
    return housekeeping;
  }

  function runOnce(): Promise<void> {
    if (!running) {
      running = pass().finally(() => {
        running = undefined;
      });
    }
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, opts.intervalMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void runOnce().finally(schedule);
    },
    async stop() {
      stopped = true;
      shuttingDown = true;
      opts.dispatcher.stop();
      if (timer) clearTimeout(timer);
      await running;
      await housekeeping;
    },
    /** One pass, and the housekeeping it started, finished (tests, the simulation). */
    async runOnce() {
      await runOnce();
      await housekeeping;
    },
  };
}
