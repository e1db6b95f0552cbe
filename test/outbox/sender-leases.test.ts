import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Logger } from '../../src/log.js';
import { createSender } from '../../src/outbox/sender.js';
import { cardsForOneChannel, recordingOutbox } from './recording-outbox.js';

/** Shorter than the paced queue takes: five cards at one a second wait up to four seconds. */
const LEASE = 2_000;
const CARDS = 5;

function capturingLog(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const log: Logger & { messages: string[] } = {
    messages,
    info: () => {},
    debug: () => {},
    warn: (_o, msg) => messages.push(msg ?? ''),
    error: (_o, msg) => messages.push(msg ?? ''),
    child: () => log,
  };
  return log;
}

function channelWithBacklog() {
  const log = capturingLog();
  const { store, posts, dispatcher } = recordingOutbox(log, 1);
  const cards = cardsForOneChannel(CARDS);
  return { store, posts, log, dispatcher, cards };
}

const lapses = (log: { messages: string[] }) =>
  log.messages.filter((m) => m.startsWith('claim ran low before sending')).length;

describe('the outbox sender and its leases', () => {
  it('keeps the claims of cards waiting in a paced queue: none lapses, each goes out once, in order', async () => {
    const w = channelWithBacklog();
    await w.store.commit({ deliveries: w.cards });
    const sender = createSender({
      dispatcher: w.dispatcher,
      store: w.store,
      clock: systemClock,
      log: w.log,
      replica: 'r1',
      leaseMs: LEASE,
      // The whole backlog in one claim, so it waits longer than the lease in the pacer.
      perConversation: CARDS,
    });
    // The outbox loop's rhythm: renew what runs low, claim what is due.
    const timer = setInterval(() => void sender.pump(), 100);
    try {
      for (let i = 0; i < 200 && w.posts.length < CARDS; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      clearInterval(timer);
      await sender.stop();
    }
    expect(lapses(w.log)).toBe(0);
    expect(w.posts).toEqual(w.cards.map((c) => c.id));
    expect((await w.store.stats()).pendingDeliveries).toBe(0);
  });

  it('control: one claim sent to completion without renewal lets the later cards lapse', async () => {
    const w = channelWithBacklog();
    await w.store.commit({ deliveries: w.cards });
    const r = await w.dispatcher.dispatchOnce({ leaseMs: LEASE });
    // Past half the lease in the pacer: the rest is left to lapse, as the replicas measured.
    expect(lapses(w.log)).toBeGreaterThan(0);
    expect(r.sent).toBeLessThan(CARDS);
  });

  it('on a stop, finishes the post under way and gives back what is still queued, unleased, for another replica', async () => {
    const w = channelWithBacklog();
    await w.store.commit({ deliveries: w.cards });
    const sender = createSender({
      dispatcher: w.dispatcher,
      store: w.store,
      clock: systemClock,
      log: w.log,
      replica: 'r1',
      leaseMs: 60_000,
      perConversation: CARDS,
    });
    await sender.pump();
    for (let i = 0; i < 100 && w.posts.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await sender.stop();
    const left = await w.store.listDeliveries({ status: 'pending' });
    expect(w.posts.length).toBeGreaterThanOrEqual(1);
    expect(w.posts.length + left.length).toBe(CARDS);
    // Given back rather than left to lapse: a replica claims them now, not a lease later.
    expect(left.filter((d) => d.leaseOwner !== undefined).length).toBeLessThanOrEqual(1);
    const again = await w.store.claimDeliveries(new Date(), { limit: 10, leaseMs: 60_000, owner: 'r2' });
    expect(again.length).toBeGreaterThanOrEqual(left.length - 1);
  });
});
