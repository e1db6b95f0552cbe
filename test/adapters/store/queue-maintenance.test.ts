import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import type { FollowUp, Handoff, HandoffState } from '../../../src/domain/types.js';
import type { Store } from '../../../src/store/store.js';
import { aCustomer, aFollowUp, aHandoff, at, times } from './builders.js';
import '../../support/fast-check-setup.js';

/**
 * The memory (and file) store keeps queues up to date change by change from their first page
 * (asked for before or after the records it holds). Random changes, pages asked for at random
 * points (some only built, not checked: `warm`); after each
 * change every page asked for must equal the queue worked out from the records as they are,
 * by the rules of `/cx mine` written out again here (not the store's code).
 */
const PEOPLE = ['ana', 'ben', 'cho'] as const;
const TEAMS = ['red', 'blue'] as const;
const TEAM_OF: Record<string, string> = { ana: 'red', ben: 'red', cho: 'blue' };
const STATES: HandoffState[] = ['proposed', 'open', 'accepted', 'contacted', 'declined', 'done', 'cancelled'];
const WINDOWS: FollowUp['window'][] = ['accept', 'firstContact', 'cadence', 'pulse'];
// Few distinct times, so ties in every part of the order are common.
const TIMES = [0, 1, 2, 3].map((n) => at(times.T0, n * times.HOUR));

const person = fc.constantFrom(...PEOPLE);
// Nobody as often as somebody: unowned, unassigned (claimable) handoffs are a case of their own.
const maybePerson = fc.option(person, { nil: undefined, freq: 1 });
const time = fc.constantFrom(...TIMES);
const handoffFields = fc.record({
  to: fc.constantFrom(...TEAMS),
  state: fc.oneof(fc.constant<HandoffState>('open'), fc.constantFrom(...STATES)),
  owner: maybePerson,
  assignee: maybePerson,
  sender: person,
  acceptDueAt: fc.option(time, { nil: undefined }),
  contactDueAt: fc.option(time, { nil: undefined }),
  createdAt: time,
});

type HandoffFields = typeof handoffFields extends fc.Arbitrary<infer T> ? T : never;

type Op =
  | { kind: 'handoff'; slot: number; fields: HandoffFields }
  | {
      kind: 'followUp';
      slot: number;
      onHandoff: boolean;
      window: FollowUp['window'];
      to: string;
      customer: number;
      deadline: string;
      dueAt: string;
    }
  | { kind: 'settle'; slot: number; how: 'sent' | 'cancelled' }
  | { kind: 'warm'; who: string }
  | { kind: 'page'; who: string; withTeam: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('handoff' as const), slot: fc.nat(5), fields: handoffFields }),
  fc.record({
    kind: fc.constant('followUp' as const),
    slot: fc.nat(5),
    onHandoff: fc.boolean(),
    window: fc.constantFrom(...WINDOWS),
    to: person,
    customer: fc.nat(1),
    deadline: time,
    dueAt: time,
  }),
  fc.record({
    kind: fc.constant('settle' as const),
    slot: fc.nat(9),
    how: fc.constantFrom('sent' as const, 'cancelled' as const),
  }),
  fc.record({ kind: fc.constant('warm' as const), who: person }),
  fc.record({ kind: fc.constant('page' as const), who: person, withTeam: fc.boolean() }),
);

// The rules of the queue, from its definition.
function roleIn(h: Handoff, who: string, team: string | undefined): string | undefined {
  if (h.state === 'done' || h.state === 'cancelled') return undefined;
  if (h.owner === who) return 'owner';
  if (h.assignee === who && h.state === 'open') return 'assignee';
  if (h.sender === who && (h.state === 'proposed' || h.state === 'declined')) return 'sender';
  if (team !== undefined && h.to === team && h.state === 'open' && h.assignee === undefined)
    return 'claimable';
  return undefined;
}
const RANK: Record<string, number> = { owner: 0, assignee: 1, sender: 2, claimable: 3 };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function expected(
  handoffs: Map<string, Handoff>,
  followUps: Map<string, FollowUp>,
  who: string,
  team?: string,
) {
  const items = [...handoffs.values()]
    .map((h) => ({ h, role: roleIn(h, who, team) }))
    .filter((x): x is { h: Handoff; role: string } => x.role !== undefined)
    .sort((a, b) => {
      const ua = (a.h.state === 'open' ? a.h.acceptDueAt : a.h.contactDueAt) ?? a.h.createdAt;
      const ub = (b.h.state === 'open' ? b.h.acceptDueAt : b.h.contactDueAt) ?? b.h.createdAt;
      return (
        cmp(ua, ub) ||
        (RANK[a.role] ?? 9) - (RANK[b.role] ?? 9) ||
        cmp(a.h.createdAt, b.h.createdAt) ||
        cmp(a.h.id, b.h.id)
      );
    })
    .map((x) => [x.h.id, x.role]);
  const earliest = new Map<string, FollowUp>();
  const byLine = (a: FollowUp, b: FollowUp) =>
    cmp(a.deadline, b.deadline) || cmp(a.dueAt, b.dueAt) || cmp(a.id, b.id);
  for (const f of followUps.values()) {
    if (f.status !== 'pending' || f.recipient.kind !== 'person' || f.recipient.person !== who) continue;
    const onHandoff = f.handoffId !== undefined && f.window !== 'cadence';
    if (onHandoff) {
      const h = handoffs.get(f.handoffId ?? '');
      if (h && roleIn(h, who, team) !== undefined) continue;
    }
    const subject = onHandoff ? `h ${f.handoffId}` : `c ${f.customerId} ${f.window}`;
    const kept = earliest.get(subject);
    if (!kept || byLine(f, kept) < 0) earliest.set(subject, f);
  }
  const lines = [...earliest.values()].sort(byLine).map((f) => f.id);
  return { items, total: items.length, lines };
}

async function run(ops: Op[], open: () => Store = createMemoryStore) {
  const store = open();
  const customers = [aCustomer(), aCustomer()];
  await store.commit({ customers: customers.map((value) => ({ value, expectedVersion: null })) });
  const handoffs = new Map<string, Handoff>();
  const followUps = new Map<string, FollowUp>();
  const slots: string[] = [];
  const fuIds: string[] = [];
  const asked = new Set<string>();
  const check = async (who: string, team: string | undefined) => {
    const page = await store.queuePage({ person: who, ...(team ? { team } : {}), limit: 100 });
    const got = {
      items: page.items.map((i) => [i.handoff.id, i.role]),
      total: page.total,
      lines: page.followUps.map((f) => f.id),
    };
    expect(got, `${who}${team ? ` in ${team}` : ''}`).toEqual(expected(handoffs, followUps, who, team));
  };
  for (const o of ops) {
    if (o.kind === 'handoff') {
      const id = slots[o.slot];
      const before = id === undefined ? undefined : handoffs.get(id);
      // A closed handoff is not changed again; its slot takes a new one.
      const reopen = before && (before.state === 'done' || before.state === 'cancelled');
      const customer = customers[0];
      if (!customer) throw new Error('customers');
      const fields = Object.fromEntries(Object.entries(o.fields).filter(([, v]) => v !== undefined));
      const next: Handoff =
        before && !reopen
          ? { ...before, owner: undefined, assignee: undefined, ...fields, version: before.version + 1 }
          : aHandoff(customer.id, { owner: undefined, assignee: undefined, ...fields });
      const r = await store.commit({
        handoffs: [{ value: next, expectedVersion: before && !reopen ? before.version : null }],
      });
      expect(r).toEqual({ ok: true });
      handoffs.set(next.id, next);
      slots[o.slot] = next.id;
    } else if (o.kind === 'followUp') {
      const customer = customers[o.customer];
      const handoffId = o.onHandoff ? slots[o.slot] : undefined;
      if (!customer) throw new Error('customers');
      const f: FollowUp = aFollowUp(customer.id, handoffId ?? 'none', {
        window: o.window,
        recipient: { kind: 'person', person: o.to },
        deadline: o.deadline,
        dueAt: o.dueAt,
      });
      if (handoffId === undefined) delete f.handoffId;
      expect(await store.commit({ followUps: [f] })).toEqual({ ok: true });
      followUps.set(f.id, f);
      fuIds.push(f.id);
    } else if (o.kind === 'settle') {
      const f = followUps.get(fuIds[o.slot] ?? '');
      if (f?.status !== 'pending') continue;
      const done: FollowUp =
        o.how === 'sent'
          ? { ...f, status: 'sent', sentAt: f.dueAt }
          : { ...f, status: 'cancelled', cancelledAt: f.dueAt, cancelReason: 'accepted' };
      const r =
        o.how === 'sent'
          ? await store.commit({ followUpsSent: [f.id] })
          : await store.commit({ followUps: [done] });
      expect(r).toEqual({ ok: true });
      followUps.set(f.id, done);
    } else if (o.kind === 'warm') {
      await store.queuePage({ person: o.who, team: TEAM_OF[o.who] ?? 'red', limit: 0 });
      asked.add(`${o.who}|${TEAM_OF[o.who]}`);
    } else {
      const team = o.withTeam ? TEAM_OF[o.who] : undefined;
      await check(o.who, team);
      asked.add(`${o.who}|${team ?? ''}`);
    }
    // Every queue built so far is checked after every change.
    for (const key of asked) {
      const [who, team] = key.split('|');
      if (who) await check(who, team || undefined);
    }
  }
  for (const who of PEOPLE) {
    await check(who, TEAM_OF[who]);
    await check(who, undefined);
  }
}

/** A store whose queues are not kept up to date: each page is the first one asked for, kept. */
function stale(): Store {
  const store = createMemoryStore();
  const first = new Map<string, Awaited<ReturnType<Store['queuePage']>>>();
  return {
    ...store,
    async queuePage(q) {
      const key = `${q.person}|${q.team ?? ''}`;
      const kept = first.get(key) ?? (await store.queuePage(q));
      first.set(key, kept);
      return kept;
    },
  };
}

describe('queues kept up to date change by change (memory and file stores)', () => {
  it('equal the queue worked out from the records, after any changes, built or warmed at any point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => run(ops)),
      { numRuns: 150 },
    );
  });

  it('control: a queue that is not kept up to date fails the same check', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => run(ops, stale)),
        { numRuns: 150 },
      ),
    ).rejects.toThrow();
  });
});
