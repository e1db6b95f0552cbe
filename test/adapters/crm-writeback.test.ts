import { afterEach, describe, expect, it } from 'vitest';
import { DEAL, OPPORTUNITY, startWriteBackTest, type WriteBackTest } from './crm-writeback/setup.js';
import { handoffVia, messageIn } from './slack/helpers.js';

const MIN = 60_000;

let s: WriteBackTest;
afterEach(async () => {
  await s.stop();
  expect(s.hubspot.violations).toEqual([]);
  expect(s.salesforce.violations).toEqual([]);
  expect(s.fake.violations).toEqual([]);
});

/** Acme Corp handed to Delivery by Dana, its card posted; returns the card. */
async function openHandoff() {
  await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
  await s.pass();
  return messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery');
}

async function acceptAsTom() {
  const card = await openHandoff();
  const clicked = await s.slack.click(card, 'baton:accept', 'U0TOM');
  expect(clicked.res.status).toBe(200);
  return String((await s.slack.answer(clicked.responseId)).text);
}

describe('Writing back to the CRM', () => {
  it('an accept writes one note on the HubSpot deal and one completed Task on the opportunity', async () => {
    s = await startWriteBackTest();
    expect(await acceptAsTom()).toContain('Acme Corp');
    // The person is answered before any CRM is called: the outbox writes afterwards.
    expect(s.hubspot.notes).toEqual([]);
    expect(s.salesforce.tasks).toEqual([]);
    await s.pass();
    expect(s.hubspot.notes).toHaveLength(1);
    const note = s.hubspot.notes[0];
    expect(note?.on).toEqual([`deal:${DEAL}`]);
    // The company's default language and zone (the example config: English, New York).
    expect(note?.body).toContain(
      'Baton: Acme Corp accepted by Tom Becker (Delivery) on Nov 23, 2026, 10:00 AM EST.',
    );
    expect(note?.timestamp).toBe('2026-11-23T15:00:00.000Z');
    expect(s.salesforce.tasks).toHaveLength(1);
    expect(s.salesforce.tasks[0]).toMatchObject({
      WhatId: OPPORTUNITY,
      Subject: 'Baton: handoff accepted',
      Status: 'Completed',
      ActivityDate: '2026-11-23',
    });
    expect(s.salesforce.tasks[0]?.Description).toContain('Acme Corp accepted by Tom Becker (Delivery)');
    await s.pass(MIN);
    await s.pass(10 * MIN);
    expect(s.hubspot.notes).toHaveLength(1);
    expect(s.salesforce.tasks).toHaveLength(1);
  });

  it('a reassign, a first contact and a decline each write one note and one Task', async () => {
    s = await startWriteBackTest();
    await acceptAsTom();
    await s.pass();
    const [h] = await s.t.store.listHandoffs({ customerId: 'cus_acme' });
    if (!h) throw new Error('no handoff');
    expect((await s.t.baton.services.reassign({ handoffId: h.id, actor: 'tom', to: 'priya' })).ok).toBe(true);
    await s.pass();
    expect(s.hubspot.notes.map((n) => n.body)[1]).toContain('Acme Corp reassigned to Priya Shah');
    expect(
      (await s.t.baton.services.logHandoffContact({ handoffId: h.id, actor: 'priya', channel: 'call' })).ok,
    ).toBe(true);
    await s.pass();
    expect(s.hubspot.notes.map((n) => n.body)[2]).toMatch(
      /first contact with Acme Corp logged by Priya Shah .*\(Delivery, call\)/i,
    );
    // A second contact is the customer's own business, not news for the record.
    await s.t.baton.services.logHandoffContact({ handoffId: h.id, actor: 'priya', channel: 'email' });
    await s.pass();
    expect(s.hubspot.notes).toHaveLength(3);
    expect(s.salesforce.tasks.map((t) => t.Subject)).toEqual([
      'Baton: handoff accepted',
      'Baton: handoff reassigned',
      'Baton: first contact logged',
    ]);
  });

  it('a first contact a CRM reported is not written back to that CRM', async () => {
    s = await startWriteBackTest();
    await acceptAsTom();
    await s.pass();
    const [h] = await s.t.store.listHandoffs({ customerId: 'cus_acme' });
    const r = await s.t.baton.services.logHandoffContact({
      handoffId: h?.id ?? '',
      actor: 'tom',
      channel: 'email',
      source: 'hubspot',
    });
    expect(r.ok).toBe(true);
    await s.pass();
    // HubSpot already has it; Salesforce hears of it.
    expect(s.hubspot.notes).toHaveLength(1);
    expect(s.salesforce.tasks.map((t) => t.Subject)).toEqual([
      'Baton: handoff accepted',
      'Baton: first contact logged',
    ]);
  });

  it('a decline clicked in Slack writes one note and one Task with the reason', async () => {
    s = await startWriteBackTest();
    const card = await openHandoff();
    const clicked = await s.slack.click(card, 'baton:decline', 'U0TOM');
    const modal = await s.slack.openedModal(clicked.trigger);
    await s.slack.submit(modal, 'U0TOM', { reason: 'No go-live date agreed <yet>' });
    await s.slack.answer(clicked.responseId);
    await s.pass();
    await s.pass(MIN);
    expect(s.hubspot.notes).toHaveLength(1);
    // HubSpot shows the body as HTML: what people wrote is escaped, never markup.
    expect(s.hubspot.notes[0]?.body).toContain('Reason: No go-live date agreed &lt;yet&gt;');
    expect(s.salesforce.tasks).toHaveLength(1);
    expect(s.salesforce.tasks[0]?.Description).toContain('Reason: No go-live date agreed <yet>');
  });

  it('a CRM outage never holds up the accept: the writes wait, are named, and go out once', async () => {
    s = await startWriteBackTest();
    s.hubspot.mode = 'down';
    s.salesforce.mode = 'down';
    expect(await acceptAsTom()).toContain('Acme Corp');
    await s.pass();
    expect(s.hubspot.notes).toEqual([]);
    expect(s.salesforce.tasks).toEqual([]);
    const ready = await fetch(`${s.t.url}/readyz`);
    // Still ready (nobody waits on a CRM), but what waits is named with the cause.
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(body.checks.hubspot?.detail).toMatch(
      /1 note could not be written to HubSpot at http:\/\/127\.0\.0\.1:\d+ \(last: HubSpot answered 503/,
    );
    expect(body.checks.salesforce?.detail).toMatch(
      /1 task could not be written to Salesforce .*SERVER_UNAVAILABLE/,
    );
    const hubspotAdapter = s.t.baton.adapters.find((a) => a.name === 'hubspot');
    expect(await hubspotAdapter?.check?.()).toContainEqual(
      expect.stringMatching(/^warn hubspot write-back: 1 note waits in the outbox/),
    );
    const pending = await s.t.store.listDeliveries({ status: 'pending' });
    expect(pending.filter((d) => d.platform === 'hubspot' || d.platform === 'salesforce')).toHaveLength(2);

    s.hubspot.mode = 'ok';
    s.salesforce.mode = 'ok';
    await s.pass(MIN);
    await s.pass(10 * MIN);
    expect(s.hubspot.notes).toHaveLength(1);
    expect(s.salesforce.tasks).toHaveLength(1);
    const after = (await (await fetch(`${s.t.url}/readyz`)).json()) as typeof body;
    expect(after.checks.hubspot?.detail).toMatch(/^write-back on/);
  });

  it('a write whose answer is lost is looked up, not written again', async () => {
    s = await startWriteBackTest();
    s.hubspot.mode = 'drop';
    s.salesforce.mode = 'drop';
    await acceptAsTom();
    await s.pass();
    // Both systems took the write; Baton never heard back.
    expect(s.hubspot.notes).toHaveLength(1);
    expect(s.salesforce.tasks).toHaveLength(1);
    s.hubspot.mode = 'ok';
    s.salesforce.mode = 'ok';
    await s.pass(MIN);
    await s.pass(10 * MIN);
    expect(s.hubspot.notes).toHaveLength(1);
    expect(s.salesforce.tasks).toHaveLength(1);
    expect(s.hubspot.calls).toContain('POST /crm/v3/objects/notes/search');
    expect(s.salesforce.calls.some((c) => c.endsWith('/query'))).toBe(true);
    // Settled as written, not failed nor waiting.
    for (const status of ['pending', 'failed'] as const)
      expect(
        (await s.t.store.listDeliveries({ status })).filter((d) => d.message.type === 'crm-record'),
      ).toEqual([]);
  });

  it('does not trust HubSpot search for a note written moments ago', async () => {
    s = await startWriteBackTest({ env: { SALESFORCE_CLIENT_ID: undefined } });
    s.hubspot.mode = 'drop';
    await acceptAsTom();
    await s.pass();
    expect(s.hubspot.notes).toHaveLength(1);
    s.hubspot.mode = 'ok';
    // Its index has not caught up: a look now would find nothing and write the note again.
    s.hubspot.searchLags = true;
    await s.pass(2_000);
    await s.pass(2_000);
    expect(s.hubspot.notes).toHaveLength(1);
    s.hubspot.searchLags = false;
    await s.pass(MIN);
    await s.pass(MIN);
    expect(s.hubspot.notes).toHaveLength(1);
    expect(await s.t.store.listDeliveries({ status: 'pending' })).toEqual([]);
  });

  it('signs in to Salesforce again when its session ends; waits out a HubSpot rate limit', async () => {
    s = await startWriteBackTest();
    await acceptAsTom();
    await s.pass();
    expect(s.salesforce.tokensIssued).toBe(1);
    s.salesforce.expireSessions();
    s.hubspot.mode = 'rate-limited';
    const [h] = await s.t.store.listHandoffs({ customerId: 'cus_acme' });
    await s.t.baton.services.reassign({ handoffId: h?.id ?? '', actor: 'tom', to: 'priya' });
    await s.pass();
    expect(s.salesforce.tokensIssued).toBe(2);
    expect(s.salesforce.tasks).toHaveLength(2);
    expect(s.hubspot.notes).toHaveLength(1);
    s.hubspot.mode = 'ok';
    await s.pass(MIN);
    expect(s.hubspot.notes).toHaveLength(2);
  });

  it('writes nothing where write-back is off or the customer has no record there', async () => {
    s = await startWriteBackTest({ env: { HUBSPOT_WRITE_BACK: undefined }, externalIds: { crm: 'crm-42' } });
    await acceptAsTom();
    const queued = await s.t.store.listDeliveries({ status: 'pending' });
    expect(queued.filter((d) => d.message.type === 'crm-record')).toEqual([]);
    // The same accept queued its card update: the check above looks at the right commit.
    expect(queued.some((d) => d.message.type === 'card-update')).toBe(true);
    await s.pass(MIN);
    expect(s.t.baton.adapters.map((a) => a.name)).not.toContain('hubspot');
    expect(s.hubspot.calls).toEqual([]);
    // Salesforce is on, but Acme Corp has no opportunity or account id: nothing is queued for it.
    expect(s.salesforce.calls).toEqual([]);
  });
});
