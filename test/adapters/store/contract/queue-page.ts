import { expect, it } from 'vitest';
import type { Handoff } from '../../../../src/domain/types.js';
import { aCustomer, aFollowUp, aHandoff, at, bump, times, uid } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

const { T0, HOUR } = times;
const h = (n: number) => at(T0, n * HOUR);

/** `/cx mine`'s page: a person's queue, most urgent first, and how many it holds. */
export function queuePageContract(store: GetStore): void {
  // A store that keeps queues in memory builds each on its first page: asked for once the
  // records are in, or before any (then every record comes in as a change to an empty queue).
  for (const early of [false, true]) queuePageCases(store, early);
}

function queuePageCases(store: GetStore, early: boolean): void {
  const when = early ? ' (queue asked for before its records)' : '';
  // Built ahead as start-up does (`warmQueues`) where the store can, else by a first page.
  const warm = async (person: string, team: string) => {
    if (!early) return;
    const s = store();
    if (s.warmQueues) await s.warmQueues([{ person, team }]);
    else await s.queuePage({ person, team, limit: 0 });
  };

  it(`pages a person queue in deadline order with a count, and follows every change${when}`, async () => {
    const me = uid('person');
    const other = uid('person');
    const team = uid('team');
    const elsewhere = uid('team');
    const customer = aCustomer();
    const make = (name: string, o: Partial<Handoff>) =>
      aHandoff(customer.id, { id: uid(name), to: elsewhere, sender: other, assignee: other, ...o });
    // Expected order, worked out by hand from each one's deadline (accept while open, else contact).
    const asked = make('asked', { state: 'open', assignee: me, acceptDueAt: h(1) });
    const ownedTie = make('ownedtie', { state: 'accepted', owner: me, contactDueAt: h(1) });
    const ownedClaimable = make('ownedclaim', {
      to: team,
      state: 'open',
      assignee: undefined,
      owner: me,
      acceptDueAt: h(2),
    });
    const claimable = make('claim', { to: team, state: 'open', assignee: undefined, acceptDueAt: h(3) });
    const sent = make('sent', { state: 'proposed', sender: me, contactDueAt: h(4) });
    const owned = make('owned', { state: 'accepted', owner: me, contactDueAt: h(5) });
    // Not mine: asked of me but taken by someone else; sent by me but already open; another team's.
    const takenByOther = make('taken', { state: 'accepted', assignee: me, owner: other, contactDueAt: h(0) });
    const sentOpen = make('sentopen', { state: 'open', sender: me, acceptDueAt: h(0) });
    const othersClaimable = make('oclaim', { state: 'open', assignee: undefined, acceptDueAt: h(0) });
    await warm(me, team);
    const all = [
      asked,
      ownedTie,
      ownedClaimable,
      claimable,
      sent,
      owned,
      takenByOther,
      sentOpen,
      othersClaimable,
    ];
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: all.map((value) => ({ value, expectedVersion: null })),
    });
    const page = async (limit: number) => {
      const p = await store().queuePage({ person: me, team, limit });
      return { ids: p.items.map((i) => [i.handoff.id, i.role]), total: p.total };
    };
    expect(await page(20)).toEqual({
      ids: [
        [ownedTie.id, 'owner'],
        [asked.id, 'assignee'],
        [ownedClaimable.id, 'owner'],
        [claimable.id, 'claimable'],
        [sent.id, 'sender'],
        [owned.id, 'owner'],
      ],
      total: 6,
    });
    expect(await page(2)).toEqual({
      ids: [
        [ownedTie.id, 'owner'],
        [asked.id, 'assignee'],
      ],
      total: 6,
    });
    // Without a team nothing is claimable.
    expect((await store().queuePage({ person: me, limit: 20 })).total).toBe(5);

    // I accept what I was asked (now due for contact at 6h), someone claims the claimable one,
    // the tie is done, and a proposal of mine comes back declined.
    await commitOk(store(), {
      handoffs: [
        { value: bump(asked, { state: 'accepted', owner: me, contactDueAt: h(6) }), expectedVersion: 1 },
        { value: bump(claimable, { assignee: other }), expectedVersion: 1 },
        { value: bump(ownedTie, { state: 'done', closedAt: h(1) }), expectedVersion: 1 },
        { value: bump(sent, { state: 'declined' }), expectedVersion: 1 },
      ],
    });
    expect(await page(20)).toEqual({
      ids: [
        [ownedClaimable.id, 'owner'],
        [sent.id, 'sender'],
        [owned.id, 'owner'],
        [asked.id, 'owner'],
      ],
      total: 4,
    });
  });

  it(`gives one follow-up line per subject, leaving out those of queued handoffs${when}`, async () => {
    const me = uid('person');
    const team = uid('team');
    const customer = aCustomer();
    const queued = aHandoff(customer.id, { to: team, state: 'open', assignee: me });
    const notMine = aHandoff(customer.id, { to: uid('team'), state: 'open', assignee: uid('person') });
    const to = { recipient: { kind: 'person' as const, person: me } };
    const hidden = aFollowUp(customer.id, queued.id, { ...to, deadline: h(1), dueAt: h(0) });
    const step1 = aFollowUp(customer.id, notMine.id, { ...to, step: '50%', deadline: h(4), dueAt: h(2) });
    const step2 = aFollowUp(customer.id, notMine.id, { ...to, step: '100%', deadline: h(4), dueAt: h(3) });
    const cadence = aFollowUp(customer.id, notMine.id, {
      ...to,
      window: 'cadence',
      deadline: h(3),
      dueAt: h(1),
    });
    const someoneElse = aFollowUp(customer.id, notMine.id, {
      recipient: { kind: 'person', person: uid('person') },
      deadline: h(0),
    });
    await warm(me, team);
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [queued, notMine].map((value) => ({ value, expectedVersion: null })),
      followUps: [hidden, step1, step2, cadence, someoneElse],
    });
    const p = await store().queuePage({ person: me, team, limit: 20 });
    expect(p.followUps.map((f) => f.id)).toEqual([cadence.id, step1.id]);
    expect(p.followUpLines).toBe(2);
    const one = await store().queuePage({ person: me, team, limit: 1 });
    expect(one.followUps.map((f) => f.id)).toEqual([cadence.id]);
    expect(one.followUpLines).toBe(2);

    // The first step is sent: the second stands for the handoff. A new check-in comes first.
    const second = aCustomer();
    const early = aFollowUp(second.id, queued.id, { ...to, window: 'cadence', deadline: h(2), dueAt: h(1) });
    await commitOk(store(), {
      customers: [{ value: second, expectedVersion: null }],
      followUpsSent: [step1.id],
      followUps: [early],
    });
    const lines = async () => {
      const p = await store().queuePage({ person: me, team, limit: 20 });
      return { ids: p.followUps.map((f) => f.id), n: p.followUpLines };
    };
    expect(await lines()).toEqual({ ids: [early.id, cadence.id, step2.id], n: 3 });
    // I am asked to accept that handoff: it is in my queue now and stands for its own step.
    await commitOk(store(), { handoffs: [{ value: bump(notMine, { assignee: me }), expectedVersion: 1 }] });
    expect(await lines()).toEqual({ ids: [early.id, cadence.id], n: 2 });
    // It is handed back to someone else, and the queued one is cancelled: both show their steps.
    await commitOk(store(), {
      handoffs: [
        { value: bump(bump(notMine, { assignee: me }), { assignee: uid('person') }), expectedVersion: 2 },
        { value: bump(queued, { state: 'cancelled', closedAt: h(1) }), expectedVersion: 1 },
      ],
    });
    expect(await lines()).toEqual({ ids: [hidden.id, early.id, cadence.id, step2.id], n: 4 });
  });
}
