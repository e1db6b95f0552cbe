import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js';
import {
  auditEntry,
  fixture,
  hubspotHeaders,
  post,
  startWebhookBaton,
  type WebhookBaton,
} from './support.js';

let t: WebhookBaton;
let hs: FakeHubSpot;

beforeEach(async () => {
  hs = await startFakeHubSpot();
  hs.pipelines.set('default', [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled' },
    { id: 'closedwon', label: 'Closed Won' },
  ]);
  hs.pipelines.set('enterprise', [{ id: '98765', label: 'Closed won' }]);
  hs.owners.set('4242', { email: 'Dana@Baton.example', firstName: 'Dana' });
  hs.companies.set('77', { properties: { name: 'Acme Corp', domain: 'acme.example' } });
  hs.contacts.set('501', {
    properties: {
      firstname: 'Min-jun',
      lastname: 'Kim',
      email: 'mj@acme.example',
      jobtitle: 'sponsor',
      hs_language: 'ko',
    },
    associations: { companies: ['77'] },
  });
  hs.deals.set('9001', {
    properties: {
      dealname: 'Acme – Platform',
      dealstage: 'closedwon',
      amount: '120000',
      pipeline: 'default',
      hubspot_owner_id: '4242',
      closedate: '2026-11-20T17:00:00.000Z',
      description: 'Annual plan, 40 seats',
    },
    associations: { companies: ['77'], contacts: ['501'] },
  });
  t = await startWebhookBaton({ env: { HUBSPOT_API_URL: hs.url, HUBSPOT_ACCESS_TOKEN: hs.token } });
});
afterEach(async () => {
  await t?.stop();
  await hs?.close();
});

/** Sends a batch exactly as HubSpot does: signed for the https URL it called, at the current clock. */
function sendBatch(events: unknown[] | string, at = t.clock.now().getTime()) {
  const body = typeof events === 'string' ? events : JSON.stringify(events);
  const url = `https://127.0.0.1:${t.port}/hooks/hubspot`;
  return post(t.url, '/hooks/hubspot', body, hubspotHeaders(url, body, at));
}

function stageChange(eventId: number, dealId: string, stage: string) {
  return {
    eventId,
    subscriptionId: 1,
    portalId: 62515,
    appId: 54321,
    occurredAt: t.clock.now().getTime() - 1_000,
    subscriptionType: 'deal.propertyChange',
    attemptNumber: 0,
    objectId: Number(dealId),
    propertyName: 'dealstage',
    propertyValue: stage,
    changeSource: 'CRM',
  };
}

describe('POST /hooks/hubspot', () => {
  it('answers a signed batch at once, then reads the deal, company, contacts and labels and proposes the handoff', async () => {
    const r = await sendBatch(fixture('hubspot-deal-stage-batch.json'));
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ accepted: ['62515:9001:1001'], ignored: 2 });
    expect(hs.requests).toEqual([]);

    await t.advance(1_000);
    expect(hs.requests.every((q) => q.auth === `Bearer ${hs.token}`)).toBe(true);
    const [customer] = await t.store.listCustomers();
    expect(customer).toMatchObject({
      name: 'Acme Corp',
      domain: 'acme.example',
      externalIds: { hubspot: '77' },
      language: 'ko',
      owner: 'dana',
      contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', role: 'sponsor' }],
    });
    const [h] = await t.store.listHandoffs({});
    // HubSpot knows no go-live date: the deal owner is asked to complete and confirm.
    expect(h).toMatchObject({
      playbook: 'sales-to-delivery',
      state: 'proposed',
      sender: 'dana',
      note: 'HubSpot: Acme – Platform → Closed Won',
      source: { kind: 'event', system: 'hubspot', eventId: '62515:9001:1001' },
      context: {
        summary: 'Annual plan, 40 seats',
        dealValue: 120000,
        closeDate: '2026-11-20',
        keyContact: 'Min-jun Kim <mj@acme.example>',
        language: 'ko',
        links: ['https://app.hubspot.com/contacts/62515/record/0-3/9001'],
      },
    });
    expect(t.notifier.sent.map((s) => s.delivery.target)).toContainEqual({ kind: 'person', person: 'dana' });
  });

  it('matches a playbook by the stage label when the internal id is a number', async () => {
    hs.deals.set('9002', { properties: { dealname: 'Globex', pipeline: 'enterprise', dealstage: '98765' } });
    await sendBatch([stageChange(2001, '9002', '98765')]);
    await t.advance(1_000);
    const [h] = await t.store.listHandoffs({});
    expect(h).toMatchObject({ playbook: 'sales-to-delivery', note: 'HubSpot: Globex → Closed won' });
    // Without a company the deal itself is how the customer is found again.
    expect((await t.store.listCustomers())[0]?.externalIds).toEqual({ 'hubspot-deal': '9002' });
  });

  it('records a stage that triggers nothing on the timeline, with its label', async () => {
    await sendBatch([stageChange(3001, '9001', 'appointmentscheduled')]);
    await t.advance(1_000);
    expect((await t.store.stats()).handoffs).toBe(0);
    const [customer] = await t.store.listCustomers();
    expect((await auditEntry(t, customer?.id ?? '', 'event.recorded'))?.details).toMatchObject({
      stage: 'appointmentscheduled',
      stageLabel: 'Appointment Scheduled',
      system: 'hubspot',
    });
  });

  it('records what is new in a redelivered batch and nothing twice', async () => {
    expect((await sendBatch([stageChange(1, '9001', 'closedwon')])).status).toBe(202);
    const again = await sendBatch([stageChange(1, '9001', 'closedwon')]);
    expect(again).toMatchObject({ status: 200, json: { duplicates: ['62515:9001:1'] } });
    const mixed = await sendBatch([stageChange(1, '9001', 'closedwon'), stageChange(2, '9001', 'closedwon')]);
    expect(mixed).toMatchObject({
      status: 202,
      json: { accepted: ['62515:9001:2'], duplicates: ['62515:9001:1'] },
    });
    await t.advance(1_000);
    const handoffs = await t.store.listHandoffs({});
    expect(handoffs).toHaveLength(1);
    // The second event is the deal re-entering the stage: a note on the card in flight.
    expect(handoffs[0]?.notes).toHaveLength(1);
  });

  it('refuses a replay outside the 5-minute window and a wrong signature with 401, changing nothing', async () => {
    const body = JSON.stringify([stageChange(5, '9001', 'closedwon')]);
    const url = `https://127.0.0.1:${t.port}/hooks/hubspot`;
    const old = hubspotHeaders(url, body, t.clock.now().getTime() - 5 * 60_000 - 1_000);
    expect((await post(t.url, '/hooks/hubspot', body, old)).status).toBe(401);
    const wrong = hubspotHeaders(url, body, t.clock.now().getTime(), 'wrong-secret');
    expect((await post(t.url, '/hooks/hubspot', body, wrong)).status).toBe(401);
    const otherUrl = hubspotHeaders('https://elsewhere.example/hooks/hubspot', body, t.clock.now().getTime());
    expect((await post(t.url, '/hooks/hubspot', body, otherUrl)).status).toBe(401);
    await t.advance(1_000);
    expect(await t.store.stats()).toMatchObject({ customers: 0, handoffs: 0, pendingInbound: 0 });
    expect(hs.requests).toEqual([]);
  });

  it('retries with backoff while the HubSpot API is down, then carries on', async () => {
    hs.failWith = 503;
    await sendBatch([stageChange(7, '9001', 'closedwon')]);
    await t.advance(1_000);
    expect(await t.store.getInbound('hubspot', '62515:9001:7')).toMatchObject({
      status: 'pending',
      attempts: 1,
      outcome: 'retrying: HUBSPOT_API_503',
    });
    await t.advance(30_000);
    expect((await t.store.getInbound('hubspot', '62515:9001:7'))?.attempts).toBe(1);
    hs.failWith = undefined;
    await t.advance(61_000);
    expect(await t.store.getInbound('hubspot', '62515:9001:7')).toMatchObject({
      status: 'processed',
      attempts: 2,
    });
    expect((await t.store.stats()).handoffs).toBe(1);
  });

  it('gives up after eight attempts as failed, visible in check()', async () => {
    hs.failWith = 500;
    await sendBatch([stageChange(8, '9001', 'closedwon')]);
    for (let i = 0; i < 10; i++) await t.advance(3_600_000);
    expect(await t.store.getInbound('hubspot', '62515:9001:8')).toMatchObject({
      status: 'failed',
      attempts: 8,
      outcome: 'failed: HUBSPOT_API_500',
    });
    // Nothing of what HubSpot sent stays with a given-up event: the sender has it to send again.
    expect(await t.store.getInbound('hubspot', '62515:9001:8')).not.toHaveProperty('payload');
    const lines = (await t.baton.adapters.find((a) => a.name === 'webhooks')?.check?.()) ?? [];
    expect(lines.join('\n')).toContain('hubspot 62515:9001:8 (deal.propertyChange) after 8 attempt(s)');
  });

  it('updates a known customer on a company change and ignores companies Baton does not know', async () => {
    await sendBatch([stageChange(9, '9001', 'closedwon')]);
    await t.advance(1_000);
    hs.companies.set('77', { properties: { name: 'Acme Corporation', domain: 'acme.example' } });
    hs.companies.set('78', { properties: { name: 'Stranger Inc', domain: 'stranger.example' } });
    const change = (eventId: number, objectId: number) => ({
      eventId,
      subscriptionId: 2,
      portalId: 62515,
      occurredAt: t.clock.now().getTime(),
      subscriptionType: 'company.propertyChange',
      objectId,
      propertyName: 'name',
      propertyValue: 'x',
    });
    await sendBatch([change(10, 77), change(11, 78)]);
    await t.advance(1_000);
    const customers = await t.store.listCustomers();
    expect(customers.map((c) => c.name)).toEqual(['Acme Corporation']);
    expect(await t.store.getInbound('hubspot', '62515:78:11')).toMatchObject({
      status: 'processed',
      outcome: 'ignored: not a customer Baton knows',
    });
  });
});
