import { expect, it } from 'vitest';
import type { ChangeSet } from '../../../../src/store/store.js';
import {
  aCardRef,
  aCustomer,
  aDelivery,
  aFollowUp,
  aHandoff,
  anAudit,
  anInbound,
  aTouchpoint,
  bump,
  uid,
} from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** Optimistic concurrency, atomicity and the idempotency rules of `commit`. */
export function commitsContract(store: GetStore): void {
  /** Everything a change set can carry besides versioned records, all fresh. */
  const sideEffects = (customerId: string, handoffId: string, ns: string) => {
    const parts = {
      followUp: aFollowUp(customerId, handoffId),
      delivery: aDelivery(),
      card: aCardRef(handoffId),
      touchpoint: aTouchpoint(customerId),
      audit: anAudit(customerId),
      inbound: anInbound(),
      kv: { ns, key: uid('k'), value: { n: 1 } },
    };
    const change: ChangeSet = {
      followUps: [parts.followUp],
      deliveries: [parts.delivery],
      cardRefs: [parts.card],
      touchpoints: [parts.touchpoint],
      audit: [parts.audit],
      inbound: [{ value: parts.inbound }],
      kv: [parts.kv],
    };
    return { parts, change };
  };
  type Parts = ReturnType<typeof sideEffects>['parts'];

  const expectNoneApplied = async (customerId: string, handoffId: string, p: Parts) => {
    const s = store();
    const historyIds = (await s.history(customerId)).map((e) => e.entry.id);
    expect(historyIds).not.toContain(p.audit.id);
    expect(historyIds).not.toContain(p.touchpoint.id);
    expect((await s.listFollowUps({ handoffId })).map((f) => f.id)).not.toContain(p.followUp.id);
    expect(await s.getDelivery(p.delivery.id)).toBeUndefined();
    expect(await s.getCardRef(p.card.id)).toBeUndefined();
    expect(await s.getInbound(p.inbound.source, p.inbound.id)).toBeUndefined();
    expect(await s.getKv(p.kv.ns, p.kv.key)).toBeUndefined();
  };

  const seed = async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
    });
    return { customer, handoff };
  };

  it('applies an update made from the current version', async () => {
    const { customer, handoff } = await seed();
    const accepted = bump(handoff, {
      state: 'accepted',
      owner: 'omar',
      acceptedAt: '2026-11-23T11:00:00.000Z',
    });
    const owned = bump(customer, { owner: 'omar' });
    await commitOk(store(), {
      customers: [{ value: owned, expectedVersion: 1 }],
      handoffs: [{ value: accepted, expectedVersion: 1 }],
    });
    expect(await store().getHandoff(handoff.id)).toEqual(accepted);
    expect(await store().getCustomer(customer.id)).toEqual(owned);
  });

  it('lets exactly one of two concurrent commits from the same version win, and applies nothing of the loser', async () => {
    const { customer, handoff } = await seed();
    const ns = uid('ns');
    const mk = (owner: string) => {
      const { parts, change } = sideEffects(customer.id, handoff.id, ns);
      const accepted = bump(handoff, { state: 'accepted' as const, owner });
      return { parts, accepted, change: { ...change, handoffs: [{ value: accepted, expectedVersion: 1 }] } };
    };
    const a = mk('omar');
    const b = mk('priya');
    const results = await Promise.all([store().commit(a.change), store().commit(b.change)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loserIndex = results.findIndex((r) => !r.ok);
    expect(results[loserIndex]).toEqual({ ok: false, reason: 'conflict', entity: 'handoff', id: handoff.id });
    const winner = loserIndex === 0 ? b : a;
    const loser = loserIndex === 0 ? a : b;
    expect(await store().getHandoff(handoff.id)).toEqual(winner.accepted);
    await expectNoneApplied(customer.id, handoff.id, loser.parts);
    const historyIds = (await store().history(customer.id)).map((e) => e.entry.id);
    expect(historyIds).toContain(winner.parts.audit.id);
    expect(await store().getDelivery(winner.parts.delivery.id)).toEqual(winner.parts.delivery);
  });

  it('reports a customer conflict and applies nothing when any record of the change set is stale', async () => {
    const { customer, handoff } = await seed();
    await commitOk(store(), {
      customers: [{ value: bump(customer, { owner: 'omar' }), expectedVersion: 1 }],
    });
    const fresh = aCustomer();
    const { parts, change: effects } = sideEffects(customer.id, handoff.id, uid('ns'));
    const change = {
      customers: [
        { value: fresh, expectedVersion: null },
        { value: bump(customer, { owner: 'priya' }), expectedVersion: 1 },
      ],
      handoffs: [{ value: bump(handoff, { note: 'stale write' }), expectedVersion: 1 }],
      ...effects,
    };
    expect(await store().commit(change)).toEqual({
      ok: false,
      reason: 'conflict',
      entity: 'customer',
      id: customer.id,
    });
    expect(await store().getCustomer(fresh.id)).toBeUndefined();
    expect((await store().getCustomer(customer.id))?.owner).toBe('omar');
    expect((await store().getHandoff(handoff.id))?.version).toBe(1);
    await expectNoneApplied(customer.id, handoff.id, parts);
  });

  it('treats expectedVersion null as "must not exist yet"', async () => {
    const { customer, handoff } = await seed();
    expect(await store().commit({ customers: [{ value: bump(customer), expectedVersion: null }] })).toEqual({
      ok: false,
      reason: 'conflict',
      entity: 'customer',
      id: customer.id,
    });
    expect(await store().commit({ handoffs: [{ value: { ...handoff }, expectedVersion: null }] })).toEqual({
      ok: false,
      reason: 'conflict',
      entity: 'handoff',
      id: handoff.id,
    });
    const ghost = aCustomer();
    expect(await store().commit({ customers: [{ value: bump(ghost), expectedVersion: 1 }] })).toMatchObject({
      ok: false,
      reason: 'conflict',
      id: ghost.id,
    });
    expect(await store().getCustomer(ghost.id)).toBeUndefined();
  });

  it('refuses a version that skips ahead', async () => {
    const { customer } = await seed();
    const skipped = { ...bump(customer), version: 3 };
    expect(await store().commit({ customers: [{ value: skipped, expectedVersion: 1 }] })).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect((await store().getCustomer(customer.id))?.version).toBe(1);
  });

  it('recognises a duplicate inbound event and applies nothing of its change set', async () => {
    const { customer, handoff } = await seed();
    const event = anInbound({ source: 'hubspot', type: 'deal.propertyChange' });
    await commitOk(store(), { inbound: [{ value: event }], audit: [anAudit(customer.id)] });
    const { parts, change } = sideEffects(customer.id, handoff.id, uid('ns'));
    const customersBefore = (await store().getCustomer(customer.id))?.version;
    const retry = {
      ...change,
      inbound: [{ value: parts.inbound }, { value: { ...event, attempts: 0 } }],
      customers: [{ value: bump(customer), expectedVersion: 1 }],
    };
    expect(await store().commit(retry)).toEqual({
      ok: false,
      reason: 'duplicate',
      source: 'hubspot',
      id: event.id,
    });
    expect((await store().getCustomer(customer.id))?.version).toBe(customersBefore);
    await expectNoneApplied(customer.id, handoff.id, parts);

    const processed = {
      ...event,
      status: 'processed' as const,
      outcome: 'handoff opened',
      customerId: customer.id,
    };
    await commitOk(store(), { inbound: [{ value: processed, expectExisting: true }] });
    expect(await store().getInbound('hubspot', event.id)).toEqual(processed);
  });

  it('enqueues one delivery per key, ignores a second one with the same key, and updates by id', async () => {
    const first = aDelivery({ target: { kind: 'person', person: 'omar' } });
    await commitOk(store(), { deliveries: [first] });
    const second = aDelivery({ key: first.key });
    await commitOk(store(), { deliveries: [second] });
    expect(await store().getDelivery(second.id)).toBeUndefined();
    expect(await store().getDelivery(first.id)).toEqual(first);

    const retried = {
      ...first,
      attempts: 1,
      lastError: 'ratelimited',
      nextAttemptAt: '2026-11-23T10:00:30.000Z',
    };
    await commitOk(store(), { deliveries: [retried] });
    expect(await store().getDelivery(first.id)).toEqual(retried);

    const sent = { ...retried, status: 'sent' as const, attempts: 2, sentAt: '2026-11-23T10:00:31.000Z' };
    sent.result = { conversationId: 'D0OMAR', messageId: '1763892031.000300' };
    await commitOk(store(), { deliveries: [sent] });
    const third = aDelivery({ key: first.key });
    await commitOk(store(), { deliveries: [third] });
    expect(await store().getDelivery(third.id)).toBeUndefined();
  });

  it('takes closed handoffs out of the working set but keeps them readable and in history', async () => {
    const { customer, handoff } = await seed();
    const other = aHandoff(customer.id, { createdAt: '2026-11-23T10:30:00.000Z' });
    const declined = aHandoff(customer.id, { state: 'declined', declineReason: 'Missing go-live date' });
    await commitOk(store(), {
      handoffs: [
        { value: other, expectedVersion: null },
        { value: declined, expectedVersion: null },
      ],
    });
    const done = bump(handoff, { state: 'done', closedAt: '2026-11-25T09:00:00.000Z' });
    const cancelled = bump(other, {
      state: 'cancelled',
      closedAt: '2026-11-25T09:30:00.000Z',
      note: 'Duplicate',
    });
    await commitOk(store(), {
      handoffs: [
        { value: done, expectedVersion: 1 },
        { value: cancelled, expectedVersion: 1 },
      ],
    });
    const s = store();
    expect(await s.listHandoffs({ customerId: customer.id })).toEqual([declined]);
    expect(await s.listHandoffs({ customerId: customer.id, states: ['done', 'cancelled'] })).toEqual([]);
    expect(await s.getHandoff(handoff.id)).toEqual(done);
    expect(await s.getHandoff(other.id)).toEqual(cancelled);
    const closed = (await s.history(customer.id)).filter((e) => e.kind === 'handoff');
    expect(closed).toEqual([
      { kind: 'handoff', at: done.closedAt, entry: done },
      { kind: 'handoff', at: cancelled.closedAt, entry: cancelled },
    ]);
  });
}
