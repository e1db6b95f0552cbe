import { performance } from 'node:perf_hooks';
import { benchSetup, startBatonCli, WEBHOOK_SECRET } from './baton-cli.js';
import { fakeSlack } from './fake-platforms.js';
import {
  client,
  closedLoop,
  fmt,
  goal,
  metric,
  runWhenMain,
  scaled,
  waitFor,
  webhookSigned,
} from './support.js';

const CONCURRENCY = 50;

/** A generic `purchase.completed` with every context field the playbook requires, so a card goes out. */
export function purchase(i: number, run: string, occurredAt = new Date().toISOString()): string {
  return JSON.stringify({
    id: `evt_bench_${run}_${i}`,
    type: 'purchase.completed',
    occurredAt,
    customer: {
      id: `crm-bench-${run}-${i}`,
      name: `Bench ${run} ${i} Ltd`,
      language: i % 5 === 0 ? 'ko' : 'en',
      contacts: [{ name: `Pat ${i}`, email: `pat@b${run}${i}.example`, role: 'sponsor' }],
    },
    owner: 'dana',
    context: {
      summary: 'Annual plan, 40 seats',
      dealValue: 12000,
      goLiveDate: '2027-01-15',
      keyContact: `Pat ${i} <pat@b${run}${i}.example>`,
    },
  });
}

/** What Baton's /metrics says it has done with webhook events and cards. */
export async function progress(url: string) {
  const [processed, open, pending, sent] = await Promise.all([
    metric(url, 'baton_webhook_events_total', { outcome: 'processed' }),
    metric(url, 'baton_open_handoffs'),
    metric(url, 'baton_pending_deliveries'),
    metric(url, 'baton_deliveries_total', { outcome: 'sent' }),
  ]);
  return { processed, open, cards: pending + sent };
}

/**
 * Webhooks into `baton start` on the embedded store with the bench's handoffs loaded (Slack
 * configured against a fake, so cards are queued for a channel). Acceptance: signed generic
 * events, CONCURRENCY at a time, each made durable before its 202. Processing: from the first
 * event sent until the accepted ones are processed into open handoffs with their cards queued,
 * read from Baton's own /metrics (at most `waitS` seconds; the rate is what got done by then).
 */
export async function benchWebhooks(opts: {
  log: (line: string) => void;
  handoffs?: number;
  events?: number;
  waitS?: number;
}): Promise<Record<string, number>> {
  const { log } = opts;
  const handoffs = opts.handoffs ?? scaled(50_000, 300);
  const events = opts.events ?? scaled(3_000, 100);
  const waitS = opts.waitS ?? 60;
  const fake = await fakeSlack();
  // The commands' data (50k + 500k history): built once a run for every bench that starts Baton.
  const setup = await benchSetup({ handoffs, history: handoffs * 10 });
  const http = client(CONCURRENCY);
  try {
    const baton = await startBatonCli(setup, { slackApiUrl: fake.url });
    try {
      // Measured once its start-up housekeeping is over (see settled).
      await baton.settled();
      // Warm-up: a few events through the whole path first.
      const warm = 50;
      await closedLoop(
        warm,
        10,
        async (i) =>
          (await http.post(`${baton.url}/hooks/events`, webhookSigned(purchase(i, 'w'), WEBHOOK_SECRET)))
            .status === 202,
      );
      await waitFor(async () => (await progress(baton.url)).processed >= warm, 60_000, 200);
      const before = await progress(baton.url);
      const t0 = performance.now();
      const accepted = await closedLoop(events, CONCURRENCY, async (i) => {
        const r = await http.post(
          `${baton.url}/hooks/events`,
          webhookSigned(purchase(i, 'm'), WEBHOOK_SECRET),
        );
        return r.status === 202;
      });
      let now = before;
      await waitFor(
        async () => {
          now = await progress(baton.url);
          return now.processed - before.processed >= accepted.ok;
        },
        waitS * 1000,
        100,
      );
      const seconds = (performance.now() - t0) / 1000;
      const processed = now.processed - before.processed;
      const opened = now.open - before.open;
      const cards = now.cards - before.cards;
      const done = Math.min(processed, opened, cards);
      const workload = `${events} signed purchase.completed events, ${CONCURRENCY} concurrent senders, ${handoffs} handoffs + ${handoffs * 10} history loaded`;
      log(
        `webhooks accepted (202, durable), ${workload}: ${accepted.ok}/${accepted.sent}, ${fmt(accepted.perSecond)}/s, ` +
          `p50 ${fmt(accepted.p50)} ms, p99 ${fmt(accepted.p99)} ms`,
      );
      log(
        `webhooks processed (first send to handoff opened + card queued, from /metrics), ${workload}: ` +
          `${processed} processed, ${opened} handoffs opened, ${cards} cards queued in ${fmt(seconds)} s` +
          `${processed < accepted.ok ? ` (stopped waiting after ${waitS} s)` : ''}`,
      );
      const rate = done / seconds;
      goal(log, `webhook processing, ${workload}`, rate, '>=', 1_000, ' events/s');
      return {
        webhooks_accepted_per_s: accepted.perSecond,
        webhooks_accept_p99_ms: accepted.p99,
        webhooks_processed_per_s: rate,
        webhooks_processed: processed,
        webhooks_opened: opened,
        webhooks_cards: cards,
      };
    } finally {
      await baton.stop();
    }
  } finally {
    http.close();
    await fake.close();
    await setup.cleanup();
  }
}

runWhenMain(import.meta.url, 'webhooks', (log) => benchWebhooks({ log }));
