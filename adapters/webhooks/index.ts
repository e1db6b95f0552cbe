import { Counter } from 'prom-client';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { acceptRoute } from './accept.js';
import { isSourcePlugin, type SourceContext, secretOf, startSource, type WebhookSource } from './source.js';
import { createWorker } from './worker.js';

/**
 * Webhooks from the systems of record the composition root registered
 * (HubSpot, Stripe, Salesforce and Baton's own generic event). Each source
 * is on when its secret is set. Webhooks only listen; cards reach people
 * through the chat platforms' adapters.
 */
export interface WebhooksAdapterOptions {
  /**
   * Start processing as soon as an event is accepted (default), not at the next tick. Off only
   * in tests that need events left pending, as after a crash between the 202 and processing.
   */
  processOnAccept?: boolean;
}

export async function createWebhooksAdapter(
  ctx: AdapterContext,
  opts: WebhooksAdapterOptions = {},
): Promise<PlatformAdapter> {
  const log = ctx.log.child({ module: 'webhooks' });
  const sctx: SourceContext = { env: ctx.env, services: ctx.services, log };
  const sources: WebhookSource[] = ctx.registry.sources
    .filter(isSourcePlugin)
    .map((s) => startSource(s, sctx));
  const requests = new Counter({
    name: 'baton_webhook_requests_total',
    help: 'Webhook requests by source and answer status',
    labelNames: ['source', 'status'] as const,
    registers: [ctx.metrics.registry],
  });
  const events = new Counter({
    name: 'baton_webhook_events_total',
    help: 'Accepted webhook events processed, retried or given up, by source',
    labelNames: ['source', 'outcome'] as const,
    registers: [ctx.metrics.registry],
  });
  const worker = createWorker({
    services: ctx.services,
    sources,
    log,
    onSettled: (source, outcome) => events.inc({ source, outcome }),
  });
  const enabled = sources.filter((s) => secretOf(ctx.env, s.secretEnv));

  return {
    name: 'webhooks',
    routes: sources.map((s) =>
      acceptRoute(s, {
        ...sctx,
        onAnswer: (source, status) => requests.inc({ source, status: String(status) }),
        onAccepted: () => {
          if (opts.processOnAccept !== false) worker.kick();
        },
      }),
    ),
    async onTick() {
      // Polled events first, so what a poll finds is processed in the same tick.
      for (const s of sources) await s.poll?.();
      await worker.tick();
    },
    stop: () => worker.stop(),
    ready: () => ({
      ok: true,
      detail:
        enabled.length > 0 ? `listening: ${enabled.map((s) => s.path).join(', ')}` : 'no webhook secret set',
    }),
    async check() {
      const lines: string[] = [];
      for (const s of sources) {
        if (!secretOf(ctx.env, s.secretEnv)) {
          lines.push(`skip webhooks: ${s.path} is off (set ${s.secretEnv} to turn it on)`);
          continue;
        }
        lines.push(`ok   webhooks: ${s.path} is on`);
        lines.push(...(s.check?.() ?? []));
      }
      const failed = await worker.failures();
      if (failed.length > 0) {
        lines.push(`warn webhooks: ${failed.length} event(s) could not be processed and were given up`);
        for (const f of failed.slice(0, 5)) {
          lines.push(
            `warn   ${f.source} ${f.id} (${f.type}) after ${f.attempts} attempt(s), ${f.at}: ${f.reason}`,
          );
        }
      }
      return lines;
    },
  };
}
