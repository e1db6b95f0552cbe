import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { batonRegistry } from '../../app/registry.js';
import { BACKFILL_NS, backfillJourney } from '../../src/analytics/backfill.js';
import { createDirectory } from '../../src/config/directory.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Handoff } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { FIXTURES, startWebhookBaton, type WebhookBaton } from '../adapters/webhooks/support.js';
import { aCustomer, seedCustomers } from '../support/seed.js';
import { comparable, HOUR, script } from './week-script.js';

/** A store as the version before the rollup wrote it: every journey patch is dropped. */
function withoutJourney(store: Store): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'commit')
        return ({ journey: _dropped, ...change }: Parameters<Store['commit']>[0]) => target.commit(change);
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const start = (store?: Store) =>
  startWebhookBaton({
    now: '2026-11-23T09:59:00Z',
    // The script's hand-counted times start each handoff at the tick after its event.
    processOnAccept: false,
    ...(store ? { store } : {}),
  });

describe('the journey backfill', () => {
  let t: WebhookBaton | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('gives handoffs from before the rollup the facts live recording gives, once', async () => {
    // The week as it is recorded live.
    t = await start();
    const liveIds = await script(t);
    const live = comparable(await t.store.journeyFacts({}), liveIds);
    await t.stop();

    // The same week in a store that never kept facts (an older Baton wrote it).
    const old = createMemoryStore();
    t = await start(withoutJourney(old));
    await t.baton.journeyBackfill();
    const oldIds = await script(t);
    await t.stop();
    t = undefined;
    expect(await old.journeyFacts({})).toEqual([]);
    // That older Baton did not know the marker either.
    await old.commit({ kv: [{ ns: BACKFILL_NS, key: 'backfilled', value: null }] });

    // This version starts on it: the backfill writes the missing facts in the background.
    t = await start(old);
    const outcome = await t.baton.journeyBackfill();
    expect(outcome).toMatchObject({ ran: true, facts: 3, open: 3, closed: 0 });
    const backfilled = comparable(await t.store.journeyFacts({}), oldIds);
    expect(backfilled).toEqual(live);
    // The counts the figures read: H2's decline and reassign, H3's two escalation steps (lead, head of CX).
    expect(
      backfilled.map((f) => [f.handoff, f.declines, f.reassigns, f.escalations, f.declineReasons]),
    ).toEqual([
      ['H1', 0, 0, 0, []],
      ['H2', 1, 1, 0, ['missing go-live date']],
      ['H3', 0, 0, 2, []],
    ]);
    await t.stop();

    // Once: a restart neither runs it again nor counts anything twice.
    t = await start(old);
    expect(await t.baton.journeyBackfill()).toEqual({ ran: false, why: 'done' });
    expect(comparable(await t.store.journeyFacts({}), oldIds)).toEqual(live);
  });

  it('takes closed handoffs from history and leaves facts that exist alone', async () => {
    const old = createMemoryStore();
    t = await start(withoutJourney(old));
    await t.baton.journeyBackfill();
    const ids = await script(t);
    // H1 is done (closed: it lives on in Acme's history only); H3 is cancelled before it opened anything else.
    const h1 = await t.store.getHandoff(ids.h1);
    expect((await t.baton.services.complete({ handoffId: ids.h1, actor: h1?.owner ?? 'tom' })).ok).toBe(true);
    expect((await t.baton.services.cancel({ handoffId: ids.h3, actor: 'sam' })).ok).toBe(true);
    await t.stop();
    t = undefined;
    await old.commit({ kv: [{ ns: BACKFILL_NS, key: 'backfilled', value: null }] });
    expect(await old.listHandoffs({})).toHaveLength(1);

    t = await start(old);
    expect(await t.baton.journeyBackfill()).toMatchObject({ ran: true, facts: 3, open: 1, closed: 2 });
    const facts = comparable(await t.store.journeyFacts({}), ids);
    expect(facts.map((f) => [f.handoff, f.state, f.escalations, f.closedAt !== undefined])).toEqual([
      ['H1', 'done', 0, true],
      ['H2', 'contacted', 0, false],
      ['H3', 'cancelled', 2, true],
    ]);
    expect(facts[0]?.acceptBusinessMs).toBe(3 * HOUR);
  });

  it('works in small commits and yields to the event loop (no stall over 50 ms) for 3,000 old handoffs', async () => {
    const loaded = await loadConfig(`${FIXTURES}/baton.config.yaml`, batonRegistry.platforms);
    const dir = createDirectory(loaded.config, [], batonRegistry);
    const store = createMemoryStore();
    const at = '2026-11-23T10:00:00.000Z';
    const customers = Array.from({ length: 1000 }, (_, i) => aCustomer(`cus_${i}`, `Customer ${i}`, 'sales'));
    await seedCustomers(store, ...customers);
    const handoffs: Handoff[] = customers.flatMap((c, i) =>
      [0, 1, 2].map((k) => ({
        id: `hnd_${i}_${k}`,
        customerId: c.id,
        playbook: 'sales-to-delivery',
        from: 'sales',
        to: 'delivery',
        sender: 'sam',
        source: { kind: 'person' as const },
        state: 'accepted' as const,
        owner: 'tom',
        context: {},
        notes: [],
        round: 0,
        snoozeCount: 0,
        createdAt: at,
        openedAt: at,
        acceptedAt: '2026-11-24T10:00:00.000Z',
        updatedAt: at,
        version: 1,
      })),
    );
    expect(
      (await store.commit({ handoffs: handoffs.map((value) => ({ value, expectedVersion: null })) })).ok,
    ).toBe(true);

    // Commits as they reach the store, and turns the event loop gives to others meanwhile.
    const sizes: number[] = [];
    const counting = new Proxy(store, {
      get(target, prop) {
        if (prop === 'commit')
          return (change: Parameters<Store['commit']>[0]) => {
            if (change.journey) sizes.push(change.journey.length);
            return target.commit(change);
          };
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    let turns = 0;
    let running = true;
    const other = () => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // Its own CPU time, not the wall clock: on a loaded machine the process waits for a core,
    // and the wall clock runs on while neither the backfill nor the other turns can.
    const began = process.cpuUsage();
    const outcome = await backfillJourney({
      store: counting,
      dir,
      clock: { now: () => new Date('2026-12-01T00:00:00Z') },
      log: silentLogger,
      owner: 'test',
    });
    const spent = process.cpuUsage(began);
    const took = (spent.user + spent.system) / 1000;
    delay.disable();
    running = false;
    expect(outcome).toMatchObject({ ran: true, facts: 3000, open: 3000 });
    // Mon 10:00 → Tue 10:00 in London hours: 7.5 h + 1 h.
    expect(new Set((await store.journeyFacts({})).map((f) => f.acceptBusinessMs))).toEqual(
      new Set([8.5 * HOUR]),
    );
    // Small commits, and the loop turned for others at least once per 50 ms of CPU (slices of 10 ms).
    // (about 50 facts: a customer's handoffs go in the same chunk).
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50 + 2);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(took / 50));
    // Wall-clock stalls depend on the machine's load; on an idle one they stay well under 50 ms.
    if (process.env.BATON_STRICT_TIMING === '1') expect(delay.max / 1e6).toBeLessThan(50);
  });
});
