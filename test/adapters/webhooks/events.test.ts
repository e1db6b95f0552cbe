import { afterEach, describe, expect, it } from 'vitest';
import {
  batonSignature,
  post,
  postEvent,
  purchaseEvent,
  startWebhookBaton,
  type WebhookBaton,
} from './support.js';

let t: WebhookBaton;
afterEach(async () => {
  await t?.stop();
});

async function snapshot(b: WebhookBaton) {
  return { stats: await b.store.stats(), customers: (await b.store.listCustomers()).length };
}

describe('POST /hooks/events: the generic signed event', () => {
  it('with processing on accept off (as after a crash), the event waits pending for the tick', async () => {
    t = await startWebhookBaton({ processOnAccept: false });
    expect((await postEvent(t, purchaseEvent())).status).toBe(202);
    expect(await t.store.getInbound('events', 'evt_123')).toMatchObject({ status: 'pending' });
    expect(await t.store.listCustomers()).toEqual([]);
    await t.advance(1_000);
    expect(await t.store.getInbound('events', 'evt_123')).toMatchObject({ status: 'processed' });
  });

  it('accepts the spec example (202), records it durable, and starts the handoff at once, not at the next tick', async () => {
    t = await startWebhookBaton();
    const r = await postEvent(t, purchaseEvent());
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ accepted: ['evt_123'], duplicates: [] });
    // Durable before the answer, processed after it, without the clock moving on.
    expect(await t.store.getInbound('events', 'evt_123')).toMatchObject({ type: 'purchase.completed' });
    await expect
      .poll(async () => (await t.store.getInbound('events', 'evt_123'))?.status, { timeout: 10_000 })
      .toBe('processed');
    const [customer] = await t.store.listCustomers();
    expect(customer).toMatchObject({
      name: 'Acme Corp',
      externalIds: { crm: 'crm-42' },
      language: 'ko',
      owner: 'dana',
    });
    const handoffs = await t.store.listHandoffs({ customerId: customer?.id ?? '' });
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({
      playbook: 'sales-to-delivery',
      from: 'sales',
      to: 'delivery',
      state: 'open',
      sender: 'dana',
      source: { kind: 'event', system: 'events', eventId: 'evt_123' },
      context: {
        summary: '...',
        dealValue: 120000,
        goLiveDate: '2027-01-15',
        keyContact: 'Min-jun Kim <mj@acme.example>',
        language: 'ko',
      },
    });
    const inbound = await t.store.getInbound('events', 'evt_123');
    expect(inbound).toMatchObject({ status: 'processed', customerId: customer?.id });
    expect(inbound?.payload).toBeUndefined();
    // The outbox sends it on its own loop.
    await t.advance(1_000);
    // The card reached the receiving team through the platform notifier.
    expect(t.notifier.sent.map((s) => [s.delivery.message.type, s.delivery.target])).toContainEqual([
      'handoff-card',
      { kind: 'team', team: 'delivery' },
    ]);
  });

  it('answers a second delivery of the same id with 200 and makes one handoff', async () => {
    t = await startWebhookBaton();
    expect((await postEvent(t, purchaseEvent())).status).toBe(202);
    const again = await postEvent(t, purchaseEvent());
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ accepted: [], duplicates: ['evt_123'] });
    await t.advance(1_000);
    expect((await postEvent(t, purchaseEvent())).status).toBe(200);
    await t.advance(1_000);
    expect((await t.store.stats()).handoffs).toBe(1);
  });

  it('a second delivery of an id with another body is not what gets processed: the first one is', async () => {
    // Processing waits for the tick, so the redelivery arrives while the first is still pending.
    t = await startWebhookBaton({ processOnAccept: false });
    const first = purchaseEvent();
    const context = first.context as Record<string, unknown>;
    expect((await postEvent(t, first)).status).toBe(202);
    const again = await postEvent(t, { ...first, context: { ...context, summary: 'a different body' } });
    expect(again.status).toBe(200);
    await t.advance(1_000);
    expect(await t.store.getInbound('events', 'evt_123')).toMatchObject({ status: 'processed' });
    const [customer] = await t.store.listCustomers();
    const [handoff] = await t.store.listHandoffs({ customerId: customer?.id ?? '' });
    expect(handoff?.context.summary).toBe(context.summary);
  });

  it('refuses a wrong or missing signature with 401 and changes nothing', async () => {
    t = await startWebhookBaton();
    const before = await snapshot(t);
    const body = JSON.stringify(purchaseEvent());
    const wrong = await post(t.url, '/hooks/events', body, {
      'x-baton-signature': batonSignature(body, 'not-the-secret'),
    });
    expect(wrong.status).toBe(401);
    const tampered = await post(t.url, '/hooks/events', body.replace('Acme', 'Acne'), {
      'x-baton-signature': batonSignature(body),
    });
    expect(tampered.status).toBe(401);
    expect((await post(t.url, '/hooks/events', body)).status).toBe(401);
    expect((await post(t.url, '/hooks/events', body, { 'x-baton-signature': 'md5=abc' })).status).toBe(401);
    await t.advance(1_000);
    expect(await snapshot(t)).toEqual(before);
    expect(await t.store.getInbound('events', 'evt_123')).toBeUndefined();
  });

  it('refuses an invalid body with 400 naming the field', async () => {
    t = await startWebhookBaton();
    const badEmail = purchaseEvent({
      customer: { id: 'crm-42', contacts: [{ name: 'Min-jun Kim', email: 'not-an-email' }] },
    });
    const r1 = await postEvent(t, badEmail);
    expect(r1.status).toBe(400);
    expect(r1.json.field).toBe('customer.contacts.0.email');
    const r2 = await postEvent(t, purchaseEvent({ type: 'stage.changed', stage: undefined }));
    expect(r2).toMatchObject({ status: 400, json: { field: 'stage' } });
    const r3 = await postEvent(t, purchaseEvent({ customer: { name: 'Nameless' } }));
    expect(r3).toMatchObject({ status: 400, json: { field: 'customer' } });
    const r4 = await postEvent(t, '{"id": "evt_1", ');
    expect(r4).toMatchObject({ status: 400, json: { field: '(body)' } });
    const r5 = await postEvent(t, purchaseEvent({ occurredAt: 'yesterday' }));
    expect(r5).toMatchObject({ status: 400, json: { field: 'occurredAt' } });
    expect((await t.store.stats()).pendingInbound).toBe(0);
  });

  it('refuses a body over 256 KB with 413', async () => {
    t = await startWebhookBaton();
    const big = JSON.stringify(purchaseEvent({ context: { summary: 'x'.repeat(300 * 1024) } }));
    const r = await post(t.url, '/hooks/events', big, { 'x-baton-signature': batonSignature(big) });
    expect(r.status).toBe(413);
    expect((await t.store.stats()).pendingInbound).toBe(0);
  });

  it('answers 503 naming the variable when the secret is not set', async () => {
    t = await startWebhookBaton({ env: { BATON_WEBHOOK_SECRET: undefined } });
    const r = await postEvent(t, purchaseEvent());
    expect(r.status).toBe(503);
    expect(String(r.json.error)).toContain('BATON_WEBHOOK_SECRET');
    const lines = await t.baton.adapters.find((a) => a.name === 'webhooks')?.check?.();
    expect(lines).toContain('skip webhooks: /hooks/events is off (set BATON_WEBHOOK_SECRET to turn it on)');
  });

  it('records an event that matches no playbook on the customer timeline', async () => {
    t = await startWebhookBaton();
    const r = await postEvent(
      t,
      purchaseEvent({ id: 'evt_meeting', type: 'stage.changed', stage: 'appointmentscheduled' }),
    );
    expect(r.status).toBe(202);
    await t.advance(1_000);
    const [customer] = await t.store.listCustomers();
    expect(customer?.name).toBe('Acme Corp');
    expect((await t.store.stats()).handoffs).toBe(0);
    const history = await t.store.history(customer?.id ?? '');
    const recorded = history.find((h) => h.kind === 'audit' && h.entry.action === 'event.recorded');
    expect(recorded?.entry).toMatchObject({
      actor: 'webhook:events',
      details: { type: 'stage.changed', stage: 'appointmentscheduled', eventId: 'evt_meeting' },
    });
    expect(await t.store.getInbound('events', 'evt_meeting')).toMatchObject({ status: 'processed' });
  });

  it('notes a deal re-entering its trigger stage on the open card instead of a second card', async () => {
    t = await startWebhookBaton();
    await postEvent(t, purchaseEvent({ id: 'evt_won_1', type: 'stage.changed', stage: 'Closed Won' }));
    await t.advance(1_000);
    await postEvent(t, purchaseEvent({ id: 'evt_won_2', type: 'stage.changed', stage: 'closedwon' }));
    await t.advance(1_000);
    const handoffs = await t.store.listHandoffs({});
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]?.notes.map((n) => n.text)).toEqual([expect.stringContaining('[events evt_won_2]')]);
    expect(await t.store.getInbound('events', 'evt_won_2')).toMatchObject({
      status: 'processed',
      outcome: expect.stringContaining('noted on handoff'),
    });
    const cards = t.notifier.sent.filter((s) => s.delivery.message.type === 'handoff-card');
    expect(cards).toHaveLength(1);
    // The card already posted is updated in place and the note said in its thread.
    const types = t.notifier.sent.map((s) => s.delivery.message.type);
    expect(types).toContain('card-update');
    expect(t.notifier.sent.map((s) => s.delivery.message)).toContainEqual(
      expect.objectContaining({ type: 'note', event: 'noted' }),
    );
  });

  it('proposes the handoff to the sender when required context is missing', async () => {
    t = await startWebhookBaton();
    await postEvent(t, purchaseEvent({ context: { dealValue: 5 } }));
    await t.advance(1_000);
    const [h] = await t.store.listHandoffs({});
    expect(h).toMatchObject({ state: 'proposed', sender: 'dana' });
    expect(t.notifier.sent.map((s) => s.delivery.target)).toContainEqual({ kind: 'person', person: 'dana' });
  });

  it('ignores an owner who is not in the config, with the event still processed', async () => {
    t = await startWebhookBaton();
    await postEvent(t, purchaseEvent({ owner: 'nobody' }));
    await t.advance(1_000);
    const [customer] = await t.store.listCustomers();
    expect(customer?.owner).toBeUndefined();
    expect((await t.store.stats()).handoffs).toBe(1);
  });

  it('updates the customer on customer.updated and logs a touchpoint on contact.logged', async () => {
    t = await startWebhookBaton();
    await postEvent(
      t,
      purchaseEvent({
        id: 'evt_u',
        type: 'customer.updated',
        customer: { id: 'crm-42', name: 'Acme Corporation', domain: 'acme.example', language: 'ko' },
      }),
    );
    await t.advance(1_000);
    const [customer] = await t.store.listCustomers();
    expect(customer).toMatchObject({ name: 'Acme Corporation', domain: 'acme.example' });
    expect((await t.store.stats()).handoffs).toBe(0);
    const contact = purchaseEvent({
      id: 'evt_c',
      type: 'contact.logged',
      occurredAt: '2026-11-23T14:00:00Z',
      customer: { domain: 'acme.example' },
      channel: 'meeting',
      note: 'Kickoff call',
    });
    await postEvent(t, contact);
    await t.advance(1_000);
    const history = await t.store.history(customer?.id ?? '');
    const touch = history.filter((h) => h.kind === 'touchpoint');
    expect(touch).toHaveLength(1);
    expect(touch[0]?.entry).toMatchObject({
      channel: 'meeting',
      note: 'Kickoff call',
      by: 'webhook:events',
      at: '2026-11-23T14:00:00.000Z',
    });
    expect((await t.store.getCustomer(customer?.id ?? ''))?.lastContactAt).toBe('2026-11-23T14:00:00.000Z');
  });
});
