import { afterEach, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

async function handOver(t: TestBaton, id: string) {
  const r = await t.baton.services.startHandoff({
    actor: 'sam',
    customer: { id },
    to: { team: 'delivery' },
    context: DELIVERY_CONTEXT,
    source: { kind: 'person' },
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value.handoff;
}

describe('the outbox', () => {
  let t: TestBaton;
  afterEach(async () => t?.stop());

  it('waits as long as the platform asks on 429 and delivers the card exactly once', async () => {
    const slack = recordingPlatform('slack');
    t = await startTestBaton({ adapters: async () => [slack.adapter] });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales'));
    await handOver(t, 'acme');
    slack.failNext({ ok: false, error: 'ratelimited', retryAfterMs: 30_000 });
    await t.advance(0);
    expect(slack.toTeam('delivery')).toHaveLength(0);
    // Not before Retry-After has passed.
    await t.advance(29_000);
    expect(slack.toTeam('delivery')).toHaveLength(0);
    await t.advance(2_000);
    expect(slack.toTeam('delivery')).toHaveLength(1);
    await t.advance(60_000);
    expect(slack.toTeam('delivery')).toHaveLength(1);
  });

  it('retries server errors with backoff and keeps each conversation in order', async () => {
    const slack = recordingPlatform('slack');
    t = await startTestBaton({ adapters: async () => [slack.adapter] });
    await seedCustomers(
      t.store,
      aCustomer('acme', 'Acme Corp', 'sales'),
      aCustomer('globex', 'Globex', 'sales'),
    );
    const first = await handOver(t, 'acme');
    const second = await handOver(t, 'globex');
    slack.failNext(
      { ok: false, error: 'http 500' },
      { ok: false, error: 'http 502' },
      { ok: false, error: 'socket hang up', unknownOutcome: true },
    );
    for (let i = 0; i < 20 && slack.toTeam('delivery').length < 2; i++) await t.advance(60_000);
    const cards = slack
      .toTeam('delivery')
      .map((s) => (s.item.rendered.kind === 'card' ? s.item.rendered.card.handoffId : ''));
    expect(cards).toEqual([first.id, second.id]);
  });

  it('fails a delivery for good on a permanent error and says so in the metrics', async () => {
    const slack = recordingPlatform('slack');
    t = await startTestBaton({ adapters: async () => [slack.adapter] });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales'));
    await handOver(t, 'acme');
    slack.failNext({ ok: false, error: 'channel_not_found', permanent: true });
    await t.advance(0);
    await t.advance(3_600_000);
    expect(slack.toTeam('delivery')).toHaveLength(0);
    expect((await t.store.stats()).failedDeliveries).toBe(1);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/baton_failed_deliveries 1/);
    expect(metrics).toMatch(/baton_deliveries_total\{platform="slack",outcome="failed"\} 1/);
  });

  it('answers health, readiness and metrics on the same port', async () => {
    t = await startTestBaton({ adapters: async () => [recordingPlatform('slack').adapter] });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, checks: { store: { ok: true } } });
    expect((await fetch(`${t.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${t.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
