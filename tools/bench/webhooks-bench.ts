import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWebhooksAdapter } from '../../adapters/webhooks/index.js';
import { startTestBaton } from '../../test/support/harness.js';
import { populate } from './lowdb-bench-data.js';
import { quantile, repoRoot, runWhenMain } from './support.js';

const SECRET = 'bench-webhook-secret';

/** node:http with keep-alive, as a sender's webhook client would be. */
function sender(url: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const headers = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-baton-signature': sig,
      };
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

async function measure(client: ReturnType<typeof sender>, bodies: string[], concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const t0 = performance.now();
        const status = await client.send(body);
        latencies.push(performance.now() - t0);
        if (status === 202) accepted++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sent: bodies.length,
    accepted,
    rate: accepted / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

/**
 * Webhook acceptance into the lowdb store with 50k handoffs loaded: signed
 * generic events over HTTP, 50 at a time, each verified, validated and made
 * durable (one store commit) before its 202. Then how fast the accepted
 * events become handoffs on the scheduler's ticks.
 */
export async function benchWebhooks(opts: { log: (line: string) => void }): Promise<Record<string, number>> {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const handoffs = Math.round(50_000 * scale);
  const events = Math.max(200, Math.round(5_000 * scale));
  const processed = Math.max(100, Math.round(500 * scale));
  const concurrency = 50;
  const repo = repoRoot();
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-webhooks-'));
  const file = path.join(dir, 'baton.json');
  const out: Record<string, number> = {};
  try {
    await populate(file, handoffs, 0);
    const t = await startTestBaton({
      store: { file },
      env: {
        BATON_CONFIG: path.join(repo, 'baton.config.example.yaml'),
        BATON_HANDOFFS: path.join(repo, 'handoffs'),
        BATON_WEBHOOK_SECRET: SECRET,
      },
      adapters: async (ctx) => [await createWebhooksAdapter(ctx)],
    });
    try {
      const bodies = Array.from({ length: events }, (_, i) =>
        JSON.stringify({
          id: `evt_bench_${i}`,
          type: 'purchase.completed',
          occurredAt: '2026-11-23T10:00:00Z',
          customer: {
            id: `crm-bench-${i}`,
            name: `Bench ${i} Ltd`,
            language: i % 5 === 0 ? 'ko' : 'en',
            contacts: [{ name: `Pat ${i}`, email: `pat@b${i}.example`, role: 'sponsor' }],
          },
          owner: 'dana',
          context: { summary: 'Annual plan, 40 seats', dealValue: 12000, goLiveDate: '2027-01-15' },
        }),
      );
      const warmup = Math.min(200, Math.floor(events / 10));
      const single = Math.min(1_000, Math.floor(events / 5));
      const client = sender(`${t.url}/hooks/events`, concurrency);
      for (const body of bodies.slice(0, warmup)) await client.send(body);
      const loaded = await measure(client, bodies.slice(warmup, events - single), concurrency);
      // One sender at a time: the answer time a sender sees without queueing behind others.
      const alone = await measure(client, bodies.slice(events - single), 1);
      client.close();
      out.webhooks_accepted_per_s = loaded.rate;
      out.webhooks_accept_p50_ms = loaded.p50;
      out.webhooks_accept_p99_ms = loaded.p99;
      out.webhooks_accept_single_p50_ms = alone.p50;
      out.webhooks_accept_single_p99_ms = alone.p99;
      out.webhooks_accepted = loaded.accepted + alone.accepted;
      opts.log(
        `webhooks accept (lowdb, ${handoffs} handoffs loaded, ${concurrency} concurrent): ` +
          `${loaded.accepted}/${loaded.sent} accepted, ${Math.round(loaded.rate)} events/s, ` +
          `p50 ${loaded.p50.toFixed(1)} ms, p99 ${loaded.p99.toFixed(1)} ms`,
      );
      opts.log(
        `webhooks accept, one sender at a time: ${alone.accepted}/${alone.sent} accepted, ` +
          `p50 ${alone.p50.toFixed(2)} ms, p99 ${alone.p99.toFixed(2)} ms`,
      );

      // Processing: ticks until `processed` events have become handoffs (the rest stays queued).
      const before = (await t.store.stats()).handoffs;
      const p0 = performance.now();
      while ((await t.store.stats()).handoffs - before < processed && performance.now() - p0 < 120_000) {
        await t.advance(1_000);
      }
      const made = (await t.store.stats()).handoffs - before;
      out.webhooks_processed_per_s = made / ((performance.now() - p0) / 1000);
      opts.log(
        `webhooks processing (event → customer upsert → handoff opened, lowdb): ${made} handoffs, ` +
          `${Math.round(out.webhooks_processed_per_s)} events/s`,
      );
    } finally {
      await t.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

runWhenMain(import.meta.url, 'webhooks', (log) => benchWebhooks({ log }));
