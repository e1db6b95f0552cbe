import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../../support/harness.js';
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js';
import {
  fixtureJson,
  hubspotHeaders,
  post,
  SECRETS,
  startWebhookBaton,
  type WebhookBaton,
} from './support.js';

/**
 * The CRMs' word on a customer picks the segment: the bundled enterprise
 * playbook (`when: { tier: enterprise }`), and the test's own segment on a
 * custom field (`industry`), whose name tells Baton what to read.
 */
let tmp: Awaited<ReturnType<typeof tempDir>>;
let t: WebhookBaton;
let hs: FakeHubSpot;

beforeEach(async () => {
  tmp = await tempDir('baton-segments-crm-');
  const handoffs = path.join(tmp.dir, 'handoffs');
  await mkdir(handoffs);
  await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
  await writeFile(
    path.join(handoffs, 'sales-to-delivery-finance.yaml'),
    [
      'from: sales',
      'to: delivery',
      'when: { tier: standard, fields: { industry: [fintech, banking] } }',
      'trigger: { crmStages: [closedwon] }',
      'sla: { accept: PT1H, firstContact: PT8H }',
    ].join('\n'),
  );
  hs = await startFakeHubSpot();
  hs.pipelines.set('default', [{ id: 'closedwon', label: 'Closed Won' }]);
  t = await startWebhookBaton({
    env: { HUBSPOT_API_URL: hs.url, HUBSPOT_ACCESS_TOKEN: hs.token, BATON_HANDOFFS: handoffs },
  });
});
afterEach(async () => {
  await t?.stop();
  await hs?.close();
  await tmp?.cleanup();
});

function hubspotDeal(dealId: string, companyId: string, company: Record<string, string>) {
  hs.companies.set(companyId, { properties: { domain: `c${companyId}.example`, ...company } });
  hs.deals.set(dealId, {
    properties: { dealname: `Deal ${dealId}`, dealstage: 'closedwon', amount: '90000', pipeline: 'default' },
    associations: { companies: [companyId] },
  });
  const body = JSON.stringify([
    {
      eventId: Number(dealId),
      subscriptionId: 1,
      portalId: 62515,
      appId: 54321,
      occurredAt: t.clock.now().getTime() - 1_000,
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId: Number(dealId),
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
      changeSource: 'CRM',
    },
  ]);
  const url = `https://127.0.0.1:${t.port}/hooks/hubspot`;
  return post(t.url, '/hooks/hubspot', body, hubspotHeaders(url, body, t.clock.now().getTime()));
}

const handoffOf = async (externalId: string, system = 'hubspot') => {
  const c = await t.store.findCustomerByExternalId(system, externalId);
  return { customer: c, handoff: (await t.store.listHandoffs({ customerId: c?.id ?? '' }))[0] };
};

describe('segments from the CRM', () => {
  it('HubSpot: the company’s tier and the custom field a segment names pick the playbook and are recorded', async () => {
    expect((await hubspotDeal('9001', '77', { name: 'Initrode', tier: 'enterprise' })).status).toBe(202);
    expect(
      (await hubspotDeal('9002', '78', { name: 'Fintech Bank', tier: 'Standard', industry: 'Banking' }))
        .status,
    ).toBe(202);
    expect((await hubspotDeal('9003', '79', { name: 'Corner Shop', industry: 'retail' })).status).toBe(202);
    await t.advance(1_000);

    const ent = await handoffOf('77');
    expect(ent.handoff?.playbook).toBe('sales-to-delivery-enterprise');
    expect(ent.customer?.attributes).toEqual({ tier: 'enterprise', dealValue: 90000 });
    const bank = await handoffOf('78');
    expect(bank.handoff?.playbook).toBe('sales-to-delivery-finance');
    expect(bank.customer?.attributes).toEqual({
      tier: 'Standard',
      dealValue: 90000,
      fields: { industry: 'Banking' },
    });
    // Control: a company in no segment takes the pair's default.
    const shop = await handoffOf('79');
    expect(shop.handoff?.playbook).toBe('sales-to-delivery');
    // Baton asked HubSpot for what the segments name.
    const companyRead = hs.requests.find((r) => r.path.startsWith('/crm/v3/objects/companies/77'));
    expect(companyRead?.path).toMatch(/properties=[^&]*\btier\b/);
    expect(companyRead?.path).toMatch(/properties=[^&]*\bindustry\b/);
  });

  it('Salesforce: the account’s tier and fields in the Flow body pick the playbook and are recorded', async () => {
    const body = fixtureJson<{ account: Record<string, unknown> }>('salesforce-opportunity-closed-won.json');
    body.account = { ...body.account, tier: 'Enterprise', region: 'EMEA', fields: { Industry__c: 'Energy' } };
    const r = await post(t.url, '/hooks/salesforce', JSON.stringify(body), {
      'x-baton-secret': SECRETS.SALESFORCE_WEBHOOK_SECRET,
    });
    expect(r.status).toBe(202);
    await t.advance(1_000);
    const { customer, handoff } = await handoffOf('0016g00000InitAcAA', 'salesforce');
    expect(handoff?.playbook).toBe('sales-to-delivery-enterprise');
    expect(customer?.attributes).toEqual({
      tier: 'Enterprise',
      region: 'EMEA',
      dealValue: 84000,
      fields: { Industry__c: 'Energy' },
    });
  });

  it('a field that is not the grammar is refused with 400 naming it', async () => {
    const body = fixtureJson<{ account: Record<string, unknown> }>('salesforce-opportunity-closed-won.json');
    body.account = { ...body.account, fields: { 'not a name': 'x' } };
    const r = await post(t.url, '/hooks/salesforce', JSON.stringify(body), {
      'x-baton-secret': SECRETS.SALESFORCE_WEBHOOK_SECRET,
    });
    expect(r.status).toBe(400);
    expect(String(r.json.field)).toContain('account.fields');
  });
});
