import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { randomIds, systemClock } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import { conversationKey } from '../../src/outbox/conversation.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import type { Notifier } from '../../src/outbox/notifier.js';

/**
 * A memory store and the outbox's dispatcher over one platform that takes
 * every post at once, paced at `perSecond` per conversation, and records the
 * ids of what it was sent, in order.
 */
export function recordingOutbox(log: Logger, perSecond: number) {
  const store = createMemoryStore();
  const posts: string[] = [];
  const notifier: Notifier = {
    platform: 'slack',
    async send(item) {
      posts.push(item.delivery.id);
      return { ok: true, ref: { conversationId: 'C1', messageId: `m${posts.length}` } };
    },
    pacing: (item) => [{ key: conversationKey(item.delivery), perSecond }],
  };
  const dispatcher = createDispatcher({
    store,
    clock: systemClock,
    ids: randomIds,
    log,
    notifiers: new Map([['slack', notifier]]),
    render: async () => ({ rendered: { kind: 'text', text: 'card', locale: 'en' } }),
    replica: 'r1',
  });
  return { store, posts, dispatcher };
}

/** `count` cards for one team's channel, due a second ago, queued in order. */
export function cardsForOneChannel(count: number): Delivery[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: `dlv_${i}`,
    key: `card-${i}`,
    platform: 'slack',
    target: { kind: 'team', team: 'busy' },
    message: { type: 'text', text: `card ${i}` },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: new Date(now - 1_000).toISOString(),
    createdAt: new Date(now - 1_000 + i).toISOString(),
  }));
}
