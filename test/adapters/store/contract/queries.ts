import { expect, it } from 'vitest';
import { aCustomer, aDelivery, aFollowUp, aHandoff, bump, uid } from '../builders.js';
import { commitOk, type GetStore, idsOf, mine } from './helpers.js';

const sorted = (ids: string[]) => [...ids].sort();

/** Look-ups by external id, email and domain, and the list filters. */
export function queriesContract(store: GetStore): void {
  it('finds a customer by external id, and no longer by one it dropped', async () => {
    const customer = aCustomer();
    await commitOk(store(), { customers: [{ value: customer, expectedVersion: null }] });
    const hubspotId = customer.externalIds.hubspot ?? '';
    expect(await store().findCustomerByExternalId('hubspot', hubspotId)).toEqual(customer);
    expect(await store().findCustomerByExternalId('stripe', hubspotId)).toBeUndefined();
    const moved = bump(customer, { externalIds: { hubspot: `${hubspotId}-merged`, stripe: uid('cus') } });
    await commitOk(store(), { customers: [{ value: moved, expectedVersion: 1 }] });
    expect(await store().findCustomerByExternalId('hubspot', hubspotId)).toBeUndefined();
    expect((await store().findCustomerByExternalId('hubspot', `${hubspotId}-merged`))?.id).toBe(customer.id);
    expect((await store().findCustomerByExternalId('stripe', moved.externalIds.stripe ?? ''))?.id).toBe(
      customer.id,
    );
  });

  it('finds a customer by contact email or by domain, ignoring case', async () => {
    const customer = aCustomer();
    await commitOk(store(), { customers: [{ value: customer, expectedVersion: null }] });
    const email = customer.contacts[0]?.email ?? '';
    const domain = customer.domain ?? '';
    expect((await store().findCustomerByEmailOrDomain(email))?.id).toBe(customer.id);
    expect((await store().findCustomerByEmailOrDomain(email.toUpperCase()))?.id).toBe(customer.id);
    expect((await store().findCustomerByEmailOrDomain(domain))?.id).toBe(customer.id);
    expect((await store().findCustomerByEmailOrDomain(`new.person@${domain.toUpperCase()}`))?.id).toBe(
      customer.id,
    );
    expect(await store().findCustomerByEmailOrDomain(`${uid('x')}.example`)).toBeUndefined();
    const renamed = bump(customer, { domain: `${uid('acme')}.example`, contacts: [{ name: 'Sara Lee' }] });
    await commitOk(store(), { customers: [{ value: renamed, expectedVersion: 1 }] });
    expect(await store().findCustomerByEmailOrDomain(domain)).toBeUndefined();
    expect(await store().findCustomerByEmailOrDomain(email)).toBeUndefined();
    expect((await store().findCustomerByEmailOrDomain(renamed.domain ?? ''))?.id).toBe(customer.id);
  });

  it('filters customers by team, owner, post-purchase, contact due date and limit', async () => {
    const team = uid('team');
    const due = aCustomer({ team, owner: 'omar', contactDueAt: '2026-12-01T10:00:00.000Z' });
    const pre = aCustomer({ team, owner: 'priya', postPurchase: false, contactDueAt: undefined });
    const later = aCustomer({ team, owner: 'omar', contactDueAt: '2026-12-03T10:00:00.000Z' });
    await commitOk(store(), {
      customers: [due, pre, later].map((value) => ({ value, expectedVersion: null })),
    });
    const list = async (filter: Parameters<ReturnType<GetStore>['listCustomers']>[0]) =>
      sorted(idsOf(await store().listCustomers(filter)));
    expect(await list({ team })).toEqual(sorted([due.id, pre.id, later.id]));
    expect(await list({ team, owner: 'omar' })).toEqual(sorted([due.id, later.id]));
    expect(await list({ team, postPurchase: false })).toEqual([pre.id]);
    expect(await list({ team, postPurchase: true })).toEqual(sorted([due.id, later.id]));
    expect(await list({ team, contactDueBefore: '2026-12-02T00:00:00.000Z' })).toEqual([due.id]);
    expect(await list({ team, contactDueBefore: '2026-12-01T10:00:00.000Z' })).toEqual([]);
    expect(await store().listCustomers({ team, limit: 2 })).toHaveLength(2);
    expect(await list({ team: uid('team') })).toEqual([]);
  });

  it('filters handoffs by person, team and state, oldest first', async () => {
    const customer = aCustomer();
    const [sender, assignee, owner, to] = [uid('p'), uid('p'), uid('p'), uid('team')];
    const h1 = aHandoff(customer.id, { sender, assignee, to, createdAt: '2026-11-23T09:00:00.000Z' });
    const h2 = aHandoff(customer.id, {
      sender,
      owner,
      assignee: owner,
      state: 'accepted',
      createdAt: '2026-11-22T09:00:00.000Z',
    });
    const h3 = aHandoff(customer.id, {
      from: 'delivery',
      to,
      state: 'proposed',
      createdAt: '2026-11-24T09:00:00.000Z',
    });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [h1, h2, h3].map((value) => ({ value, expectedVersion: null })),
    });
    const s = store();
    expect(await s.listHandoffs({ customerId: customer.id })).toEqual([h2, h1, h3]);
    expect(await s.listHandoffs({ sender })).toEqual([h2, h1]);
    expect(await s.listHandoffs({ assignee })).toEqual([h1]);
    expect(await s.listHandoffs({ owner })).toEqual([h2]);
    expect(await s.listHandoffs({ to })).toEqual([h1, h3]);
    expect(await s.listHandoffs({ to, from: 'delivery' })).toEqual([h3]);
    expect(await s.listHandoffs({ customerId: customer.id, states: ['open', 'accepted'] })).toEqual([h2, h1]);
    const reassigned = bump(h1, { assignee: owner });
    await commitOk(s, { handoffs: [{ value: reassigned, expectedVersion: 1 }] });
    expect(await s.listHandoffs({ assignee })).toEqual([]);
    expect(await s.listHandoffs({ assignee: owner })).toEqual([h2, reassigned]);
  });

  it('filters pending follow-ups by handoff, customer and person, soonest first', async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const person = uid('p');
    const f1 = aFollowUp(customer.id, handoff.id, {
      recipient: { kind: 'person', person },
      dueAt: '2026-11-23T12:00:00.000Z',
    });
    const f2 = aFollowUp(customer.id, handoff.id, {
      step: '100%',
      recipient: { kind: 'person', person },
      dueAt: '2026-11-23T11:00:00.000Z',
    });
    const f3 = aFollowUp(customer.id, handoff.id, {
      kind: 'escalation',
      step: '150%',
      recipient: { kind: 'team', team: 'delivery' },
      dueAt: '2026-11-23T13:00:00.000Z',
    });
    const cadence = aFollowUp(customer.id, uid('hof'), { handoffId: undefined, window: 'cadence' });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      followUps: [f1, f2, f3, cadence],
    });
    const s = store();
    expect(await s.listFollowUps({ handoffId: handoff.id })).toEqual([f2, f1, f3]);
    expect(sorted(idsOf(await s.listFollowUps({ customerId: customer.id })))).toEqual(
      sorted([f1.id, f2.id, f3.id, cadence.id]),
    );
    expect(await s.listFollowUps({ person })).toEqual([f2, f1]);
    await commitOk(s, {
      followUps: [
        { ...f2, status: 'sent', sentAt: '2026-11-23T11:00:05.000Z' },
        { ...f3, status: 'cancelled', cancelledAt: '2026-11-23T11:30:00.000Z', cancelReason: 'accepted' },
      ],
    });
    expect(await s.listFollowUps({ handoffId: handoff.id, status: 'pending' })).toEqual([f1]);
    expect(await s.listFollowUps({ person, status: 'pending' })).toEqual([f1]);
  });

  it("lists a team's handoffs by state and its claimable ones (open, no assignee), following every change", async () => {
    const customer = aCustomer();
    const [to, other] = [uid('team'), uid('team')];
    const T = '2026-11-23T09:00:00.000Z';
    // Same instant: ids decide, in code-unit order ("B" before "a"), in every engine.
    const claimable = aHandoff(customer.id, { id: `a${uid('hof')}`, to, assignee: undefined, createdAt: T });
    const early = aHandoff(customer.id, { id: `B${uid('hof')}`, to, assignee: undefined, createdAt: T });
    const asked = aHandoff(customer.id, { to, assignee: 'omar', createdAt: '2026-11-23T08:00:00.000Z' });
    const accepted = aHandoff(customer.id, { to, state: 'accepted', owner: 'omar' });
    const proposed = aHandoff(customer.id, { to, state: 'proposed', assignee: undefined });
    const elsewhere = aHandoff(customer.id, { to: other, assignee: undefined });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [claimable, early, asked, accepted, proposed, elsewhere].map((value) => ({
        value,
        expectedVersion: null,
      })),
    });
    const s = store();
    const claim = { to, states: ['open' as const], unassigned: true };
    expect(await s.listHandoffs(claim)).toEqual([early, claimable]);
    expect(await s.listHandoffs({ to, states: ['open'] })).toEqual([asked, early, claimable]);
    expect(await s.listHandoffs({ to, states: ['open'], unassigned: false })).toEqual([asked]);
    expect(idsOf(await s.listHandoffs({ to, states: ['open', 'proposed'], unassigned: true }))).toEqual(
      idsOf([early, claimable, proposed]),
    );
    expect(idsOf(await s.listHandoffs({ to, states: ['open', 'accepted'] }))).toEqual(
      idsOf([asked, early, claimable, accepted]),
    );
    // Asked of someone, accepted, or closed: no longer claimable.
    const nowAsked = bump(claimable, { assignee: 'priya' });
    const nowAccepted = bump(early, { state: 'accepted', owner: 'priya', assignee: 'priya' });
    const closed = bump(proposed, { state: 'cancelled', closedAt: '2026-11-23T12:00:00.000Z' });
    await commitOk(s, {
      handoffs: [nowAsked, nowAccepted, closed].map((value) => ({ value, expectedVersion: 1 })),
    });
    expect(await s.listHandoffs(claim)).toEqual([]);
    expect(await s.listHandoffs({ to, states: ['open'] })).toEqual([asked, nowAsked]);
    expect(idsOf(await s.listHandoffs({ to, states: ['proposed'] }))).toEqual([]);
    expect(idsOf(await s.listHandoffs({ owner: 'priya', to }))).toEqual([nowAccepted.id]);
    // Back to no assignee: claimable again.
    const unasked = bump(nowAsked, { assignee: undefined });
    await commitOk(s, { handoffs: [{ value: unasked, expectedVersion: 2 }] });
    expect(idsOf(await s.listHandoffs(claim))).toEqual([unasked.id]);
  });

  it("lists a person's follow-ups only, following a change of recipient, ties by id", async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const [person, other] = [uid('p'), uid('p')];
    const dueAt = '2026-11-23T12:00:00.000Z';
    const f1 = aFollowUp(customer.id, handoff.id, {
      id: `a${uid('f')}`,
      recipient: { kind: 'person', person },
      dueAt,
    });
    const f2 = aFollowUp(customer.id, handoff.id, {
      id: `B${uid('f')}`,
      recipient: { kind: 'person', person },
      dueAt,
    });
    const theirs = aFollowUp(customer.id, handoff.id, {
      recipient: { kind: 'person', person: other },
      dueAt: '2026-11-23T11:00:00.000Z',
    });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      followUps: [f1, f2, theirs],
    });
    const s = store();
    expect(await s.listFollowUps({ person })).toEqual([f2, f1]);
    const moved = { ...f2, recipient: { kind: 'person' as const, person: other } };
    await commitOk(s, { followUps: [moved] });
    expect(await s.listFollowUps({ person })).toEqual([f1]);
    expect(idsOf(await s.listFollowUps({ person: other }))).toEqual(idsOf([theirs, moved]));
    // After the housekeeping of a prune, and moved back: listed under the person again, once.
    await s.prune(new Date('2000-01-01T00:00:00.000Z'));
    const back = { ...moved, recipient: { kind: 'person' as const, person } };
    await commitOk(s, { followUps: [back], followUpsSent: [theirs.id] });
    expect(await s.listFollowUps({ person })).toEqual([back, f1]);
    expect(await s.listFollowUps({ person: other })).toEqual([]);
    expect(idsOf(await s.listFollowUps({ handoffId: handoff.id }))).toEqual(idsOf([back, f1]));
    await s.prune(new Date('2000-01-01T00:00:00.000Z'));
    expect(await s.listFollowUps({ person })).toEqual([back, f1]);
    expect(idsOf(await s.listFollowUps({ customerId: customer.id }))).toEqual(idsOf([back, f1]));
  });

  it('lists deliveries by status, oldest first, up to a limit', async () => {
    const pending = aDelivery({ createdAt: '2026-11-23T10:00:02.000Z' });
    const older = aDelivery({ createdAt: '2026-11-23T10:00:01.000Z' });
    const failed = aDelivery({ status: 'failed', attempts: 8, lastError: 'not_in_channel' });
    await commitOk(store(), { deliveries: [pending, older, failed] });
    const ours = [pending.id, older.id, failed.id];
    expect(mine(await store().listDeliveries({ status: 'pending' }), ours)).toEqual([older, pending]);
    expect(mine(await store().listDeliveries({ status: 'failed' }), ours)).toEqual([failed]);
    expect(sorted(idsOf(mine(await store().listDeliveries({}), ours)))).toEqual(sorted(ours));
    expect((await store().listDeliveries({ limit: 1 })).length).toBe(1);
  });
}
