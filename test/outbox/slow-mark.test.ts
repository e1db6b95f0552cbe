import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { manualClock, randomIds } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { Store } from '../../src/store/store.js';
import { aDelivery } from '../adapters/store/builders.js';
import { type PostgresTarget, postgresTarget } from '../support/postgres-target.js';
import { warnings } from '../support/warnings.js';

const T0 = '2031-05-05T09:00:00.000Z';
const LEASE_MS = 10_000;

/**
 * Replicas on one store whose "being sent" marks can wait on a busy database (PostgreSQL under
 * load, the group commit of marks queued behind others). The oracle is the platform's own record
 * of posts, by delivery id, and a look-up that reads it; never the store's view of what was sent.
 */
function setUp(store: Store) {
  const clock = manualClock(T0);
  const posts: string[] = [];
  // A post may be held on its way (a slow platform): the look-up cannot see it until it lands.
  let hold: Promise<void> | undefined;
  let started = 0;
  const waiters: Array<() => void> = [];
  /** Resolves once `n` posts have started (held or not). */
  const postsStarted = async (n: number) => {
    while (started < n) await new Promise<void>((r) => waiters.push(r));
  };
  const notifier = (replica: string): Notifier => ({
    platform: 'slack',
    async send(item) {
      started++;
      for (const w of waiters.splice(0)) w();
      await hold;
      posts.push(item.delivery.id);
      return { ok: true, ref: { conversationId: 'D0TOM', messageId: `${replica}-${posts.length}` } };
    },
    async reconcile(item) {
      return posts.includes(item.delivery.id) ? { conversationId: 'D0TOM', messageId: 'found' } : undefined;
    },
  });
  const dispatcher = (replica: string, s: Store = store, log: Logger = warnings()) =>
    createDispatcher({
      store: s,
      clock,
      ids: randomIds,
      log,
      notifiers: new Map([['slack' as const, notifier(replica)]]),
      render: async () => ({ rendered: { kind: 'text' as const, text: 'hi', locale: 'en' } }),
      replica,
    });
  /** A store whose first mark runs `meanwhile` before it is written (by `write`, the real one unless given). */
  const slowMarks = (
    meanwhile: () => Promise<void>,
    write: Store['markDeliveriesSending'] = store.markDeliveriesSending,
  ): Store => {
    let slowed = false;
    return {
      ...store,
      async markDeliveriesSending(marks, _now, opts) {
        if (!slowed) {
          slowed = true;
          await meanwhile();
        }
        return write(marks, clock.now(), opts);
      },
    };
  };
  const queueOne = async () => {
    const d: Delivery = aDelivery({
      target: { kind: 'person', person: 'tom' },
      message: { type: 'text', text: 'hi' },
      nextAttemptAt: T0,
      createdAt: T0,
    });
    expect(await store.commit({ deliveries: [d] })).toEqual({ ok: true });
    return d;
  };
  /** Later passes settle whatever the race left (a post in doubt is looked up first). */
  const settleAll = async (...ds: Array<ReturnType<typeof createDispatcher>>) => {
    for (let i = 0; i < 3; i++) {
      clock.advance(LEASE_MS * 3);
      for (const d of ds) await d.dispatchOnce({ leaseMs: LEASE_MS });
    }
  };
  return {
    store,
    clock,
    posts,
    dispatcher,
    slowMarks,
    postsStarted,
    queueOne,
    settleAll,
    holdPosts() {
      let release = () => {};
      hold = new Promise<void>((r) => {
        release = r;
      });
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

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

let pg: PostgresTarget;
const opened: Store[] = [];
beforeAll(async () => {
  pg = await postgresTarget();
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await pg.close();
});

const onMemory = async () => createMemoryStore();
const onPostgres = async () => pg.open(pg.freshSchema());

// The memory store (one process, as the data file's) and PostgreSQL, the store replicas share.
const BOTH = [
  ['memory', onMemory],
  ['PostgreSQL', onPostgres],
] as const;

/** A store from `open` for each test, closed after all. */
function each(open: () => Promise<Store>): () => Store {
  let current: Store | undefined;
  beforeEach(async () => {
    current = await open();
    opened.push(current);
  });
  return () => {
    if (!current) throw new Error('no store');
    return current;
  };
}

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
