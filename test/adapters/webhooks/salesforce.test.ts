import { afterEach, describe, expect, it } from 'vitest';
import { domainOf } from '../../../adapters/webhooks/salesforce.js';
import { fixture, fixtureJson, post, SECRETS, startWebhookBaton, type WebhookBaton } from './support.js';

let t: WebhookBaton;
afterEach(async () => {
  await t?.stop();
});

function send(body: string, secret: string = SECRETS.SALESFORCE_WEBHOOK_SECRET) {
  return post(t.url, '/hooks/salesforce', body, { 'x-baton-secret': secret });
}

describe('POST /hooks/salesforce: a Flow HTTP callout', () => {
  it('opens the handoff for an opportunity that reached Closed Won, owner found by email', async () => {
    t = await startWebhookBaton();
    const r = await send(fixture('salesforce-opportunity-closed-won.json'));
    expect(r.status).toBe(202);
    await t.advance(1_000);
    const [customer] = await t.store.listCustomers();
    expect(customer).toMatchObject({
      name: 'Initech',
      domain: 'initech.example',
      externalIds: { salesforce: '0016g00000InitAcAA' },
      owner: 'dana',
    });
    const [h] = await t.store.listHandoffs({});
    expect(h).toMatchObject({
      playbook: 'sales-to-delivery',
      state: 'open',
      sender: 'dana',
      note: 'Salesforce: Initech – Platform rollout → Closed Won',
      context: {
        dealValue: 84000,
        currency: 'EUR',
        goLiveDate: '2027-02-01',
        keyContact: 'Bill Lumbergh <bill@initech.example>',
      },
    });
  });

  it('knows a redelivery without eventId by opportunity, stage and LastModifiedDate', async () => {
    t = await startWebhookBaton();
    const body = fixtureJson<Record<string, unknown>>('salesforce-opportunity-closed-won.json');
    delete body.eventId;
    const text = JSON.stringify(body);
    expect((await send(text)).json).toMatchObject({
      accepted: ['0066g00000AcmeOpAA:closedwon:2026-11-23T14:55:00.000Z'],
    });
    expect((await send(text)).status).toBe(200);
    const noDate = { ...body, opportunity: { ...(body.opportunity as object), lastModifiedDate: undefined } };
    expect(await send(JSON.stringify(noDate))).toMatchObject({ status: 400, json: { field: 'eventId' } });
  });

  it('refuses a wrong or missing secret with 401 and a bad field with 400', async () => {
    t = await startWebhookBaton();
    const body = fixture('salesforce-opportunity-closed-won.json');
    expect((await send(body, 'guess')).status).toBe(401);
    expect((await post(t.url, '/hooks/salesforce', body)).status).toBe(401);
    const bad = fixtureJson<{ account: Record<string, unknown> }>('salesforce-opportunity-closed-won.json');
    bad.account.id = 'not an id';
    expect(await send(JSON.stringify(bad))).toMatchObject({ status: 400, json: { field: 'account.id' } });
    await t.advance(1_000);
    expect(await t.store.stats()).toMatchObject({ customers: 0, pendingInbound: 0 });
  });

  it('reads a domain from the account website', () => {
    expect(domainOf('https://www.initech.example/about')).toBe('initech.example');
    expect(domainOf('initech.example')).toBe('initech.example');
    expect(domainOf('localhost')).toBeUndefined();
    expect(domainOf(null)).toBeUndefined();
  });
});
