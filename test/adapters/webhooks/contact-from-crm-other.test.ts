import { afterEach, describe, expect, it } from 'vitest';
import { notes, openAcmeHandoff, pastTheNudges, reminders, touchpoints } from './contact-crm-support.js';
import { post, postEvent, SECRETS, startWebhookBaton, type WebhookBaton } from './support.js';

let t: WebhookBaton;
afterEach(async () => {
  await t?.stop();
});

function sendSalesforce(body: unknown, secret: string = SECRETS.SALESFORCE_WEBHOOK_SECRET) {
  return post(t.url, '/hooks/salesforce', JSON.stringify(body), { 'x-baton-secret': secret });
}

/** Initech's Delivery handoff, opened by the Salesforce opportunity callout (account 0016g00000InitAcAA). */
async function openInitechHandoff() {
  const r = await sendSalesforce({
    eventId: 'opp-closed-won-1',
    opportunity: {
      id: '0066g00000AcmeOpAA',
      name: 'Initech – Platform rollout',
      stage: 'Closed Won',
      ownerEmail: 'dana@baton.example',
      summary: 'Platform rollout',
      goLiveDate: '2027-02-01',
      lastModifiedDate: '2026-11-23T14:55:00.000Z',
    },
    account: { id: '0016g00000InitAcAA', name: 'Initech', website: 'https://www.initech.example' },
    contacts: [{ name: 'Bill Lumbergh', email: 'bill@initech.example', role: 'sponsor' }],
  });
  expect(r.status).toBe(202);
  await t.advance(1_000);
  const [h] = await t.store.listHandoffs({});
  expect(h).toMatchObject({ state: 'open', to: 'delivery' });
  if (!h) throw new Error('no handoff');
  return h;
}

function taskCallout(overrides: Record<string, unknown> = {}) {
  return {
    activity: {
      type: 'task',
      id: '00T6g00000CallTkAA',
      subject: 'Call: kickoff planning',
      activityDate: new Date(t.clock.now().getTime() - 60_000).toISOString(),
      ownerEmail: 'TOM@baton.example',
      accountId: '0016g00000InitAcAA',
      whatId: '0066g00000AcmeOpAA',
      whoEmail: 'bill@initech.example',
      taskSubtype: 'Call',
      callType: 'Outbound',
      ...overrides,
    },
  };
}

describe('POST /hooks/salesforce: an activity callout from a Flow on Task or Event', () => {
  it('a logged call contacts the handoff by Tom and stops the reminders', async () => {
    t = await startWebhookBaton();
    const h = await openInitechHandoff();
    await t.advance(10 * 60_000);
    const body = taskCallout();
    const r = await sendSalesforce(body);
    expect(r).toMatchObject({ status: 202, json: { accepted: ['task:00T6g00000CallTkAA'] } });
    await t.advance(1_000);
    expect(await t.store.getHandoff(h.id)).toMatchObject({
      state: 'contacted',
      owner: 'tom',
      contactedAt: body.activity.activityDate,
    });
    expect(await touchpoints(t, h.customerId)).toContainEqual(
      expect.objectContaining({
        by: 'tom',
        channel: 'call',
        source: 'salesforce',
        note: 'Call: kickoff planning',
      }),
    );
    expect(notes(t)).toContain('Tom Becker logged a contact: call');
    // Sent again (a Flow retried): the same Task counts once.
    expect((await sendSalesforce(body)).json).toMatchObject({ duplicates: ['task:00T6g00000CallTkAA'] });
    await pastTheNudges(t);
    expect(reminders(t)).toEqual([]);
    expect((await touchpoints(t, h.customerId)).filter((p) => p.source === 'salesforce')).toHaveLength(1);
  });

  it('an Event is a meeting; a Task dated before the handoff opened does not count', async () => {
    t = await startWebhookBaton();
    const h = await openInitechHandoff();
    await sendSalesforce(taskCallout({ id: '00T6g00000OldTskAA', activityDate: '2026-11-20T10:00:00Z' }));
    await t.advance(1_000);
    expect((await t.store.getHandoff(h.id))?.state).toBe('open');
    expect((await t.store.getInbound('salesforce', 'task:00T6g00000OldTskAA'))?.outcome).toBe(
      'before the handoff; not counted',
    );
    await t.advance(60 * 60_000);
    await sendSalesforce({
      activity: {
        type: 'event',
        id: '00U6g00000MeetEvAA',
        subject: 'Onboarding workshop',
        activityDate: new Date(t.clock.now().getTime() - 60_000).toISOString(),
        ownerEmail: 'tom@baton.example',
        whatId: '0016g00000InitAcAA',
        eventSubtype: 'Event',
      },
    });
    await t.advance(1_000);
    expect(await t.store.getHandoff(h.id)).toMatchObject({ state: 'contacted', owner: 'tom' });
    expect(notes(t)).toContain('Tom Becker logged a contact: meeting');
  });

  it('refuses an activity that names no customer, and one without the secret', async () => {
    t = await startWebhookBaton();
    const r = await sendSalesforce(taskCallout({ accountId: null, whatId: null, whoEmail: null }));
    expect(r).toMatchObject({ status: 400, json: { field: 'activity.accountId' } });
    expect((await sendSalesforce(taskCallout(), 'wrong')).status).toBe(401);
    expect((await t.store.stats()).pendingInbound).toBe(0);
  });
});

describe('the generic contact.logged event with by', () => {
  it('counts for the open handoff as contacted by the person with that email', async () => {
    t = await startWebhookBaton();
    const h = await openAcmeHandoff(t);
    await t.advance(10 * 60_000);
    const at = new Date(t.clock.now().getTime() - 120_000).toISOString();
    await postEvent(t, {
      id: 'evt_contact_1',
      type: 'contact.logged',
      occurredAt: at,
      customer: { id: '77', system: 'hubspot' },
      channel: 'email',
      note: 'Welcome pack sent',
      by: 'Tom@Baton.example',
    });
    await t.advance(1_000);
    expect(await t.store.getHandoff(h.id)).toMatchObject({
      state: 'contacted',
      owner: 'tom',
      contactedAt: at,
    });
    expect(await touchpoints(t, h.customerId)).toContainEqual(
      expect.objectContaining({ by: 'tom', channel: 'email', note: 'Welcome pack sent', at }),
    );
    await pastTheNudges(t);
    expect(reminders(t)).toEqual([]);
  });

  it('refuses a by that is not an email', async () => {
    t = await startWebhookBaton();
    const r = await postEvent(t, {
      id: 'evt_contact_2',
      type: 'contact.logged',
      customer: { domain: 'acme.example' },
      by: 'tom',
    });
    expect(r).toMatchObject({ status: 400, json: { field: 'by' } });
  });
});
