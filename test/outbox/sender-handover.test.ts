import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Logger } from '../../src/log.js';
import type { Dispatcher } from '../../src/outbox/dispatcher.js';
import { createSender } from '../../src/outbox/sender.js';
import { cardsForOneChannel, recordingOutbox } from './recording-outbox.js';

const quiet: Logger = {
  info: () => {},
  debug: () => {},
  warn: () => {},
  error: () => {},
  child: () => quiet,
};

/**
 * A conversation's next card is claimed while its worker is finishing the
 * last one. Where the claim lands among the worker's last steps depends on
 * the store's speed; `lag` walks it through them a microtask at a time.
 */
async function claimLandingAsWorkerEnds(lag: number): Promise<string[]> {
  const { store, posts, dispatcher: real } = recordingOutbox(quiet, 1_000);
  let pumpAfterSend: (() => void) | undefined;
  const dispatcher: Dispatcher = {
    ...real,
    async claim(opts) {
      const groups = await real.claim(opts);
      for (let i = 0; i < lag; i++) await null;
      return groups;
    },
    async sendOne(...args) {
      const outcome = await real.sendOne(...args);
      // The outbox loop's next interval, right as the send is through.
      pumpAfterSend?.();
      pumpAfterSend = undefined;
      return outcome;
    },
  };
  const cards = cardsForOneChannel(2);
  await store.commit({ deliveries: cards });
  const sender = createSender({
    dispatcher,
    store,
    clock: systemClock,
    log: quiet,
    replica: 'r1',
    leaseMs: 60_000,
    perConversation: 1,
  });
  pumpAfterSend = () => void sender.pump();
  await sender.pump();
  // The loop keeps pumping; whatever is claimed must go out.
  for (let i = 0; i < 20 && posts.length < cards.length; i++) {
    await new Promise((r) => setTimeout(r, 5));
    await sender.pump();
  }
  await sender.stop();
  return posts;
}

describe('the outbox sender handing a conversation from one claim to the next', () => {
  it('sends a card claimed while its conversation’s worker is finishing, wherever the claim lands', async () => {
    const stuck: number[] = [];
    for (let lag = 0; lag < 40; lag++) {
      const posts = await claimLandingAsWorkerEnds(lag);
      if (posts.join() !== 'dlv_0,dlv_1') stuck.push(lag);
    }
    expect(stuck).toEqual([]);
  });
});
