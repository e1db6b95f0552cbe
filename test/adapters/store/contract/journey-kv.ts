import { expect, it } from 'vitest';
import type { JourneyPatch } from '../../../../src/analytics/fact.js';
import { aCustomer, anAudit, uid } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** A patch as the recorder writes one when a handoff starts: every creation field set. */
export function startPatch(overrides: Partial<JourneyPatch['set']> = {}): JourneyPatch {
  return {
    handoffId: uid('hof'),
    set: {
      customerId: uid('cus'),
      playbook: 'sales-to-delivery',
      from: 'sales',
      to: 'delivery',
      source: 'person',
      language: 'ko',
      week: '2031-03-03',
      startedAt: '2031-03-04T01:00:00.000Z',
      state: 'open',
      sender: 'dana',
      acceptDueAt: '2031-03-04T05:00:00.000Z',
      updatedAt: '2031-03-04T01:00:00.000Z',
      ...overrides,
    },
  };
}

/** The journey rollup and the one-time keys: what the dashboard's numbers and sign-in links rest on. */
export function journeyKvContract(store: GetStore): void {
  it('merges journey patches: creation fields stay as first recorded, counters add up, the rest is replaced', async () => {
    const start = startPatch();
    const id = start.handoffId;
    await commitOk(store(), { journey: [start] });
    await commitOk(store(), {
      journey: [
        {
          handoffId: id,
          // A later patch saying other creation fields changes none of them.
          set: {
            ...start.set,
            playbook: 'renewal',
            to: 'support',
            week: '2031-03-10',
            startedAt: '2031-03-11T00:00:00.000Z',
            state: 'accepted',
            assignee: 'lee',
            acceptDueAt: undefined,
            acceptedAt: '2031-03-04T02:00:00.000Z',
            acceptBusinessMs: 3_600_000,
            updatedAt: '2031-03-04T02:00:00.000Z',
          },
          add: { declines: 1, declineReasons: ['on leave'], reassigns: 1 },
        },
      ],
    });
    const later = {
      ...start.set,
      state: 'accepted' as const,
      assignee: 'min',
      updatedAt: '2031-03-05T00:00:00.000Z',
    };
    delete later.acceptDueAt;
    // Two patches of one handoff in one commit apply in order.
    await commitOk(store(), {
      journey: [
        { handoffId: id, set: later, add: { declines: 1, declineReasons: [''] } },
        { handoffId: id, set: later, add: { escalations: 2 } },
      ],
    });
    const facts = (await store().journeyFacts({})).filter((f) => f.handoffId === id);
    expect(facts).toEqual([
      {
        handoffId: id,
        customerId: start.set.customerId,
        playbook: 'sales-to-delivery',
        from: 'sales',
        to: 'delivery',
        source: 'person',
        language: 'ko',
        week: '2031-03-03',
        startedAt: '2031-03-04T01:00:00.000Z',
        state: 'accepted',
        sender: 'dana',
        assignee: 'min',
        updatedAt: '2031-03-05T00:00:00.000Z',
        declines: 2,
        declineReasons: ['on leave', ''],
        reassigns: 1,
        escalations: 2,
      },
    ]);
  });

  it('reads facts by week (inclusive) and by receiving or sending team', async () => {
    const [a, b, c, d, e] = [uid('team'), uid('team'), uid('team'), uid('team'), uid('team')] as const;
    const ab1 = startPatch({ from: a, to: b, week: '2031-05-05' });
    const ca2 = startPatch({ from: c, to: a, week: '2031-05-12' });
    const bc3 = startPatch({ from: b, to: c, week: '2031-05-19' });
    const de2 = startPatch({ from: d, to: e, week: '2031-05-12' });
    await commitOk(store(), { journey: [ab1, ca2] });
    await commitOk(store(), { journey: [bc3, de2] });
    const all = new Set([ab1, ca2, bc3, de2].map((p) => p.handoffId));
    const read = async (q: Parameters<ReturnType<GetStore>['journeyFacts']>[0]) =>
      (await store().journeyFacts(q))
        .map((f) => f.handoffId)
        .filter((h) => all.has(h))
        .sort();
    const ids = (...ps: JourneyPatch[]) => ps.map((p) => p.handoffId).sort();
    expect(await read({ fromWeek: '2031-05-12', toWeek: '2031-05-12' })).toEqual(ids(ca2, de2));
    expect(await read({ fromWeek: '2031-05-12' })).toEqual(ids(ca2, bc3, de2));
    expect(await read({ toWeek: '2031-05-12' })).toEqual(ids(ab1, ca2, de2));
    expect(await read({ teams: [a] })).toEqual(ids(ab1, ca2));
    expect(await read({ teams: [c, e], toWeek: '2031-05-12' })).toEqual(ids(ca2, de2));
    expect(await read({ teams: [uid('team')] })).toEqual([]);
    expect(await read({})).toEqual(ids(ab1, ca2, bc3, de2));
  });

  it('refuses a whole commit whose inserted key exists already, and applies nothing of it', async () => {
    const ns = uid('ns');
    await commitOk(store(), { kv: [{ ns, key: 'token', value: { who: 'dana' } }] });
    const customer = aCustomer();
    const patch = startPatch({ customerId: customer.id });
    expect(
      await store().commit({
        customers: [{ value: customer, expectedVersion: null }],
        audit: [anAudit(customer.id)],
        kv: [{ ns, key: 'cursor', value: 7 }],
        kvInsert: [
          { ns, key: 'fresh', value: 1 },
          { ns, key: 'token', value: { who: 'mallory' } },
        ],
        journey: [patch],
      }),
    ).toEqual({ ok: false, reason: 'conflict', entity: 'kv', id: `${ns}/token` });
    expect(await store().getKv(ns, 'token')).toEqual({ who: 'dana' });
    expect(await store().getKv(ns, 'cursor')).toBeUndefined();
    expect(await store().getKv(ns, 'fresh')).toBeUndefined();
    expect(await store().getCustomer(customer.id)).toBeUndefined();
    expect(await store().history(customer.id)).toEqual([]);
    expect((await store().journeyFacts({})).filter((f) => f.handoffId === patch.handoffId)).toEqual([]);
    // A key that does not exist goes in, once.
    await commitOk(store(), { kvInsert: [{ ns, key: 'fresh', value: { n: 1 } }] });
    expect(await store().getKv(ns, 'fresh')).toEqual({ n: 1 });
    expect(await store().commit({ kvInsert: [{ ns, key: 'fresh', value: { n: 2 } }] })).toMatchObject({
      ok: false,
      entity: 'kv',
    });
    expect(await store().getKv(ns, 'fresh')).toEqual({ n: 1 });
  });

  it('takes a one-time key exactly once; taking a missing key refuses the whole commit', async () => {
    const ns = uid('ns');
    await commitOk(store(), { kvInsert: [{ ns, key: 'link', value: { person: 'dana' } }] });
    const first = aCustomer();
    await commitOk(store(), {
      customers: [{ value: first, expectedVersion: null }],
      kvTake: [{ ns, key: 'link' }],
    });
    expect(await store().getKv(ns, 'link')).toBeUndefined();
    expect(await store().getCustomer(first.id)).toEqual(first);
    const second = aCustomer();
    const again = {
      customers: [{ value: second, expectedVersion: null }],
      kv: [{ ns, key: 'session', value: 'open' }],
      kvTake: [{ ns, key: 'link' }],
    };
    expect(await store().commit(again)).toEqual({
      ok: false,
      reason: 'conflict',
      entity: 'kv',
      id: `${ns}/link`,
    });
    expect(await store().getCustomer(second.id)).toBeUndefined();
    expect(await store().getKv(ns, 'session')).toBeUndefined();
    expect(await store().commit({ kvTake: [{ ns, key: 'never-issued' }] })).toEqual({
      ok: false,
      reason: 'conflict',
      entity: 'kv',
      id: `${ns}/never-issued`,
    });
  });

  it('keeps an erasure patch: decline reasons blanked, one per decline, other customers untouched', async () => {
    const customer = aCustomer();
    const erased = startPatch({ customerId: customer.id });
    const kept = startPatch();
    const reasons = ['Min-jun is on leave until March', ''];
    await commitOk(store(), {
      journey: [erased, kept].map((p) => ({ ...p, add: { declines: 2, declineReasons: reasons } })),
    });
    await commitOk(store(), {
      eraseHistoryOf: [customer.id],
      journey: [{ handoffId: erased.handoffId, set: erased.set, eraseReasons: true }],
    });
    const facts = new Map((await store().journeyFacts({})).map((f) => [f.handoffId, f]));
    expect(facts.get(erased.handoffId)).toMatchObject({ declines: 2, declineReasons: ['', ''] });
    expect(facts.get(kept.handoffId)).toMatchObject({ declines: 2, declineReasons: reasons });
  });
}
