import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';
import { warnings } from '../support/warnings.js';
import { LEASE_MS, setUp, storesUnderTest } from './replica-race.js';

const { both, each } = storesUnderTest();

/**
 * Replica A claims Tom's conversation (two messages); its post of the first is refused by a
 * rate limit, but the answer comes back only after A's claim ran out and B took the conversation
 * over and started posting. A records its retry and holds the second message back behind it.
 * Then C does a pass after A's retry time, still inside B's claim. The oracle is the platform's
 * own record of posts by delivery id.
 */
async function lateOutcomeRace(store: Store, settleClaims?: Store['settleClaims']) {
  const t = setUp(store);
  const first = await t.queueOne(0);
  const second = await t.queueOne(1);
  const b = t.dispatcher('b');
  const c = t.dispatcher('c');
  let bPass: Promise<unknown> | undefined;
  const release = t.holdPosts();
  const logA = warnings();
  const a = t.dispatcher('a', settleClaims ? { ...store, settleClaims } : store, logA, async () => {
    t.clock.advance(LEASE_MS + 1_000);
    // B claims the conversation, marks the first and starts its post, held on its way.
    bPass = b.dispatchOnce({ leaseMs: LEASE_MS });
    await t.postsStarted(1);
    return { ok: false as const, error: 'ratelimited', retryAfterMs: 1_000 };
  });
  await a.dispatchOnce({ leaseMs: LEASE_MS });
  // Past A's retry time, inside B's claim.
  t.clock.advance(2_000);
  const cPass = c.dispatchOnce({ leaseMs: LEASE_MS });
  await Promise.race([cPass, t.postsStarted(2)]);
  release();
  await Promise.all([bPass, cPass]);
  await t.settleAll(a, b, c);
  const times = (d: Delivery) => t.posts.filter((id) => id === d.id).length;
  return {
    first: times(first),
    second: times(second),
    logA,
    pending: await t.store.listDeliveries({ status: 'pending' }),
  };
}

describe.each(both)("a claim's outcome that comes back after the claim ran out (%s store)", (_name, open) => {
  const store = each(open);

  it('is not recorded over the claim that took over: each message is posted once, in order', async () => {
    const r = await lateOutcomeRace(store());
    expect(r.first).toBe(1);
    expect(r.second).toBe(1);
    expect(r.pending).toEqual([]);
    expect(r.logA.said).toContain(
      'outcome not recorded: the claim ran out and the delivery was claimed again; its new holder sends it',
    );
  });

  it('control: outcomes written whatever the claim (as before) let a third replica post the first twice', async () => {
    const r = await lateOutcomeRace(store(), async (claims) => {
      const ok = await store().commit({ deliveries: claims.map((c) => c.delivery) });
      return ok.ok ? claims.map((c) => c.delivery.id) : [];
    });
    expect(r.first).toBe(2);
  });
});
