import { expect, it } from 'vitest';
import { aCustomer, aHandoff, anAudit, aTouchpoint, bump } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** A customer's timeline: ordering, the last N, and erasure of personal data. */
export function historyContract(store: GetStore): void {
  it('returns one customer history oldest first, and the last N with a limit', async () => {
    const customer = aCustomer();
    const neighbour = aCustomer();
    const a1 = anAudit(customer.id, { at: '2026-11-23T10:00:00.000Z', action: 'customer.created' });
    const t1 = aTouchpoint(customer.id, { at: '2026-11-23T12:00:00.000Z' });
    const a2 = anAudit(customer.id, { at: '2026-11-23T11:00:00.000Z', action: 'handoff.accepted' });
    const t2 = aTouchpoint(customer.id, { at: '2026-11-23T09:00:00.000Z', channel: 'email' });
    const a3 = anAudit(customer.id, { at: '2026-11-24T08:00:00.000Z', action: 'contact.logged' });
    const elsewhere = anAudit(neighbour.id, { at: '2026-11-23T11:30:00.000Z' });
    await commitOk(store(), {
      customers: [customer, neighbour].map((value) => ({ value, expectedVersion: null })),
      audit: [a1],
      touchpoints: [t1],
    });
    await commitOk(store(), { audit: [a2, elsewhere], touchpoints: [t2] });
    await commitOk(store(), { audit: [a3] });
    const ids = (list: Awaited<ReturnType<ReturnType<GetStore>['history']>>) => list.map((e) => e.entry.id);
    expect(ids(await store().history(customer.id))).toEqual([t2.id, a1.id, a2.id, t1.id, a3.id]);
    expect(ids(await store().history(customer.id, { limit: 2 }))).toEqual([t1.id, a3.id]);
    expect(ids(await store().history(customer.id, { limit: 50 }))).toHaveLength(5);
    expect(ids(await store().history(neighbour.id))).toEqual([elsewhere.id]);
  });

  it('keeps a timeline current after it was read: later entries, then an erasure, then more', async () => {
    const customer = aCustomer();
    const first = anAudit(customer.id, { at: '2026-11-23T10:00:00.000Z' });
    await commitOk(store(), { customers: [{ value: customer, expectedVersion: null }], audit: [first] });
    const ids = async () => (await store().history(customer.id)).map((e) => e.entry.id);
    expect(await ids()).toEqual([first.id]);
    const later = aTouchpoint(customer.id, { at: '2026-11-23T11:00:00.000Z' });
    const earlier = anAudit(customer.id, { at: '2026-11-23T09:00:00.000Z' });
    await commitOk(store(), { touchpoints: [later] });
    await commitOk(store(), { audit: [earlier] });
    expect(await ids()).toEqual([earlier.id, first.id, later.id]);
    await commitOk(store(), { eraseHistoryOf: [customer.id] });
    expect(await ids()).toEqual([earlier.id, first.id, later.id]);
    const last = anAudit(customer.id, { at: '2026-11-23T12:00:00.000Z' });
    await commitOk(store(), { audit: [last] });
    expect(await ids()).toEqual([earlier.id, first.id, later.id, last.id]);
    expect((await store().history(customer.id, { limit: 1 })).map((e) => e.entry.id)).toEqual([last.id]);
  });

  it('erases personal data from a customer history and leaves other customers alone', async () => {
    const customer = aCustomer();
    const neighbour = aCustomer();
    const handoff = aHandoff(customer.id);
    const touchpoint = aTouchpoint(customer.id, { note: 'Min-jun prefers calls after 6pm KST' });
    const audit = anAudit(customer.id, { details: { email: 'mj@acme.example' } });
    const kept = aTouchpoint(neighbour.id);
    await commitOk(store(), {
      customers: [customer, neighbour].map((value) => ({ value, expectedVersion: null })),
      handoffs: [{ value: handoff, expectedVersion: null }],
      touchpoints: [touchpoint, kept],
      audit: [audit],
    });
    const done = bump(handoff, { state: 'done', closedAt: '2026-11-26T10:00:00.000Z' });
    await commitOk(store(), { handoffs: [{ value: done, expectedVersion: 1 }] });

    const erased = bump(customer, {
      name: 'Erased customer',
      aliases: [],
      contacts: [],
      erasedAt: '2026-11-27T10:00:00.000Z',
    });
    await commitOk(store(), {
      customers: [{ value: erased, expectedVersion: 1 }],
      eraseHistoryOf: [customer.id],
      audit: [
        anAudit(customer.id, { action: 'customer.erased', actor: 'dana', at: '2026-11-27T10:00:00.000Z' }),
      ],
    });

    const history = await store().history(customer.id);
    const byId = new Map(history.map((e) => [e.entry.id, e]));
    const tp = byId.get(touchpoint.id);
    expect(tp?.kind === 'touchpoint' && tp.entry.note).toBeFalsy();
    expect(tp?.at).toBe(touchpoint.at);
    const au = byId.get(audit.id);
    expect(au?.kind === 'audit' && au.entry.details).toBeFalsy();
    expect(au?.kind === 'audit' && au.entry.action).toBe(audit.action);
    const ho = byId.get(handoff.id);
    expect(ho?.kind === 'handoff' && ho.entry.context).toEqual({});
    expect(ho?.kind === 'handoff' && ho.entry.notes).toEqual([]);
    expect(ho?.kind === 'handoff' && ho.entry.note).toBeFalsy();
    expect(ho?.kind === 'handoff' && ho.entry.state).toBe('done');
    expect((await store().getHandoff(handoff.id))?.context).toEqual({});
    expect(history.some((e) => e.kind === 'audit' && e.entry.action === 'customer.erased')).toBe(true);
    expect(await store().history(neighbour.id)).toEqual([{ kind: 'touchpoint', at: kept.at, entry: kept }]);
  });
}
