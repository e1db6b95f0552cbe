import { expect, it } from 'vitest';
import { erasureOf } from '../../../../src/domain/erasure.js';
import { aCustomer, aDelivery, aHandoff, anInbound } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** What a customer's erasure does to the records no service can list: deliveries and webhook events. */
export function erasureContract(store: GetStore): void {
  it('rewrites deliveries of every status about the customer, keeping their status, and leaves others alone', async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const note = (status: 'pending' | 'failed', detail: string) =>
      aDelivery({ status, message: { type: 'note', handoffId: handoff.id, event: 'declined', detail } });
    const pending = note('pending', 'Wrong phone for Min-jun');
    const failed = note('failed', 'Min-jun prefers email');
    const safe = aDelivery({
      message: { type: 'note', handoffId: handoff.id, event: 'reassigned', detail: 'omar' },
    });
    const other = aDelivery({
      message: { type: 'note', handoffId: 'hof_someone_else', event: 'declined', detail: 'Not about them' },
    });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      deliveries: [pending, failed, safe, other],
    });
    await commitOk(store(), { erasures: [erasureOf(customer, [handoff.id])] });
    expect(await store().getDelivery(pending.id)).toEqual({
      ...pending,
      message: { type: 'note', handoffId: handoff.id, event: 'declined' },
    });
    expect(await store().getDelivery(failed.id)).toMatchObject({
      status: 'failed',
      attempts: failed.attempts,
    });
    expect(JSON.stringify(await store().getDelivery(failed.id))).not.toContain('Min-jun');
    expect(await store().getDelivery(safe.id)).toEqual(safe);
    expect(await store().getDelivery(other.id)).toEqual(other);
  });

  it('keeps the erased message when a delivery claimed before the erasure is settled after it', async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const message = { type: 'note' as const, handoffId: handoff.id, event: 'declined' as const };
    const retried = aDelivery({ message: { ...message, detail: 'Min-jun is on leave' } });
    const sent = aDelivery({ message: { ...message, detail: 'Call Min-jun on 010-1234' } });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      deliveries: [retried, sent],
    });
    // The dispatcher holds these copies (claimed, text included) while the erasure commits.
    await commitOk(store(), { erasures: [erasureOf(customer, [handoff.id])] });
    await commitOk(store(), {
      deliveries: [
        { ...retried, attempts: retried.attempts + 1, lastError: 'timeout' },
        { ...sent, status: 'sent', attempts: sent.attempts + 1, sentAt: '2026-11-23T10:00:00.000Z' },
      ],
    });
    expect(await store().getDelivery(retried.id)).toMatchObject({ attempts: retried.attempts + 1, message });
    expect(JSON.stringify(await store().getDelivery(retried.id))).not.toContain('Min-jun');
    // A sent delivery is kept (PostgreSQL) or known by its key only (the others): never with the text.
    expect(JSON.stringify((await store().getDelivery(sent.id)) ?? {})).not.toContain('Min-jun');
    // Control: a delivery no erasure touched keeps its text through the same kind of settle.
    const other = aDelivery({ message: { ...message, handoffId: 'hof_else', detail: 'Not about them' } });
    await commitOk(store(), { deliveries: [other] });
    await commitOk(store(), { deliveries: [{ ...other, attempts: other.attempts + 1 }] });
    expect(await store().getDelivery(other.id)).toMatchObject({
      attempts: other.attempts + 1,
      message: other.message,
    });
  });

  it('strips the payload of webhook events about the customer and settles a pending one as dropped', async () => {
    const base = aCustomer();
    const customer = aCustomer({ id: base.id, externalIds: { ...base.externalIds, hubspot: '77' } });
    const email = customer.contacts[0]?.email ?? '';
    const pending = anInbound({ payload: { object: { customer_details: { email, name: 'Someone' } } } });
    const failed = anInbound({
      status: 'failed',
      attempts: 8,
      outcome: 'failed: EVENT_UNPROCESSABLE',
      payload: { company: { name: customer.name.toUpperCase() } },
    });
    const atDomain = anInbound({ payload: { from: `new.person@${customer.domain}` } });
    const stranger = anInbound({
      payload: { customer: { email: 'x@elsewhere.example', name: 'Acme' }, amount_total: 77 },
    });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      inbound: [pending, failed, atDomain, stranger].map((value) => ({ value })),
    });
    await commitOk(store(), { erasures: [erasureOf(customer, [])] });

    const { payload: _p, ...pendingRest } = pending;
    expect(await store().getInbound(pending.source, pending.id)).toEqual({
      ...pendingRest,
      status: 'processed',
      outcome: 'dropped: its customer was erased',
    });
    const { payload: _f, ...failedRest } = failed;
    expect(await store().getInbound(failed.source, failed.id)).toEqual(failedRest);
    expect(await store().getInbound(atDomain.source, atDomain.id)).not.toHaveProperty('payload');
    // A payload that only resembles the customer (a shorter name, an amount equal to a short
    // numeric external id) is not theirs: it is kept.
    expect(await store().getInbound(stranger.source, stranger.id)).toEqual(stranger);
    // The dropped event is never handed to the webhook worker.
    expect(
      (
        await store().claimInbound(new Date('2100-01-01T00:00:00Z'), {
          limit: 1000,
          leaseMs: 1000,
          owner: 't',
        })
      ).map((e) => e.id),
    ).not.toContain(pending.id);
  });
}
