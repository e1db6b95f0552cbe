import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore, openReadOnlyLowdbStore } from '../../adapters/store/lowdb/index.js';
import { manualClock, randomIds } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { aDelivery } from '../adapters/store/builders.js';
import { tempDir } from '../support/harness.js';
import { warnings } from '../support/warnings.js';

const T0 = '2031-05-05T09:00:00.000Z';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fileStore() {
  const tmp = await tempDir('baton-doubt-');
  cleanups.push(tmp.cleanup);
  const file = path.join(tmp.dir, 'baton.json');
  const clock = manualClock(T0);
  const store = await openLowdbStore({ file, clock });
  cleanups.push(() => store.close());
  return { file, clock, store };
}

const aDm = (overrides: Partial<Delivery> = {}): Delivery =>
  aDelivery({
    target: { kind: 'person', person: 'tom' },
    message: { type: 'text', text: 'hi' },
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  });

describe('a post in doubt', () => {
  it('is on disk as being sent before the platform sees it, and cleared once it answered', async () => {
    const { file, clock, store } = await fileStore();
    const d = aDm();
    expect(await store.commit({ deliveries: [d] })).toEqual({ ok: true });
    // What a process started after a kill -9 at this instant would read from the file.
    const onDiskAtPost: Array<Delivery | undefined> = [];
    const notifier: Notifier = {
      platform: 'slack',
      async send(item) {
        const reader = await openReadOnlyLowdbStore(file, silentLogger);
        onDiskAtPost.push(await reader.getDelivery(item.delivery.id));
        await reader.close();
        return { ok: true, ref: { conversationId: 'D0TOM', messageId: '1.1' } };
      },
    };
    const dispatcher = createDispatcher({
      store,
      clock,
      ids: randomIds,
      log: silentLogger,
      notifiers: new Map([['slack', notifier]]),
      render: async () => ({ rendered: { kind: 'text', text: 'hi', locale: 'en' } }),
      replica: 'a',
    });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 1 });
    expect(onDiskAtPost).toEqual([
      expect.objectContaining({ id: d.id, sendingSince: T0, status: 'pending' }),
    ]);
    expect(await store.getDelivery(d.id)).toBeUndefined();
    expect(await store.listDeliveries({ status: 'pending' })).toEqual([]);
  });

  it('on Teams, which has no look-up, is posted again once, with a warning that it may show twice', async () => {
    const { clock, store } = await fileStore();
    // As a process killed mid-post leaves it: being sent, its lease gone with the process.
    const d = aDm({ platform: 'teams', sendingSince: T0 });
    expect(await store.commit({ deliveries: [d] })).toEqual({ ok: true });
    const posts: string[] = [];
    const notifier: Notifier = {
      platform: 'teams',
      async send(item) {
        posts.push(item.delivery.id);
        return { ok: true, ref: { conversationId: 'a:1', messageId: `act-${posts.length}` } };
      },
    };
    const log = warnings();
    const dispatcher = createDispatcher({
      store,
      clock,
      ids: randomIds,
      log,
      notifiers: new Map([['teams', notifier]]),
      render: async () => ({ rendered: { kind: 'text', text: 'hi', locale: 'en' } }),
      replica: 'b',
    });
    await dispatcher.dispatchOnce();
    clock.advance(3_600_000);
    await dispatcher.dispatchOnce();
    expect(posts).toEqual([d.id]);
    expect(log.said.filter((m) => m.includes('may show twice'))).toHaveLength(1);
  });

  it('on Slack, is looked up and not posted again when it landed', async () => {
    const { clock, store } = await fileStore();
    const d = aDm({ sendingSince: T0 });
    expect(await store.commit({ deliveries: [d] })).toEqual({ ok: true });
    const posts: string[] = [];
    const lookedUp: string[] = [];
    const notifier: Notifier = {
      platform: 'slack',
      async send(item) {
        posts.push(item.delivery.id);
        return { ok: true, ref: { conversationId: 'D0TOM', messageId: '2.2' } };
      },
      async reconcile(item) {
        lookedUp.push(item.delivery.id);
        return { conversationId: 'D0TOM', messageId: '1.1' };
      },
    };
    const dispatcher = createDispatcher({
      store,
      clock,
      ids: randomIds,
      log: silentLogger,
      notifiers: new Map([['slack', notifier]]),
      render: async () => ({ rendered: { kind: 'text', text: 'hi', locale: 'en' } }),
      replica: 'c',
    });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 1 });
    expect(lookedUp).toEqual([d.id]);
    expect(posts).toEqual([]);
  });
});
