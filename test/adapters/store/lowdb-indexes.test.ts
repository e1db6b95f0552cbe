import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { emptyHotData, HotState } from '../../../adapters/store/memory/state.js';
import type { Handoff } from '../../../src/domain/types.js';
import type { Store } from '../../../src/store/store.js';
import { aCustomer, aFollowUp, aHandoff, bump } from './builders.js';
import { captureLogger, tempDataFile } from './lowdb-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The file store opens with its records by id and builds its indexes later (`warmUp`, or the
 * first read that needs one). Whatever comes first, the answers are those of a store that
 * built everything at once.
 */
describe('lowdb indexes built after opening', () => {
  async function reopened() {
    const data = await tempDataFile();
    cleanups.push(data.remove);
    const customers = Array.from({ length: 30 }, (_, i) =>
      aCustomer({ externalIds: { hubspot: `hs-${i}` }, domain: `c${i}.example` }),
    );
    const handoffs = customers.map((c, i) => aHandoff(c.id, { owner: `owner${i % 3}`, state: 'accepted' }));
    const followUps = handoffs.map((h, i) =>
      aFollowUp(h.customerId, h.id, {
        recipient: { kind: 'person', person: `owner${i % 3}` },
        dueAt: new Date(Date.parse('2026-11-23T10:00:00.000Z') + i * 1000).toISOString(),
      }),
    );
    const first = await openLowdbStore({ file: data.file, logger: captureLogger() });
    await first.commit({
      customers: customers.map((value) => ({ value, expectedVersion: null })),
      handoffs: handoffs.map((value) => ({ value, expectedVersion: null })),
      followUps,
    });
    await first.close();
    const open = async () => {
      const store = await openLowdbStore({ file: data.file, logger: captureLogger() });
      cleanups.push(() => store.close());
      return store;
    };
    return { open, customers, handoffs, followUps };
  }

  const answers = async (store: Store) => ({
    byExternal: (await store.findCustomerByExternalId('hubspot', 'hs-7'))?.id,
    byDomain: (await store.findCustomerByEmailOrDomain('someone@C8.example'))?.id,
    names: (await store.customerNames()).length,
    owned: (await store.listHandoffs({ owner: 'owner1' })).map((h) => h.id),
    load: [...(await store.liveLoad('delivery', ['owner0', 'owner1'])).values()],
    due: (await store.listFollowUps({ person: 'owner2' })).map((f) => f.id),
    queue: (await store.queuePage({ person: 'owner1', limit: 50 })).total,
    open: (await store.stats()).openHandoffs,
  });

  it('answers reads before, during and after warming up as a fully built store does', async () => {
    const { open, customers } = await reopened();
    const cold = await open();
    const expected = await answers(cold);
    expect(expected.byExternal).toBe(customers[7]?.id);
    expect(expected.byDomain).toBe(customers[8]?.id);
    expect(expected.names).toBe(30);
    expect(expected.owned).toHaveLength(10);
    expect(expected.due).toHaveLength(10);
    await cold.close();
    const warmed = await open();
    await warmed.warmUp?.();
    expect(await answers(warmed)).toEqual(expected);
    await warmed.close();
    const racing = await open();
    const warming = racing.warmUp?.();
    expect(await answers(racing)).toEqual(expected);
    await warming;
  });

  it('keeps follow-ups claimed and handoffs changed before the indexes are built in them, once', async () => {
    const { open, handoffs } = await reopened();
    const store = await open();
    const claimed = await store.claimDueFollowUps(new Date('2026-11-23T10:00:05.000Z'), {
      limit: 100,
      leaseMs: 60_000,
      owner: 'test',
    });
    expect(claimed).toHaveLength(6);
    const stats = await store.stats();
    expect(stats.openHandoffs).toBe(0);
    const moved = handoffs[0] && bump(handoffs[0], { owner: 'owner9' });
    if (!moved) throw new Error('no handoff');
    await store.commit({
      handoffs: [{ value: moved, expectedVersion: 1 }],
      followUpsSent: [claimed[0]?.id ?? ''],
    });
    await store.warmUp?.();
    expect((await store.listHandoffs({ owner: 'owner9' })).map((h) => h.id)).toEqual([moved.id]);
    expect(await store.listHandoffs({ owner: 'owner0' })).toHaveLength(9);
    const owner0 = await store.listFollowUps({ person: 'owner0' });
    expect(owner0.map((f) => f.id)).not.toContain(claimed[0]?.id);
    expect(owner0).toHaveLength(9);
    expect(new Set(owner0.map((f) => f.id)).size).toBe(owner0.length);
  });
});

describe('hot state indexed in slices', () => {
  it('answers as one built at once, whichever slice a read or a change comes after', () => {
    const customers = Array.from({ length: 12 }, (_, i) =>
      aCustomer({ externalIds: { hubspot: `hs-${i}` } }),
    );
    const handoffs = customers.map((c, i) => aHandoff(c.id, { owner: `owner${i % 2}`, state: 'accepted' }));
    const followUps = handoffs.map((h, i) =>
      aFollowUp(h.customerId, h.id, { recipient: { kind: 'person', person: `owner${i % 2}` } }),
    );
    const data = { ...emptyHotData(), customers, handoffs, followUps };
    const read = (s: HotState) => ({
      owned: s.listHandoffs({ owner: 'owner1' }).map((h) => h.id),
      due: s.listFollowUps({ person: 'owner0' }).map((f) => f.id),
      external: s.findCustomerByExternalId('hubspot', 'hs-5')?.id,
      open: s.stats().openHandoffs,
    });
    const eager = new HotState(data);
    const moved = bump(handoffs[3] as Handoff, { owner: 'owner0' });
    const change = {
      handoffs: [{ value: moved, expectedVersion: 1 }],
      followUpsSent: [followUps[4]?.id ?? ''],
    };
    eager.apply(change);
    const expected = read(eager);
    for (let slices = 0; slices <= 8; slices++) {
      const deferred = new HotState(data, { deferIndexes: true });
      for (let i = 0; i < slices; i++) deferred.indexSome(5);
      expect(deferred.validate(change).ok).toBe(true);
      deferred.apply(change);
      while (!deferred.indexSome(5));
      expect(read(deferred)).toEqual(expected);
    }
  });
});
