import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notes, openAcmeHandoff, pastTheNudges, reminders, touchpoints } from './contact-crm-support.js';
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js';
import { hubspotHeaders, post, startWebhookBaton, type WebhookBaton } from './support.js';

let t: WebhookBaton;
let hs: FakeHubSpot;

beforeEach(async () => {
  hs = await startFakeHubSpot();
  hs.owners.set('7001', { email: 'Tom@Baton.Example', firstName: 'Tom' });
  hs.companies.set('77', { properties: { name: 'Acme Corp', domain: 'acme.example' } });
  hs.contacts.set('501', {
    properties: { firstname: 'Min-jun', lastname: 'Kim', email: 'mj@acme.example' },
    associations: { companies: ['77'] },
  });
});
afterEach(async () => {
  await t?.stop();
  await hs?.close();
});

function start(env: Record<string, string> = {}) {
  return startWebhookBaton({
    env: { HUBSPOT_API_URL: hs.url, HUBSPOT_ACCESS_TOKEN: hs.token, ...env },
  });
}

/** A call as HubSpot stores it, logged by Tom at `at`, on Acme's company and contact. */
function logCall(id: string, at: Date, extra: Record<string, string> = {}) {
  hs.engagements.calls.set(id, {
    properties: {
      hs_timestamp: at.toISOString(),
      hubspot_owner_id: '7001',
      hs_call_title: 'Kickoff call',
      hs_call_status: 'COMPLETED',
      ...extra,
    },
    associations: { companies: ['77'], contacts: ['501'] },
  });
}

/** The generic webhook HubSpot sends when an engagement is created (`object.creation`, objectTypeId 0-48 for calls). */
function sendCreation(objectId: string, objectTypeId = '0-48', eventId = 5001) {
  const body = JSON.stringify([
    {
      eventId,
      subscriptionId: 9,
      portalId: 62515,
      appId: 54321,
      occurredAt: t.clock.now().getTime(),
      subscriptionType: 'object.creation',
      attemptNumber: 0,
      objectId: Number(objectId),
      objectTypeId,
      changeFlag: 'CREATED',
      changeSource: 'CRM',
    },
  ]);
  const url = `https://127.0.0.1:${t.port}/hooks/hubspot`;
  return post(t.url, '/hooks/hubspot', body, hubspotHeaders(url, body, t.clock.now().getTime()));
}

const minutes = (n: number) => new Date(t.clock.now().getTime() + n * 60_000);

describe('a call logged in HubSpot (generic webhook)', () => {
  it('contacts the handoff by Tom, updates the card, and no reminder follows', async () => {
    t = await start();
    const h = await openAcmeHandoff(t);
    await t.advance(10 * 60_000);
    const callAt = minutes(-1);
    logCall('8101', callAt);
    const r = await sendCreation('8101');
    expect(r).toMatchObject({ status: 202, json: { accepted: ['call:8101'] } });
    await t.advance(1_000);

    expect(await t.store.getHandoff(h.id)).toMatchObject({
      state: 'contacted',
      owner: 'tom',
      contactedAt: callAt.toISOString(),
    });
    expect(await touchpoints(t, h.customerId)).toContainEqual(
      expect.objectContaining({
        by: 'tom',
        channel: 'call',
        source: 'hubspot',
        note: 'Kickoff call',
        handoffId: h.id,
        at: callAt.toISOString(),
      }),
    );
    const updates = t.notifier.sent.filter(
      (s) => s.delivery.message.type === 'card-update' && s.delivery.message.handoffId === h.id,
    );
    expect(updates.length).toBeGreaterThan(0);
    expect(notes(t)).toContain('Tom Becker logged a contact: call');
    expect(await t.store.getInbound('hubspot', 'call:8101')).toMatchObject({
      status: 'processed',
      outcome: `contact logged (call) on handoff ${h.id} by tom`,
    });

    await pastTheNudges(t);
    expect(reminders(t)).toEqual([]);
  });

  it('control: without the call the reminders are sent', async () => {
    t = await start();
    await openAcmeHandoff(t);
    await pastTheNudges(t);
    expect(reminders(t).length).toBeGreaterThan(0);
  });

  it('does not count a call dated before the handoff opened', async () => {
    t = await start();
    const h = await openAcmeHandoff(t);
    logCall('8102', new Date(new Date(h.openedAt ?? h.createdAt).getTime() - 3_600_000));
    await sendCreation('8102');
    await t.advance(1_000);
    expect((await t.store.getHandoff(h.id))?.state).toBe('open');
    expect(await t.store.getInbound('hubspot', 'call:8102')).toMatchObject({
      status: 'processed',
      outcome: 'before the handoff; not counted',
    });
    await pastTheNudges(t);
    expect(reminders(t).length).toBeGreaterThan(0);
  });

  it('logs a call by someone who is not in the config as HubSpot’s, and it still counts', async () => {
    t = await start();
    const h = await openAcmeHandoff(t);
    await t.advance(10 * 60_000);
    hs.owners.set('7002', { email: 'temp@agency.example' });
    logCall('8103', minutes(-1), { hubspot_owner_id: '7002' });
    await sendCreation('8103');
    await t.advance(1_000);
    expect((await t.store.getHandoff(h.id))?.state).toBe('contacted');
    expect(await touchpoints(t, h.customerId)).toContainEqual(
      expect.objectContaining({ by: 'webhook:hubspot', channel: 'call' }),
    );
    expect(notes(t)).toContain('HubSpot logged a contact: call');
  });

  it('leaves alone calls that did not reach anyone and calls of customers Baton does not know', async () => {
    t = await start();
    const h = await openAcmeHandoff(t);
    logCall('8104', minutes(-1), { hs_call_status: 'NO_ANSWER' });
    hs.companies.set('88', { properties: { name: 'Globex' } });
    hs.engagements.calls.set('8105', {
      properties: { hs_timestamp: minutes(-1).toISOString(), hubspot_owner_id: '7001' },
      associations: { companies: ['88'] },
    });
    await sendCreation('8104', '0-48', 1);
    await sendCreation('8105', '0-48', 2);
    await t.advance(1_000);
    expect((await t.store.getHandoff(h.id))?.state).toBe('open');
    expect((await t.store.getInbound('hubspot', 'call:8104'))?.outcome).toBe(
      'ignored: a call that did not reach anyone (NO_ANSWER)',
    );
    expect((await t.store.getInbound('hubspot', 'call:8105'))?.outcome).toBe(
      'not counted: not a customer Baton knows',
    );
    expect(await t.store.listCustomers()).toHaveLength(1);
  });
});

describe('engagements read from HubSpot on a schedule (HUBSPOT_POLL_ENGAGEMENTS)', () => {
  function logMeeting(id: string, at: Date) {
    hs.engagements.meetings.set(id, {
      properties: {
        hs_timestamp: at.toISOString(),
        hubspot_owner_id: '7001',
        hs_meeting_title: 'Onboarding kickoff',
        hs_meeting_outcome: 'COMPLETED',
      },
      associations: { companies: ['77'] },
    });
    const company = hs.companies.get('77');
    if (company)
      company.associations = {
        ...company.associations,
        meetings: [...(company.associations?.meetings ?? []), id],
      };
  }

  it('finds a meeting logged on the company and counts it as the webhook would', async () => {
    t = await start({ HUBSPOT_POLL_ENGAGEMENTS: '1m' });
    const h = await openAcmeHandoff(t);
    const at = minutes(5);
    logMeeting('8201', at);
    await t.advance(10 * 60_000);
    expect(await t.store.getHandoff(h.id)).toMatchObject({
      state: 'contacted',
      owner: 'tom',
      contactedAt: at.toISOString(),
    });
    expect(await touchpoints(t, h.customerId)).toContainEqual(
      expect.objectContaining({ by: 'tom', channel: 'meeting', note: 'Onboarding kickoff' }),
    );
    expect(notes(t)).toContain('Tom Becker logged a contact: meeting');
    await pastTheNudges(t);
    expect(reminders(t)).toEqual([]);
  });

  it('counts an engagement seen by the webhook and by the poll once', async () => {
    t = await start({ HUBSPOT_POLL_ENGAGEMENTS: '1m' });
    const h = await openAcmeHandoff(t);
    await t.advance(10 * 60_000);
    logMeeting('8202', minutes(-1));
    expect((await sendCreation('8202', '0-47')).status).toBe(202);
    await t.advance(2 * 60_000);
    await t.advance(2 * 60_000);
    expect((await sendCreation('8202', '0-47', 5002)).json).toMatchObject({ duplicates: ['meeting:8202'] });
    await t.advance(2 * 60_000);
    const mine = (await touchpoints(t, h.customerId)).filter((p) => p.source === 'hubspot');
    expect(mine).toHaveLength(1);
    expect(notes(t).filter((n) => n.includes('logged a contact'))).toHaveLength(1);
  });

  it('does not record engagements older than the handoff', async () => {
    t = await start({ HUBSPOT_POLL_ENGAGEMENTS: '1m' });
    const h = await openAcmeHandoff(t);
    logMeeting('8203', new Date(new Date(h.openedAt ?? h.createdAt).getTime() - 86_400_000));
    await t.advance(2 * 60_000);
    expect(await t.store.getInbound('hubspot', 'meeting:8203')).toBeUndefined();
    expect((await t.store.getHandoff(h.id))?.state).toBe('open');
    const reads = hs.requests.filter((r) => r.path.startsWith('/crm/v3/objects/meetings/batch/read')).length;
    expect(reads).toBe(1);
    await t.advance(2 * 60_000);
    // Known to be older: not read again.
    expect(hs.requests.filter((r) => r.path.startsWith('/crm/v3/objects/meetings/batch/read'))).toHaveLength(
      reads,
    );
  });

  it('waits out a 429 for as long as Retry-After says, then reads', async () => {
    t = await start({ HUBSPOT_POLL_ENGAGEMENTS: '1m' });
    const h = await openAcmeHandoff(t);
    logMeeting('8204', minutes(1));
    hs.throttle = { times: 1, retryAfter: '120' };
    await t.advance(2 * 60_000);
    expect(hs.throttle.times).toBe(0);
    const asked = hs.requests.length;
    await t.advance(60_000);
    // Still inside the two minutes HubSpot asked for: nothing is sent.
    expect(hs.requests.length).toBe(asked);
    expect((await t.store.getHandoff(h.id))?.state).toBe('open');
    await t.advance(61_000);
    expect((await t.store.getHandoff(h.id))?.state).toBe('contacted');
  });

  it('is off without the switch', async () => {
    t = await start();
    const h = await openAcmeHandoff(t);
    logMeeting('8205', minutes(1));
    await t.advance(10 * 60_000);
    expect(hs.requests).toEqual([]);
    expect((await t.store.getHandoff(h.id))?.state).toBe('open');
  });
});
