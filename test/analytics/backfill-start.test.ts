import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { aCustomer, aHandoff } from '../adapters/store/builders.js';
import { startWebhookBaton, type WebhookBaton } from '../adapters/webhooks/support.js';

/**
 * The journey backfill reads every open handoff. On the file store a read of handoffs while the
 * start-up warm-up still builds the indexes in slices builds the rest in one go (up to a second
 * of the event loop at 50,000 handoffs), so the backfill starts once the warm-up's indexes are in.
 * Here the warm-up is a gate the test opens.
 */
function withGatedWarmUp(store: Store) {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const gated = new Proxy(store, {
    get(target, prop) {
      if (prop === 'warmUp') return () => gate;
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: gated, open };
}

/** An open handoff written by a Baton from before the rollup: no journey fact, no backfill mark. */
async function oldHandoff(store: Store): Promise<string> {
  const c = aCustomer();
  const h = aHandoff(c.id);
  const r = await store.commit({
    customers: [{ value: c, expectedVersion: null }],
    handoffs: [{ value: h, expectedVersion: null }],
  });
  if (!r.ok) throw new Error(`seed: ${JSON.stringify(r)}`);
  return h.id;
}

const settledWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('the journey backfill at start', () => {
  let t: WebhookBaton | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it("waits for the store's indexes, then writes the missing facts", async () => {
    const old = createMemoryStore();
    const id = await oldHandoff(old);
    const warm = withGatedWarmUp(old);
    t = await startWebhookBaton({ store: warm.store });

    // Listening, indexes still being built: the backfill has not read or written anything.
    expect(await settledWithin(t.baton.journeyBackfill(), 300)).toBe(false);
    expect(await old.journeyFacts({})).toEqual([]);

    warm.open();
    expect(await t.baton.journeyBackfill()).toMatchObject({ ran: true, facts: 1, open: 1 });
    expect((await old.journeyFacts({})).map((f) => f.handoffId)).toEqual([id]);
  });

  it('does not hold a stop while the indexes are still being built', async () => {
    const old = createMemoryStore();
    await oldHandoff(old);
    const warm = withGatedWarmUp(old);
    t = await startWebhookBaton({ store: warm.store });
    const stopping = t.stop();
    t = undefined;
    expect(await settledWithin(stopping, 5_000)).toBe(true);
    expect(await old.journeyFacts({})).toEqual([]);
  });
});
