import { expect, it } from 'vitest';
import type { Delivery } from '../../../../src/domain/types.js';
import { aDelivery, uid } from '../builders.js';
import { commitOk, farFuture, type GetStore, idsOf, iso, mine, plus } from './helpers.js';

const MIN = 60_000;
const lease = { leaseMs: 5 * MIN, limit: 1000 };

/** Delivery claims capped per conversation, and lease renewal, as the outbox's sender uses them. */
export function conversationClaimsContract(store: GetStore): void {
  const queue = async (base: Date, team: string, n: number, platform: 'slack' | 'teams' = 'slack') => {
    const list = Array.from({ length: n }, (_, i) =>
      aDelivery({
        platform,
        target: { kind: 'team', team },
        createdAt: iso(base, -MIN + i),
        nextAttemptAt: iso(base, -MIN + i),
      }),
    );
    await commitOk(store(), { deliveries: list });
    return list;
  };

  it("deliverNotYetNow makes a platform's deliveries that could not reach their conversation yet due now, and no others", async () => {
    const base = farFuture();
    const waiting = (o: Partial<Delivery>) =>
      aDelivery({
        platform: 'teams',
        target: { kind: 'person', person: uid('tom') },
        attempts: 3,
        createdAt: iso(base, -MIN),
        nextAttemptAt: iso(base, 10 * MIN),
        lastError: 'cannot message Tom in Teams yet',
        ...o,
      });
    const notYet = waiting({ notYet: true });
    // Waiting for another reason (a 502, a Retry-After): its time stands.
    const failing = waiting({ lastError: 'Teams 502' });
    const otherPlatform = waiting({ platform: 'slack', notYet: true });
    await commitOk(store(), { deliveries: [notYet, failing, otherPlatform] });
    const ids = idsOf([notYet, failing, otherPlatform]);
    expect(mine(await store().claimDeliveries(base, { ...lease, owner: 'a' }), ids)).toEqual([]);
    expect(await store().deliverNotYetNow('teams', base)).toBeGreaterThanOrEqual(1);
    expect(idsOf(mine(await store().claimDeliveries(base, { ...lease, owner: 'a' }), ids))).toEqual([
      notYet.id,
    ]);
    // Due now (and claimed), it is not moved again.
    expect(await store().deliverNotYetNow('teams', base)).toBe(0);
  });

  it('claims at most the cap of one conversation, the oldest first, and the other conversations beside it', async () => {
    const base = farFuture();
    const busy = await queue(base, uid('busy'), 6);
    const dm = aDelivery({
      target: { kind: 'person', person: uid('tom') },
      createdAt: iso(base, -1),
      nextAttemptAt: iso(base, -1),
    });
    await commitOk(store(), { deliveries: [dm] });
    const ids = idsOf([...busy, dm]);
    const claimed = mine(
      await store().claimDeliveries(base, { ...lease, limit: 3, owner: 'a', perConversation: 2 }),
      ids,
    );
    // Without the cap the three oldest (all of the busy channel) would fill the claim.
    expect(idsOf(claimed)).toEqual([busy[0]?.id, busy[1]?.id, dm.id]);
  });

  it('hands out a conversation in the order its deliveries were queued, whatever order they were written in', async () => {
    const base = farFuture();
    const team = uid('late');
    // Written newest first (a replica's commit that lagged another's, a file edited by hand).
    const list = Array.from({ length: 4 }, (_, i) =>
      aDelivery({
        target: { kind: 'team', team },
        createdAt: iso(base, -MIN + i),
        nextAttemptAt: iso(base, -MIN + i),
      }),
    );
    for (const d of [...list].reverse()) await commitOk(store(), { deliveries: [d] });
    const ids = idsOf(list);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [d] = mine(
        await store().claimDeliveries(base, { ...lease, owner: 'a', perConversation: 1 }),
        ids,
      );
      if (!d) break;
      got.push(d.id);
      await commitOk(store(), { deliveries: [{ ...d, status: 'sent', attempts: 1, sentAt: iso(base, 0) }] });
    }
    expect(got).toEqual(ids);
  });

  it('leaves a conversation alone while any of it is leased, then hands out its next ones in order', async () => {
    const base = farFuture();
    const list = await queue(base, uid('chan'), 5);
    const ids = idsOf(list);
    const claim = async (now: Date, owner: string) =>
      idsOf(mine(await store().claimDeliveries(now, { ...lease, owner, perConversation: 2 }), ids));
    expect(await claim(base, 'a')).toEqual(ids.slice(0, 2));
    // Another claimer (a replica) takes nothing of it: the conversation stays in one hand, in order.
    expect(await claim(plus(base, 1_000), 'b')).toEqual([]);
    const [first, second] = list;
    if (!first || !second) throw new Error('queued');
    await commitOk(store(), {
      deliveries: [
        { ...first, status: 'sent', attempts: 1, sentAt: iso(base, 1_000) },
        { ...second, status: 'sent', attempts: 1, sentAt: iso(base, 1_000) },
      ],
    });
    expect(await claim(plus(base, 2_000), 'b')).toEqual(ids.slice(2, 4));
    // A lease that ran out frees the conversation again (its claimer died).
    expect(await claim(plus(base, 2_000 + lease.leaseMs), 'c')).toEqual(ids.slice(2, 4));
  });

  it('renews only the unexpired leases the caller holds; the others are reported lost', async () => {
    const base = farFuture();
    const list = await queue(base, uid('chan'), 2);
    const other = await queue(base, uid('other'), 1);
    const ids = idsOf([...list, ...other]);
    const mineA = mine(
      await store().claimDeliveries(base, { ...lease, owner: 'a', perConversation: 5 }),
      ids,
    );
    expect(mineA).toHaveLength(3);
    const [a1, a2] = list;
    const [b1] = other;
    if (!a1 || !a2 || !b1) throw new Error('queued');
    await commitOk(store(), { deliveries: [{ ...a2, status: 'sent', attempts: 1, sentAt: iso(base) }] });
    expect(
      await store().renewDeliveryLeases([b1.id], plus(base, 4 * MIN), { leaseMs: lease.leaseMs, owner: 'b' }),
    ).toEqual([]);
    const at = plus(base, 4 * MIN);
    const renewed = await store().renewDeliveryLeases([a1.id, a2.id], at, {
      leaseMs: lease.leaseMs,
      owner: 'a',
    });
    expect(idsOf(renewed)).toEqual([a1.id]);
    expect(renewed[0]?.leaseUntil).toBe(iso(at, lease.leaseMs));
    // Past the first lease it is still a's: nobody else can claim it.
    expect(
      mine(await store().claimDeliveries(plus(base, 6 * MIN), { ...lease, owner: 'b' }), [a1.id]),
    ).toEqual([]);
    // A lease that ran out cannot be renewed: the delivery may be another's by now.
    expect(
      await store().renewDeliveryLeases([b1.id], plus(base, 6 * MIN), { leaseMs: lease.leaseMs, owner: 'a' }),
    ).toEqual([]);
  });

  it('writes a "being sent" mark only where its writer still holds the lease, and leaves a claim taken over as it is', async () => {
    const base = farFuture();
    const [d1, d2, d3] = await queue(base, uid('chan'), 3);
    if (!d1 || !d2 || !d3) throw new Error('queued');
    const ids = idsOf([d1, d2, d3]);
    const claimed = mine(
      await store().claimDeliveries(base, { ...lease, owner: 'a', perConversation: 5 }),
      ids,
    );
    expect(claimed).toHaveLength(3);
    const at = plus(base, MIN);
    const since = iso(at);
    // Held: marked, and the lease stays a's.
    expect(
      await store().markDeliveriesSending([{ id: d1.id, sendingSince: since }], at, { owner: 'a' }),
    ).toEqual([d1.id]);
    const marked = await store().getDelivery(d1.id);
    expect(marked?.sendingSince).toBe(since);
    expect(marked?.leaseOwner).toBe('a');
    expect(marked?.leaseUntil).toBe(iso(base, lease.leaseMs));
    // Another owner's claim is not marked.
    expect(
      await store().markDeliveriesSending([{ id: d2.id, sendingSince: since }], at, { owner: 'b' }),
    ).toEqual([]);
    // Settled meanwhile: not marked.
    await commitOk(store(), { deliveries: [{ ...d3, status: 'sent', attempts: 1, sentAt: since }] });
    expect(
      await store().markDeliveriesSending([{ id: d3.id, sendingSince: since }], at, { owner: 'a' }),
    ).toEqual([]);
    // a's lease ran out and b took d2 over: a's late mark must not land (it would give the row
    // a's expired lease back, claimable by a third replica while b posts).
    const later = plus(base, 6 * MIN);
    const taken = mine(await store().claimDeliveries(later, { ...lease, owner: 'b', perConversation: 5 }), [
      d2.id,
    ]);
    expect(idsOf(taken)).toEqual([d2.id]);
    expect(
      await store().markDeliveriesSending([{ id: d2.id, sendingSince: iso(later) }], later, { owner: 'a' }),
    ).toEqual([]);
    const stillB = await store().getDelivery(d2.id);
    expect(stillB?.leaseOwner).toBe('b');
    expect(stillB?.leaseUntil).toBe(iso(later, lease.leaseMs));
    expect(stillB?.sendingSince).toBeUndefined();
    expect(mine(await store().claimDeliveries(plus(later, 1), { ...lease, owner: 'c' }), [d2.id])).toEqual(
      [],
    );
    // b holds it: b's mark lands, in one write with another it holds.
    const bMarks = await store().markDeliveriesSending(
      [
        { id: d2.id, sendingSince: iso(later) },
        { id: d1.id, sendingSince: iso(later) },
      ],
      later,
      { owner: 'b' },
    );
    expect(bMarks.sort()).toEqual([d1.id, d2.id].sort());
    expect((await store().getDelivery(d2.id))?.sendingSince).toBe(iso(later));
  });

  it("writes a claim's outcome only while the claim is still as its writer holds it, never over a newer claim", async () => {
    const base = farFuture();
    const [d1, d2, d3] = await queue(base, uid('chan'), 3);
    const [s1] = await queue(base, uid('self'), 1);
    if (!d1 || !d2 || !d3 || !s1) throw new Error('queued');
    const ids = idsOf([d1, d2, d3, s1]);
    const claim = async (now: Date, owner: string) =>
      mine(await store().claimDeliveries(now, { ...lease, owner, perConversation: 5 }), ids);
    const held = await claim(base, 'a');
    expect(idsOf(held).sort()).toEqual(ids.slice().sort());
    const aLease = iso(base, lease.leaseMs);
    // Due again before the claims below, which then take d1 too.
    const retryAt = iso(base, 2 * MIN);
    const backOff = (d: Delivery): Delivery => ({
      ...d,
      attempts: 1,
      lastError: 'boom',
      nextAttemptAt: retryAt,
    });
    // Held as claimed: written, and the lease is gone with it.
    expect(
      await store().settleClaims([{ delivery: backOff(d1), leaseUntil: aLease }], { owner: 'a' }),
    ).toEqual([d1.id]);
    const settledD1 = await store().getDelivery(d1.id);
    expect(settledD1?.nextAttemptAt).toBe(retryAt);
    expect(settledD1?.lastError).toBe('boom');
    expect(settledD1?.leaseOwner).toBeUndefined();
    // Another owner, or a lease other than the one held: not written.
    expect(
      await store().settleClaims([{ delivery: backOff(d2), leaseUntil: aLease }], { owner: 'b' }),
    ).toEqual([]);
    expect(
      await store().settleClaims([{ delivery: backOff(d2), leaseUntil: iso(base, 1) }], { owner: 'a' }),
    ).toEqual([]);
    expect((await store().getDelivery(d2.id))?.leaseOwner).toBe('a');
    // Sent meanwhile: not written back to pending.
    await commitOk(store(), { deliveries: [{ ...d3, status: 'sent', attempts: 1, sentAt: iso(base) }] });
    expect(
      await store().settleClaims([{ delivery: backOff(d3), leaseUntil: aLease }], { owner: 'a' }),
    ).toEqual([]);
    expect((await store().getDelivery(d3.id))?.status).not.toBe('pending');
    // a's lease ran out and a claimed d2 and s1 (and d1, due again) once more itself: the outcome of the first claim must
    // not land on the second.
    const later = plus(base, 6 * MIN);
    const aAgain = iso(later, lease.leaseMs);
    expect(idsOf(await claim(later, 'a')).sort()).toEqual([d1.id, d2.id, s1.id].sort());
    expect(
      await store().settleClaims([{ delivery: backOff(s1), leaseUntil: aLease }], { owner: 'a' }),
    ).toEqual([]);
    expect((await store().getDelivery(s1.id))?.leaseUntil).toBe(aAgain);
    // That lease ran out too and b claimed both: a's late outcome must not strip b's lease.
    const last = plus(later, 6 * MIN);
    const bLease = iso(last, lease.leaseMs);
    expect(idsOf(await claim(last, 'b')).sort()).toEqual([d1.id, d2.id, s1.id].sort());
    expect(
      await store().settleClaims([{ delivery: backOff(d2), leaseUntil: aAgain }], { owner: 'a' }),
    ).toEqual([]);
    const stillB = await store().getDelivery(d2.id);
    expect(stillB?.leaseOwner).toBe('b');
    expect(stillB?.leaseUntil).toBe(bLease);
    expect(stillB?.lastError).not.toBe('boom');
    // b's own outcomes land, several in one write.
    const both = await store().settleClaims(
      [
        { delivery: backOff(s1), leaseUntil: bLease },
        { delivery: backOff(d2), leaseUntil: bLease },
      ],
      { owner: 'b' },
    );
    expect(both.sort()).toEqual([d2.id, s1.id].sort());
    expect((await store().getDelivery(s1.id))?.nextAttemptAt).toBe(retryAt);
    expect((await store().getDelivery(d2.id))?.leaseOwner).toBeUndefined();
  });

  it('holds back what was queued after a delivery waiting for its retry, in its conversation only', async () => {
    const base = farFuture();
    const team = uid('chan');
    const [earlier, throttled, later] = await queue(base, team, 3);
    const [elsewhere] = await queue(base, uid('other'), 1);
    if (!earlier || !throttled || !later || !elsewhere) throw new Error('queued');
    const retryAt = iso(base, 30_000);
    await commitOk(store(), {
      deliveries: [{ ...throttled, attempts: 1, lastError: 'ratelimited', nextAttemptAt: retryAt }],
    });
    const ids = idsOf([earlier, throttled, later, elsewhere]);
    const claim = async (now: Date, owner: string) =>
      idsOf(mine(await store().claimDeliveries(now, { ...lease, owner, perConversation: 5 }), ids));
    // The one queued before it goes, and other conversations; the later card waits its turn.
    expect((await claim(base, 'a')).sort()).toEqual([earlier.id, elsewhere.id].sort());
    await commitOk(store(), {
      deliveries: [
        { ...earlier, status: 'sent', attempts: 1, sentAt: iso(base) },
        { ...elsewhere, status: 'sent', attempts: 1, sentAt: iso(base) },
      ],
    });
    expect(await claim(plus(base, 10_000), 'a')).toEqual([]);
    // Once its retry is due, both go, in queue order.
    expect(await claim(plus(base, 30_000), 'a')).toEqual([throttled.id, later.id]);
  });
}
