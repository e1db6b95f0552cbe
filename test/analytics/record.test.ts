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

  it('keeps an erased customer’s counts but not the decline reasons people wrote about them', async () => {
    t = await startTestBaton({ adapters: async () => [], now: '2026-11-23T10:00:00Z' });
    const { services } = t.baton;
    await seedCustomers(t.store, aCustomer('cus_acme', 'Acme', 'sales'));
    const start = () =>
      services.startHandoff({
        actor: 'sam',
        customer: { id: 'cus_acme' },
        to: { team: 'delivery' },
        context: DELIVERY_CONTEXT,
        source: { kind: 'person' },
      });
    // A finished handoff, declined once on the way, and a live one declined too.
    const first = await start();
    if (!first.ok) throw new Error(JSON.stringify(first));
    const id = first.value.handoff.id;
    const steps = [
      () => services.decline({ handoffId: id, actor: 'tom', reason: 'Min-jun asked for Thursdays only' }),
      () => services.resend({ handoffId: id, actor: 'sam' }),
      () => services.logHandoffContact({ handoffId: id, actor: 'tom', channel: 'call' }),
      () => services.complete({ handoffId: id, actor: 'tom' }),
    ];
    for (const step of steps) {
      t.clock.advance(HOUR);
      const r = await step();
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    // Delivery hands the customer on to Care, who decline it.
    const second = await services.startHandoff({
      actor: 'tom',
      customer: { id: 'cus_acme' },
      to: { team: 'care' },
      context: { summary: 'Live', keyContact: 'Min-jun' },
      source: { kind: 'person' },
    });
    if (!second.ok) throw new Error(JSON.stringify(second));
    const declined = await services.decline({
      handoffId: second.value.handoff.id,
      actor: 'minho',
      reason: 'Min-jun wants a call in Korean',
    });
    if (!declined.ok) throw new Error(JSON.stringify(declined));
    expect(JSON.stringify(await t.store.journeyFacts({}))).toContain('Min-jun');

    const forgotten = await services.forgetCustomer({
      actor: 'dana',
      customerId: 'cus_acme',
      confirmed: true,
    });
    if (!forgotten.ok) throw new Error(JSON.stringify(forgotten));
    const facts = await t.store.journeyFacts({});
    expect(JSON.stringify(facts)).not.toContain('Min-jun');
    expect(facts.map((f) => [f.state, f.declines, f.declineReasons]).sort()).toEqual([
      ['cancelled', 1, ['']],
      ['done', 1, ['']],
    ]);
  });

  it('a commit replaced on the wrapper (as fault tests do) still goes through the recorder, and is not called again by it', async () => {
    t = await startTestBaton({ adapters: async () => [], now: '2026-11-23T10:00:00Z' });
    await seedCustomers(t.store, aCustomer('cus_acme', 'Acme', 'sales'));
    const store = t.store;
    const original = store.commit.bind(store);
    let calls = 0;
    let reentered = false;
    const seen = new WeakSet<object>();
    store.commit = async (change) => {
      calls++;
      // Set on the store underneath, the replacement would be called again by the recorder it calls:
      // with the same change, or with the journey patches the recorder added. Stop there.
      if (seen.has(change) || change.journey?.length) {
        reentered = true;
        return { ok: true };
      }
      seen.add(change);
      return original(change);
    };
    const started = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    store.commit = original;
    if (!started.ok) throw new Error(JSON.stringify(started));
    expect(reentered).toBe(false);
    expect(calls).toBeGreaterThan(0);
    expect((await store.journeyFacts({})).map((f) => f.handoffId)).toEqual([started.value.handoff.id]);
  });
});
