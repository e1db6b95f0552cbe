import type { Logger } from '../log.js';
import { DEFAULT_LEASE_MS, type Dispatcher } from '../outbox/dispatcher.js';
import { createSender } from '../outbox/sender.js';
import type { PlatformAdapter } from '../server/adapter.js';
import type { Metrics } from '../server/metrics.js';
import type { ActionDeps } from '../services/mutate.js';
import { refreshTimeOff } from '../services/time-off-store.js';
import { repeat } from './repeat.js';
import { createRetention } from './retention.js';
import { tick } from './tick.js';
import { createWeeklyReports } from './weekly-report.js';

export interface SchedulerLoopOptions {
  deps: ActionDeps & { replica: string };
  dispatcher: Dispatcher;
  adapters: PlatformAdapter[];
  log: Logger;
  metrics: Metrics;
  intervalMs: number;
  /** Claim lease for due follow-ups and deliveries; unset keeps each one's default. */
  leaseMs?: number;
  /** Retention period and how often it is pruned; unset keeps 30 days, hourly. */
  retention?: { keepMs?: number; everyMs?: number };
  /** The outbox's limits (see createSender); unset keeps its defaults. */
  outbox?: { maxHeld?: number; maxSending?: number; perConversation?: number };
}

/**
 * The least time between two claims the outbox makes because something was queued: a card
 * posts within about this of its commit, and a burst of commits (a CRM import) makes ten
 * claims a second, not one per commit (on PostgreSQL each is a query, on every replica).
 */
const OUTBOX_SOON_MS = 100;

/**
 * The heartbeat, as independent loops on their own timers: due follow-ups
 * become messages (tick), each adapter finishes accepted work (webhooks),
 * and the outbox sends. None waits for another, so a channel with a long
 * paced queue delays neither reminders nor webhook processing. Old delivery
 * keys and webhook events are pruned (hourly) beside them. Each loop's first
 * run is at start, so what fell due while Baton was down goes out at once.
 */
export function createSchedulerLoop(opts: SchedulerLoopOptions) {
  const lease = opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs };
  const retention = createRetention({
    store: opts.deps.store,
    clock: opts.deps.clock,
    log: opts.log,
    ...opts.retention,
  });
  const sender = createSender({
    dispatcher: opts.dispatcher,
    store: opts.deps.store,
    clock: opts.deps.clock,
    log: opts.log,
    replica: opts.deps.replica,
    leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    ...opts.outbox,
  });

  const weeklyReports = createWeeklyReports(opts.deps);

  const ticker = repeat(opts.intervalMs, async () => {
    try {
      // Time off set on another replica, or ended overnight, counts from this tick on.
      await refreshTimeOff(opts.deps, opts.deps.clock.now());
    } catch (err) {
      opts.log.error({ err }, 'reading time off failed; the last one read stays in force');
    }
    const end = opts.metrics.tick.startTimer();
    try {
      const r = await tick(opts.deps, lease);
      if (r.messages > 0) opts.metrics.followUps.inc(r.messages);
    } catch (err) {
      opts.log.error({ err }, 'scheduler tick failed');
    } finally {
      end();
    }
    try {
      // Queued here, built when sent: a due report costs one commit, whatever the week held.
      await weeklyReports();
    } catch (err) {
      opts.log.error({ err }, 'queuing the weekly reports failed');
    }
    // Housekeeping beside the loops, not in them: a loop is what people wait for.
    void housekeep();
  });
  const adapterLoops = opts.adapters.flatMap((a) => {
    const onTick = a.onTick?.bind(a);
    if (!onTick) return [];
    return [
      repeat(opts.intervalMs, async () => {
        try {
          await onTick();
        } catch (err) {
          opts.log.error({ err, adapter: a.name }, 'adapter tick failed');
        }
      }),
    ];
  });
  // Sends run in the sender's workers; this loop only renews leases and claims what fell due,
  // each interval and soon after a commit queued something (at most one claim per OUTBOX_SOON_MS).
  const outbox = repeat(
    opts.intervalMs,
    async () => {
      try {
        await sender.pump();
      } catch (err) {
        opts.log.error({ err }, 'outbox dispatch failed');
      }
    },
    { soonMs: OUTBOX_SOON_MS },
  );
  const loops = [ticker, ...adapterLoops, outbox];

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

  let stopping = false;
  return {
    start() {
      for (const l of loops) l.start();
    },
    /** No new work starts; what is in flight (a tick, a webhook batch, sends) finishes. */
    async stop() {
      stopping = true;
      await Promise.all([...loops.map((l) => l.stop()), sender.stop()]);
      await housekeeping;
    },
    /**
     * One of each step, in order and to completion: a tick, each adapter's
     * work, then the outbox until nothing due is left (tests, the CLI, the
     * simulation), and the housekeeping it started.
     */
    async runOnce() {
      await ticker.runFresh();
      for (const l of adapterLoops) await l.runFresh();
      if (!stopping) {
        try {
          await sender.drain();
        } catch (err) {
          opts.log.error({ err }, 'outbox dispatch failed');
        }
      }
      await housekeeping;
    },
    /** A commit queued something to send: the outbox claims it now, not at its next interval. */
    deliveriesQueued(): void {
      outbox.soon();
    },
    /** Claimed by the outbox and not yet sent (tests). */
    get outboxHeld(): number {
      return sender.held;
    },
  };
}
