import {
  describeRetrying,
  describeWaiting,
  retryingDeliveries,
  waitingDeliveries,
} from '../outbox/waiting.js';
import type { Store } from '../store/store.js';
import type { PlatformAdapter, Route } from './adapter.js';
import { sendJson } from './http.js';
import type { Metrics } from './metrics.js';

export function healthRoutes(opts: {
  store: Store;
  adapters: PlatformAdapter[];
  metrics: Metrics;
  /** The config running and any change refused (live config); its warnings join the others. */
  config?: () => Promise<{ ok: boolean; detail: string; warnings: string[] }>;
}): Route[] {
  const configured = opts.adapters.flatMap((a) => (a.notifier ? [a.notifier.platform] : []));
  // A count that cannot be read now is no reason to answer 500: the store check says what is wrong.
  const waitingWarnings = async () =>
    opts.store.stats().then(
      (stats) => [
        ...waitingDeliveries(stats, configured).map(describeWaiting),
        ...retryingDeliveries(stats, configured).map(describeRetrying),
      ],
      () => [],
    );
  return [
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      method: 'GET',
      path: '/readyz',
      // Ready means Baton can keep its promises: the store takes writes and each platform answers.
      handle: async (_req, res) => {
        const storeOk = await opts.store.ready().catch(() => false);
        const checks: Record<string, { ok: boolean; detail: string }> = {
          store: {
            ok: storeOk,
            detail: storeOk ? `${opts.store.kind} ok` : `${opts.store.kind} unavailable`,
          },
        };
        for (const a of opts.adapters) if (a.ready) checks[a.name] = a.ready();
        const waiting = storeOk ? await waitingWarnings() : [];
        const warnings = [...waiting];
        if (opts.config) {
          const config = await opts.config();
          checks.config = { ok: config.ok, detail: config.detail };
          warnings.push(...config.warnings);
        }
        // Deliveries waiting for a platform that is not configured, or for another try, do not make
        // Baton unready: it keeps every promise it can keep here, and taking it out of service
        // would stop those too (a platform that is down says so in its own check).
        if (waiting.length > 0) checks.outbox = { ok: true, detail: waiting.join('; ') };
        const ok = Object.values(checks).every((c) => c.ok);
        sendJson(res, ok ? 200 : 503, { ok, checks, ...(warnings.length > 0 ? { warnings } : {}) });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: async (_req, res) => {
        const text = await opts.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
        res.end(text);
      },
    },
  ];
}
