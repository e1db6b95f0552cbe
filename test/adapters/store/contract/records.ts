import { expect, it } from 'vitest';
import type { Customer, Handoff } from '../../../../src/domain/types.js';
import {
  aCardRef,
  aCustomer,
  aDelivery,
  aFollowUp,
  aHandoff,
  anAudit,
  anInbound,
  aTouchpoint,
  uid,
} from '../builders.js';
import { commitOk, type GetStore, mine } from './helpers.js';

/** Every kind of record comes back as it was committed. */
export function recordsContract(store: GetStore): void {
  it('round-trips a customer, a handoff and the records around them', async () => {
    const customer = aCustomer();
    // With the terms it kept from its playbook (live config): they must survive every store.
    const handoff = aHandoff(customer.id, {
      terms: {
        sla: { accept: 'PT4H', firstContact: 'P2D' },
        nudges: ['50%', '100%'],
        escalate: '150%',
        pulse: { after: 'firstContact', delay: 'P1D' },
      },
    });
    const followUp = aFollowUp(customer.id, handoff.id);
    const delivery = aDelivery({ message: { type: 'handoff-card', handoffId: handoff.id } });
    const card = aCardRef(handoff.id, {
      platform: 'teams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    });
    const inbound = anInbound({ customerId: customer.id });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      followUps: [followUp],
      deliveries: [delivery],
      cardRefs: [card],
      inbound: [{ value: inbound }],
    });
    const s = store();
    expect(await s.getCustomer(customer.id)).toEqual(customer);
    expect(await s.getHandoff(handoff.id)).toEqual(handoff);
    expect(await s.listHandoffs({ customerId: customer.id })).toEqual([handoff]);
    expect(await s.listFollowUps({ handoffId: handoff.id })).toEqual([followUp]);
    expect(await s.getDelivery(delivery.id)).toEqual(delivery);
    expect(await s.getCardRef(card.id)).toEqual(card);
    expect(await s.listCardRefs(handoff.id)).toEqual([card]);
    expect(await s.getInbound(inbound.source, inbound.id)).toEqual(inbound);
    expect(mine(await s.customerNames(), [customer.id])).toEqual([
      { id: customer.id, name: customer.name, aliases: customer.aliases },
    ]);
  });

  it('round-trips touchpoints and audit entries through history', async () => {
    const customer = aCustomer();
    const touchpoint = aTouchpoint(customer.id, { channel: 'meeting', handoffId: uid('hof') });
    const audit = anAudit(customer.id, {
      details: { from: 'sales', to: 'delivery', seats: 40, tags: ['sso'] },
    });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      touchpoints: [touchpoint],
      audit: [audit],
    });
    expect(await store().history(customer.id)).toEqual([
      { kind: 'audit', at: audit.at, entry: audit },
      { kind: 'touchpoint', at: touchpoint.at, entry: touchpoint },
    ]);
  });

  it('answers undefined for records that do not exist', async () => {
    const s = store();
    expect(await s.getCustomer(uid('cus'))).toBeUndefined();
    expect(await s.getHandoff(uid('hof'))).toBeUndefined();
    expect(await s.getDelivery(uid('dlv'))).toBeUndefined();
    expect(await s.getCardRef(uid('card'))).toBeUndefined();
    expect(await s.getInbound('stripe', uid('evt'))).toBeUndefined();
    expect(await s.getKv(uid('ns'), 'missing')).toBeUndefined();
    expect(await s.listKv(uid('ns'))).toEqual([]);
    expect(await s.history(uid('cus'))).toEqual([]);
    expect(await s.listCardRefs(uid('hof'))).toEqual([]);
  });

  it('keeps its own copy: changing an object after commit changes nothing stored', async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
    });
    const name = customer.name;
    customer.name = 'Changed by the caller';
    customer.contacts.push({ name: 'Intruder' });
    handoff.context.summary = 'changed';
    const stored = await store().getCustomer(customer.id);
    expect(stored?.name).toBe(name);
    expect(stored?.contacts).toHaveLength(2);
    expect((await store().getHandoff(handoff.id))?.context.summary).not.toBe('changed');
  });

  it('upserts follow-ups and card refs by id', async () => {
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const followUp = aFollowUp(customer.id, handoff.id);
    const first = aCardRef(handoff.id, { postedAt: '2026-11-23T10:05:00.000Z' });
    const second = aCardRef(handoff.id, { postedAt: '2026-11-23T10:01:00.000Z', conversationId: 'D0OMAR' });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      followUps: [followUp],
      cardRefs: [first, second],
    });
    const moved = { ...followUp, dueAt: '2026-11-23T13:00:00.000Z' };
    const edited = { ...first, messageId: '1763892999.000200' };
    await commitOk(store(), { followUps: [moved], cardRefs: [edited] });
    expect(await store().listFollowUps({ handoffId: handoff.id })).toEqual([moved]);
    expect(await store().listCardRefs(handoff.id)).toEqual([second, edited]);
  });

  it('sets, overwrites, deletes and lists keyed values', async () => {
    const ns = uid('teams-conv');
    const ref = {
      conversationId: '19:abc@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    };
    await commitOk(store(), {
      kv: [
        { ns, key: 'omar', value: ref },
        { ns, key: 'cursor', value: 3 },
        { ns, key: 'label', value: 'first' },
      ],
    });
    expect(await store().getKv(ns, 'omar')).toEqual(ref);
    await commitOk(store(), {
      kv: [
        { ns, key: 'cursor', value: 4 },
        { ns, key: 'label', value: null },
      ],
    });
    expect(await store().getKv(ns, 'cursor')).toBe(4);
    expect(await store().getKv(ns, 'label')).toBeUndefined();
    const listed = await store().listKv(ns);
    expect(listed.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'cursor', value: 4 },
      { key: 'omar', value: ref },
    ]);
    expect(await store().listKv(uid('other-ns'))).toEqual([]);
  });

  it('counts what it holds in stats', async () => {
    const before = await store().stats();
    const waiting = anInbound();
    const customer = aCustomer();
    const states = ['open', 'proposed', 'accepted', 'declined'] as const;
    const handoffs = states.map((state) => aHandoff(customer.id, { state }));
    const done = aHandoff(customer.id);
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [...handoffs, done].map((value) => ({ value, expectedVersion: null })),
      followUps: [aFollowUp(customer.id, done.id), aFollowUp(customer.id, done.id, { step: '100%' })],
      deliveries: [
        aDelivery(),
        // Tried once and waiting for another try: pending, and counted as retrying too.
        aDelivery({ platform: 'teams', attempts: 1, lastError: 'Teams 502: Bad Gateway' }),
        aDelivery({ platform: 'teams', status: 'failed', attempts: 5, lastError: 'channel_not_found' }),
      ],
      inbound: [{ value: waiting }, { value: anInbound({ status: 'processed', outcome: 'handoff' }) }],
    });
    await commitOk(store(), {
      handoffs: [
        { value: { ...done, state: 'done', closedAt: done.updatedAt, version: 2 }, expectedVersion: 1 },
      ],
    });
    const after = await store().stats();
    expect({
      customers: after.customers - before.customers,
      handoffs: after.handoffs - before.handoffs,
      openHandoffs: after.openHandoffs - before.openHandoffs,
      pendingFollowUps: after.pendingFollowUps - before.pendingFollowUps,
      pendingDeliveries: after.pendingDeliveries - before.pendingDeliveries,
      pendingSlack:
        (after.pendingDeliveriesByPlatform.slack ?? 0) - (before.pendingDeliveriesByPlatform.slack ?? 0),
      pendingTeams:
        (after.pendingDeliveriesByPlatform.teams ?? 0) - (before.pendingDeliveriesByPlatform.teams ?? 0),
      failedDeliveries: after.failedDeliveries - before.failedDeliveries,
      retryingDeliveries: after.retryingDeliveries - before.retryingDeliveries,
      retryingTeams:
        (after.retryingDeliveriesByPlatform.teams ?? 0) - (before.retryingDeliveriesByPlatform.teams ?? 0),
      retryingSlack:
        (after.retryingDeliveriesByPlatform.slack ?? 0) - (before.retryingDeliveriesByPlatform.slack ?? 0),
      pendingInbound: after.pendingInbound - before.pendingInbound,
    }).toEqual({
      customers: 1,
      handoffs: 5,
      openHandoffs: 2,
      pendingFollowUps: 2,
      pendingDeliveries: 2,
      pendingSlack: 1,
      pendingTeams: 1,
      failedDeliveries: 1,
      retryingDeliveries: 1,
      retryingTeams: 1,
      retryingSlack: 0,
      pendingInbound: 1,
    });
    // Counts follow changes: the event processed, the open handoff accepted.
    const [open] = handoffs;
    if (!open) throw new Error('no open handoff');
    await commitOk(store(), {
      inbound: [{ value: { ...waiting, status: 'processed', outcome: 'handoff' }, expectExisting: true }],
      handoffs: [{ value: { ...open, state: 'accepted', version: 2 }, expectedVersion: 1 }],
    });
    const settled = await store().stats();
    expect(settled.pendingInbound - before.pendingInbound).toBe(0);
    expect(settled.openHandoffs - before.openHandoffs).toBe(1);
  });

  it('reads many customers and handoffs at once, closed handoffs too, skipping unknown ids', async () => {
    const customers = [aCustomer(), aCustomer()];
    const [c1, c2] = customers as [Customer, Customer];
    const open = aHandoff(c1.id);
    const closing = aHandoff(c2.id);
    await commitOk(store(), {
      customers: customers.map((value) => ({ value, expectedVersion: null })),
      handoffs: [open, closing].map((value) => ({ value, expectedVersion: null })),
    });
    const closed: Handoff = { ...closing, state: 'done', closedAt: closing.updatedAt, version: 2 };
    await commitOk(store(), { handoffs: [{ value: closed, expectedVersion: 1 }] });
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await store().getCustomers([c2.id, uid('cus'), c1.id, c1.id]))).toEqual(byId(customers));
    expect(byId(await store().getHandoffs([open.id, closed.id, uid('hof')]))).toEqual(byId([open, closed]));
    expect(await store().getCustomers([])).toEqual([]);
    expect(await store().getHandoffs([])).toEqual([]);
  });

  it('is ready while open', async () => {
    expect(await store().ready()).toBe(true);
  });
}
