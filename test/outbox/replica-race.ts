import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
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

export const T0 = '2031-05-05T09:00:00.000Z';
export const LEASE_MS = 10_000;

/**
 * Replicas on one store whose "being sent" marks can wait on a busy database (PostgreSQL under
 * load, the group commit of marks queued behind others). The oracle is the platform's own record
 * of posts, by delivery id, and a look-up that reads it; never the store's view of what was sent.
 */
export function setUp(store: Store) {
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
  /** A replica's dispatcher; `send` stands in for the platform's answer to its posts when given. */
  const dispatcher = (replica: string, s: Store = store, log: Logger = warnings(), send?: Notifier['send']) =>
    createDispatcher({
      store: s,
      clock,
      ids: randomIds,
      log,
      notifiers: new Map([
        ['slack' as const, send ? { platform: 'slack' as const, send } : notifier(replica)],
      ]),
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
  /** Queues a message to Tom, due at T0; the `n`th of his conversation is queued `n` ms after it. */
  const queueOne = async (n = 0) => {
    const d: Delivery = aDelivery({
      target: { kind: 'person', person: 'tom' },
      message: { type: 'text', text: 'hi' },
      nextAttemptAt: T0,
      createdAt: new Date(Date.parse(T0) + n).toISOString(),
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

/**
 * The memory store (one process, as the data file's) and PostgreSQL, the store replicas share:
 * a fresh one for each test, closed after the file's tests.
 */
export function storesUnderTest() {
  let pg: PostgresTarget | undefined;
  const opened: Store[] = [];
  beforeAll(async () => {
    pg = await postgresTarget();
  });
  afterAll(async () => {
    for (const s of opened) await s.close();
    await pg?.close();
  });
  const onMemory = async () => createMemoryStore();
  const onPostgres = async () => {
    if (!pg) throw new Error('PostgreSQL not set up');
    return pg.open(pg.freshSchema());
  };
  /** A store from `open` for each test. */
  const each = (open: () => Promise<Store>): (() => Store) => {
    let current: Store | undefined;
    beforeEach(async () => {
      current = await open();
      opened.push(current);
    });
    return () => {
      if (!current) throw new Error('no store');
      return current;
    };
  };
  const both = [
    ['memory', onMemory],
    ['PostgreSQL', onPostgres],
  ] as const;
  return { onMemory, onPostgres, both, each };
}
