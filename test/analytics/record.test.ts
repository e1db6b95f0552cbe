import { afterEach, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

const HOUR = 3_600_000;

describe('the journey recorder', () => {
  let t: TestBaton | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('writes a handoff’s fact in the commits the services make, and none for a proposal never sent', async () => {
    // Monday 2026-11-23 10:00 in London (delivery's zone, 09:00–17:30 Mon–Fri).
    t = await startTestBaton({ adapters: async () => [], now: '2026-11-23T10:00:00Z' });
    const { services } = t.baton;
    await seedCustomers(
      t.store,
      aCustomer('cus_acme', 'Acme', 'sales', { language: 'ko-KR', purchasedAt: '2026-11-20T12:00:00.000Z' }),
      aCustomer('cus_bolt', 'Bolt', 'sales'),
    );
    const started = await services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const proposed = await services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_bolt' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'phrase', platform: 'slack', channel: 'C0SALES', messageId: 'm1' },
      propose: true,
    });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed));
    const h = started.value.handoff;
    // Accepted 2 hours later, Monday 12:00 London: 2 business hours.
    t.clock.advance(2 * HOUR);
    const accepted = await services.accept({ handoffId: h.id, actor: 'tom' });
    if (!accepted.ok) throw new Error(JSON.stringify(accepted));

    const facts = await t.store.journeyFacts({});
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      handoffId: h.id,
      customerId: 'cus_acme',
      playbook: 'sales-to-delivery',
      from: 'sales',
      to: 'delivery',
      source: 'person',
      language: 'ko',
      week: '2026-11-23',
      startedAt: '2026-11-23T10:00:00.000Z',
      purchasedAt: '2026-11-20T12:00:00.000Z',
      state: 'accepted',
      sender: 'sam',
      owner: 'tom',
      acceptedAt: '2026-11-23T12:00:00.000Z',
      acceptBusinessMs: 2 * HOUR,
      declines: 0,
      reassigns: 0,
      escalations: 0,
    });
    expect(facts[0]?.contactedAt).toBeUndefined();
  });
});
