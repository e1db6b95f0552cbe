import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Platform } from '../domain/types.js';
import { waitingDeliveries } from '../outbox/waiting.js';
import type { Store } from '../store/store.js';

/**
 * Baton's Prometheus metrics, in a registry of its own (tests create many
 * servers). `platforms`: those this process sends to, read at each scrape
 * (the list fills once the adapters exist); `registered`: every platform
 * registered, each with its own line in the waiting gauge, zero or not.
 */
export function createMetrics(
  store: Store,
  platforms: readonly Platform[],
  registered: readonly Platform[] = [],
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'baton_process_' });
  const deliveries = new Counter({
    name: 'baton_deliveries_total',
    help: 'Outbox deliveries by platform and outcome',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const followUps = new Counter({
    name: 'baton_followup_messages_total',
    help: 'Reminder, escalation and digest messages queued by the scheduler',
    registers: [registry],
  });
  const http = new Histogram({
    name: 'baton_http_request_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [registry],
  });
  const shed = new Counter({
    name: 'baton_shed_total',
    help: 'Requests answered "busy, try again" instead of being served, by platform and kind',
    labelNames: ['platform', 'kind'] as const,
    registers: [registry],
  });
  const early = new Counter({
    name: 'baton_acknowledged_early_total',
    help: 'Requests acknowledged before their work started, in a flood (their answer follows), by platform',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const tick = new Histogram({
    name: 'baton_scheduler_tick_seconds',
    help: 'Duration of one scheduler tick',
    buckets: [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  // One count of the store per scrape, shared by the gauges it feeds: they are collected side by
  // side, and each count walks the outbox (five walks a scrape held the event loop 10-12 ms).
  let counting: ReturnType<Store['stats']> | undefined;
  const stats = () => {
    if (!counting) {
      const current = store.stats();
      counting = current;
      const done = () => {
        if (counting === current) counting = undefined;
      };
      current.then(done, done);
    }
    return counting;
  };
  const stateGauge = (name: string, help: string, pick: (s: Awaited<ReturnType<Store['stats']>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await stats()));
      },
    });
  stateGauge('baton_open_handoffs', 'Handoffs waiting to be accepted', (s) => s.openHandoffs);
  stateGauge(
    'baton_pending_followups',
    'Follow-ups scheduled and not yet due or sent',
    (s) => s.pendingFollowUps,
  );
  stateGauge('baton_pending_deliveries', 'Messages waiting in the outbox', (s) => s.pendingDeliveries);
  stateGauge('baton_failed_deliveries', 'Messages that could not be delivered', (s) => s.failedDeliveries);
  stateGauge(
    'baton_retrying_deliveries',
    'Messages tried and waiting for another try (baton check names why)',
    (s) => s.retryingDeliveries,
  );
  new Gauge({
    name: 'baton_waiting_deliveries',
    help: 'Messages kept in the outbox for a platform this process is not configured for',
    labelNames: ['platform'] as const,
    registers: [registry],
    async collect() {
      const waiting = waitingDeliveries(await stats(), platforms);
      for (const p of new Set([...registered, ...waiting.map((w) => w.platform)]))
        this.set({ platform: p }, waiting.find((w) => w.platform === p)?.count ?? 0);
    },
  });
  return { registry, deliveries, followUps, http, tick, shed, early };
}

export type Metrics = ReturnType<typeof createMetrics>;
