import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';
import { warnings } from '../support/warnings.js';
import { LEASE_MS, setUp, storesUnderTest, T0 } from './replica-race.js';

/** Replica A's mark waits `markTakesMs` while B does its pass. */
async function slowMarkRace(store: Store, markTakesMs: number) {
  const t = setUp(store);
  await t.queueOne();
  const b = t.dispatcher('b');
  const logA = warnings();
  const a = t.dispatcher(
    'a',
    t.slowMarks(async () => {
      t.clock.advance(markTakesMs);
      // Past A's lease, B claims it; before it, B finds nothing due.
      await b.dispatchOnce({ leaseMs: LEASE_MS });
    }),
    logA,
  );
  await a.dispatchOnce({ leaseMs: LEASE_MS });
  await t.settleAll(a, b);
  return { posts: t.posts, logA, pending: await t.store.listDeliveries({ status: 'pending' }) };
}

/**
 * A's mark lands after B took the delivery over, while B's post is on its way; then C does a pass.
 * A mark written whatever the lease gives the row A's expired lease back, so C claims it, looks
 * for the post (not landed yet) and posts too.
 */
async function lateMarkRace(
  store: Store,
  write?: (t: ReturnType<typeof setUp>) => Store['markDeliveriesSending'],
) {
  const t = setUp(store);
  await t.queueOne();
  const b = t.dispatcher('b');
  const c = t.dispatcher('c');
  let bPass: Promise<unknown> | undefined;
  const release = t.holdPosts();
  const a = t.dispatcher(
    'a',
    t.slowMarks(async () => {
      t.clock.advance(LEASE_MS + 1_000);
      // B claims it, marks it and starts its post, which is held on its way.
      bPass = b.dispatchOnce({ leaseMs: LEASE_MS });
      await t.postsStarted(1);
    }, write?.(t)),
  );
  await a.dispatchOnce({ leaseMs: LEASE_MS });
  // Still inside B's lease, but past what A's stale one would have said.
  t.clock.advance(1_000);
  const cPass = c.dispatchOnce({ leaseMs: LEASE_MS });
  // C's pass ends having found nothing to claim, or starts a second post.
  await Promise.race([cPass, t.postsStarted(2)]);
  release();
  await Promise.all([bPass, cPass]);
  await t.settleAll(a, b, c);
  return { posts: t.posts, pending: await t.store.listDeliveries({ status: 'pending' }) };
}

const { onPostgres, both: BOTH, each } = storesUnderTest();

describe.each(BOTH)('a replica whose "being sent" mark waited on the database (%s store)', (_name, open) => {
  const store = each(open);

  it('does not post once its claim ran low meanwhile: the replica that took it over posts, once', async () => {
    const r = await slowMarkRace(store(), LEASE_MS + 1_000);
    expect(r.posts).toHaveLength(1);
    expect(r.logA.said).toContain('claim ran low before sending; left to lapse');
    expect(r.pending).toEqual([]);
  });

  it('control: a mark back in good time is posted by the replica that made it', async () => {
    const r = await slowMarkRace(store(), 1_000);
    expect(r.posts).toHaveLength(1);
    expect(r.logA.said).not.toContain('claim ran low before sending; left to lapse');
    expect(r.pending).toEqual([]);
  });
});

describe.each(BOTH)('a "being sent" mark the store cannot write (%s store)', (_name, open) => {
  const store = each(open);

  it('holds the post back until the store takes the mark, then posts once', async () => {
    const t = setUp(store());
    await t.queueOne();
    const log = warnings();
    let down = true;
    const failing: Store = {
      ...store(),
      async markDeliveriesSending(marks, now, opts) {
        if (down) throw new Error('connection terminated unexpectedly');
        return store().markDeliveriesSending(marks, now, opts);
      },
    };
    const a = t.dispatcher('a', failing, log);
    await a.dispatchOnce({ leaseMs: LEASE_MS });
    expect(t.posts).toHaveLength(0);
    expect(log.said).toContain('could not record deliveries as being sent');
    down = false;
    await t.settleAll(a);
    expect(t.posts).toHaveLength(1);
  });
});

// PostgreSQL only: it is the store replicas share, and its claims read the row's lease. The
// memory and file stores run in one process and claim from their own due queue.
describe('a "being sent" mark that lands after another replica took the delivery over (PostgreSQL)', () => {
  const store = each(onPostgres);

  it('does not give the delivery its lapsed claim back: a third replica cannot take it while the second posts', async () => {
    const r = await lateMarkRace(store());
    expect(r.posts).toHaveLength(1);
    expect(r.pending).toEqual([]);
  });

  it('control: a mark written whatever the lease (as before) lets the third replica post it twice', async () => {
    // The old mark: a plain write of the delivery as A claimed it, A's lease included.
    const asAClaimedIt = new Date(Date.parse(T0) + LEASE_MS).toISOString();
    const r = await lateMarkRace(store(), (t) => async (marks) => {
      const marked: Delivery[] = [];
      for (const m of marks) {
        const d = await t.store.getDelivery(m.id);
        if (d) marked.push({ ...d, leaseOwner: 'a', leaseUntil: asAClaimedIt, sendingSince: m.sendingSince });
      }
      return (await t.store.commit({ deliveries: marked })).ok ? marked.map((d) => d.id) : [];
    });
    expect(r.posts).toHaveLength(2);
  });
});
