import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { manualClock, randomIds } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { Store } from '../../src/store/store.js';
import { aDelivery } from '../adapters/store/builders.js';
import { warnings } from '../support/warnings.js';

const T0 = '2031-05-05T09:00:00.000Z';
const LEASE_MS = 10_000;

/**
 * Two replicas on one store. Replica A's "being sent" mark waits on a busy database (PostgreSQL
 * under load, the group commit of marks queued behind others) for longer than its lease: meanwhile
 * replica B takes the delivery over, looks for the post (none yet), and posts. The oracle is the
 * platform's own record of posts, by delivery id, and a look-up that reads it.
 */
async function slowMarkRace(markTakesMs: number) {
  const store = createMemoryStore();
  const clock = manualClock(T0);
  const d: Delivery = aDelivery({
    target: { kind: 'person', person: 'tom' },
    message: { type: 'text', text: 'hi' },
    nextAttemptAt: T0,
    createdAt: T0,
  });
  expect(await store.commit({ deliveries: [d] })).toEqual({ ok: true });
  const posts: string[] = [];
  const notifier = (replica: string): Notifier => ({
    platform: 'slack',
    async send(item) {
      posts.push(item.delivery.id);
      return { ok: true, ref: { conversationId: 'D0TOM', messageId: `${replica}-${posts.length}` } };
    },
    async reconcile(item) {
      return posts.includes(item.delivery.id) ? { conversationId: 'D0TOM', messageId: 'found' } : undefined;
    },
  });
  const deps = (replica: string, s: Store, log: Logger) => ({
    store: s,
    clock,
    ids: randomIds,
    log,
    notifiers: new Map([['slack' as const, notifier(replica)]]),
    render: async () => ({ rendered: { kind: 'text' as const, text: 'hi', locale: 'en' } }),
    replica,
  });
  // A's store: the first mark it commits waits while the clock runs on and B does its pass.
  let slowed = false;
  let bPass: Promise<unknown> | undefined;
  const logB = warnings();
  const b = createDispatcher(deps('b', store, logB));
  const slowStore: Store = {
    ...store,
    async commit(change) {
      const marking = change.deliveries?.some((x) => x.sendingSince !== undefined && x.status === 'pending');
      if (marking && !slowed) {
        slowed = true;
        clock.advance(markTakesMs);
        // Past A's lease, B claims it; before it, B finds nothing due.
        bPass = b.dispatchOnce({ leaseMs: LEASE_MS });
        await bPass;
      }
      return store.commit(change);
    },
  };
  const logA = warnings();
  const a = createDispatcher(deps('a', slowStore, logA));
  await a.dispatchOnce({ leaseMs: LEASE_MS });
  await bPass;
  // Later passes settle whatever the race left (a mark written after B's post is looked up first).
  for (let i = 0; i < 3; i++) {
    clock.advance(LEASE_MS * 3);
    await a.dispatchOnce({ leaseMs: LEASE_MS });
    await b.dispatchOnce({ leaseMs: LEASE_MS });
  }
  return { posts, logA, pending: await store.listDeliveries({ status: 'pending' }) };
}

describe('a replica whose "being sent" mark waited on the database', () => {
  it('does not post once its claim ran low meanwhile: the replica that took it over posts, once', async () => {
    const r = await slowMarkRace(LEASE_MS + 1_000);
    expect(r.posts).toHaveLength(1);
    expect(r.logA.said).toContain('claim ran low before sending; left to lapse');
    expect(r.pending).toEqual([]);
  });

  it('control: a mark back in good time is posted by the replica that made it', async () => {
    const r = await slowMarkRace(1_000);
    expect(r.posts).toHaveLength(1);
    expect(r.logA.said).not.toContain('claim ran low before sending; left to lapse');
    expect(r.pending).toEqual([]);
  });
});
