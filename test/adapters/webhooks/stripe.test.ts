import { afterEach, describe, expect, it } from 'vitest';
import { receiveStripe } from '../../../adapters/webhooks/stripe.js';
import {
  auditEntry,
  fixture,
  fixtureJson,
  post,
  startWebhookBaton,
  stripeSignature,
  type WebhookBaton,
} from './support.js';

let t: WebhookBaton;
afterEach(async () => {
  await t?.stop();
});

const nowS = () => Math.floor(t.clock.now().getTime() / 1000);
function send(body: string, signature = stripeSignature(body, nowS())) {
  return post(t.url, '/hooks/stripe', body, { 'stripe-signature': signature });
}

describe("Stripe-Signature, as Stripe's libraries check it", () => {
  const doc = fixtureJson<{ secret: string; timestamp: number; body: string; v1: string }>(
    'stripe-signature.json',
  );
  const req = (sig: string, nowSeconds: number) => ({
    method: 'POST',
    url: '/hooks/stripe',
    headers: { 'stripe-signature': sig },
    body: Buffer.from(doc.body),
    now: new Date(nowSeconds * 1000),
  });

  it('passes the fixture signature within 300 s, among several v1 (a secret being rolled)', () => {
    const sig = `t=${doc.timestamp},v1=${'0'.repeat(64)},v1=${doc.v1},v0=deadbeef`;
    // The signature holds; the fixture body is no Stripe event, so it is refused as a body (400), not 401.
    expect(receiveStripe(req(sig, doc.timestamp + 299), doc.secret)).toMatchObject({ status: 400 });
  });

  it('refuses it past the tolerance, with another secret, or without a v1', () => {
    const sig = `t=${doc.timestamp},v1=${doc.v1}`;
    expect(receiveStripe(req(sig, doc.timestamp + 301), doc.secret)).toMatchObject({ status: 401 });
    expect(receiveStripe(req(sig, doc.timestamp), 'whsec_other')).toMatchObject({ status: 401 });
    expect(receiveStripe(req(`t=${doc.timestamp},v0=${doc.v1}`, doc.timestamp), doc.secret)).toMatchObject({
      status: 401,
    });
  });
});

describe('POST /hooks/stripe', () => {
  it('turns checkout.session.completed into a purchase: the handoff to delivery opens', async () => {
    t = await startWebhookBaton();
    const r = await send(fixture('stripe-checkout-session-completed.json'));
    expect(r).toMatchObject({ status: 202, json: { accepted: ['evt_1QcheckoutAcme0001'] } });
    await t.advance(1_000);
    const [customer] = await t.store.listCustomers();
    expect(customer).toMatchObject({
      name: 'Min-jun Kim',
      externalIds: { stripe: 'cus_AcmeStripe01' },
      language: 'ko',
      postPurchase: true,
      contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example' }],
    });
    const [h] = await t.store.listHandoffs({});
    expect(h).toMatchObject({
      playbook: 'sales-to-delivery',
      state: 'open',
      source: { kind: 'event', system: 'stripe', eventId: 'evt_1QcheckoutAcme0001' },
      context: {
        summary: 'Annual plan, 40 seats; onboarding in Korean',
        goLiveDate: '2027-01-15',
        dealValue: 12000,
        currency: 'USD',
        language: 'ko',
        links: ['https://dashboard.stripe.com/test/customers/cus_AcmeStripe01'],
      },
    });
  });

  it('counts zero-decimal currencies in whole units and matches a customer by email', async () => {
    t = await startWebhookBaton();
    await send(fixture('stripe-invoice-paid.json'));
    await t.advance(1_000);
    const [h] = await t.store.listHandoffs({});
    expect(h?.context).toMatchObject({ dealValue: 5000000, currency: 'KRW' });
    // Globex knows no summary: the purchase is proposed for someone to complete.
    expect(h?.state).toBe('proposed');
  });

  it('records a renewal invoice on the timeline instead of starting a handoff', async () => {
    t = await startWebhookBaton();
    const renewal = fixtureJson<{ id: string; data: { object: Record<string, unknown> } }>(
      'stripe-invoice-paid.json',
    );
    renewal.id = 'evt_renewal';
    renewal.data.object.billing_reason = 'subscription_cycle';
    await send(JSON.stringify(renewal));
    await t.advance(1_000);
    expect((await t.store.stats()).handoffs).toBe(0);
    const [customer] = await t.store.listCustomers();
    const audit = await auditEntry(t, customer?.id ?? '', 'event.recorded');
    expect(audit?.details).toMatchObject({
      reason: 'a renewal (subscription_cycle), not a new purchase',
    });
  });

  it('acknowledges other event types without keeping them, and dedupes by event id', async () => {
    t = await startWebhookBaton();
    const other = JSON.stringify({
      id: 'evt_other',
      type: 'customer.created',
      created: nowS(),
      data: { object: { id: 'cus_1' } },
    });
    expect(await send(other)).toMatchObject({ status: 200, json: { ignored: 1 } });
    const body = fixture('stripe-checkout-session-completed.json');
    expect((await send(body)).status).toBe(202);
    expect((await send(body)).status).toBe(200);
    await t.advance(1_000);
    expect((await t.store.stats()).handoffs).toBe(1);
  });

  it('refuses an old or wrong signature with 401 and a malformed object with 400 naming the field', async () => {
    t = await startWebhookBaton();
    const body = fixture('stripe-checkout-session-completed.json');
    expect((await send(body, stripeSignature(body, nowS() - 301))).status).toBe(401);
    expect((await send(body, stripeSignature(body, nowS(), 'whsec_wrong'))).status).toBe(401);
    expect((await post(t.url, '/hooks/stripe', body)).status).toBe(401);
    const bad = fixtureJson<{ data: { object: Record<string, unknown> } }>(
      'stripe-checkout-session-completed.json',
    );
    bad.data.object.amount_total = 'a lot';
    const r = await send(JSON.stringify(bad));
    expect(r).toMatchObject({ status: 400, json: { field: 'data.object.amount_total' } });
    expect((await t.store.stats()).pendingInbound).toBe(0);
  });
});
