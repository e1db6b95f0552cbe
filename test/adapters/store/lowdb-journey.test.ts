import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { openReadOnlyLowdbStore } from '../../../adapters/store/lowdb/read-only.js';
import type { JourneyFact } from '../../../src/analytics/fact.js';
import type { Store } from '../../../src/store/store.js';
import { aCustomer, anAudit, uid } from './builders.js';
import { startPatch } from './contract/journey-kv.js';
import { captureLogger, crashImage, tempDataFile } from './lowdb-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function dataFile() {
  const data = await tempDataFile();
  cleanups.push(data.remove);
  return data;
}

async function open(file: string) {
  const store = await openLowdbStore({ file, logger: captureLogger() });
  cleanups.push(() => store.close());
  return store;
}

/** Two handoffs' journeys, two one-time keys (one redeemed), and a refused commit; what reading back must give. */
async function journeys(store: Store) {
  const ns = uid('links');
  const first = startPatch({ to: 'delivery' });
  const second = startPatch({ to: 'support', week: '2031-03-10' });
  const customer = aCustomer();
  const audits = [1, 2, 3].map((h) => anAudit(customer.id, { at: `2031-03-04T0${h}:00:00.000Z` }));
  expect(
    await store.commit({
      customers: [{ value: customer, expectedVersion: null }],
      audit: audits,
      journey: [first, second],
      kvInsert: [{ ns, key: 'a', value: { p: 'dana' } }],
    }),
  ).toEqual({ ok: true });
  expect(
    await store.commit({
      journey: [
        {
          handoffId: first.handoffId,
          set: { ...first.set, state: 'accepted' },
          add: { declines: 1, declineReasons: ['busy'] },
        },
      ],
      kvInsert: [{ ns, key: 'b', value: { p: 'lee' } }],
      kvTake: [{ ns, key: 'a' }],
    }),
  ).toEqual({ ok: true });
  // Refused: never journaled, so a replay must not apply its patch either.
  expect(
    await store.commit({
      journey: [{ handoffId: second.handoffId, set: second.set, add: { escalations: 5 } }],
      kvTake: [{ ns, key: 'a' }],
    }),
  ).toMatchObject({ ok: false, entity: 'kv' });
  const expected: JourneyFact[] = [
    {
      handoffId: first.handoffId,
      ...first.set,
      state: 'accepted',
      declines: 1,
      declineReasons: ['busy'],
      reassigns: 0,
      escalations: 0,
    },
    {
      handoffId: second.handoffId,
      ...second.set,
      declines: 0,
      declineReasons: [],
      reassigns: 0,
      escalations: 0,
    },
  ];
  const mine = new Set([first.handoffId, second.handoffId]);
  return {
    check: async (s: Store) => {
      const facts = (await s.journeyFacts({})).filter((f) => mine.has(f.handoffId));
      expect(facts.sort((x, y) => (x.week < y.week ? -1 : 1))).toEqual(expected);
      expect((await s.journeyFacts({ teams: ['support'] })).map((f) => f.handoffId)).toEqual([
        second.handoffId,
      ]);
      expect(await s.getKv(ns, 'a')).toBeUndefined();
      expect(await s.getKv(ns, 'b')).toEqual({ p: 'lee' });
      // A replay appends history already in the files again: the audit log still lists each entry once.
      expect((await s.scanAudit({ limit: 10 })).entries).toEqual([...audits].reverse());
    },
    redeemOnce: async (s: Store) => {
      expect(await s.commit({ kvTake: [{ ns, key: 'b' }] })).toEqual({ ok: true });
      expect(await s.commit({ kvTake: [{ ns, key: 'b' }] })).toMatchObject({ ok: false, entity: 'kv' });
    },
  };
}

describe('lowdb store: journey facts and one-time keys over restarts', () => {
  it('keeps them when the process dies and the journal is replayed', async () => {
    const { file, dir } = await dataFile();
    const store = await open(file);
    const all = await journeys(store);
    const crashed = await crashImage(store, dir);
    cleanups.push(crashed.remove);
    const logger = captureLogger();
    const reopened = await openLowdbStore({ file: crashed.file, logger });
    cleanups.push(() => reopened.close());
    expect(logger.lines.some((l) => /replayed/.test(l.msg))).toBe(true);
    await all.check(reopened);
    await all.redeemOnce(reopened);
  });

  it('keeps them in the snapshot, over close and reopen', async () => {
    const { file } = await dataFile();
    const store = await open(file);
    const all = await journeys(store);
    await store.compact();
    const snapshot = await readFile(file, 'utf8');
    expect(snapshot).toContain('"journey":[');
    await store.close();
    const reopened = await open(file);
    await all.check(reopened);
    await all.redeemOnce(reopened);
  });

  it('reads thousands of facts not yet parsed a slice at a time, so other requests run meanwhile', async () => {
    const { file } = await dataFile();
    const store = await open(file);
    const facts = Array.from({ length: 3_500 }, (_, i) =>
      startPatch({ week: i % 2 ? '2031-03-03' : '2031-03-10' }),
    );
    expect(await store.commit({ journey: facts })).toEqual({ ok: true });
    await store.compact();
    await store.close();
    const reopened = await open(file);
    // Turns of the event loop that ran while the read was under way: another request's.
    const turnsDuring = async (read: () => Promise<JourneyFact[]>) => {
      let turns = 0;
      let reading = true;
      const other = () => {
        if (!reading) return;
        turns++;
        setImmediate(other);
      };
      setImmediate(other);
      const got = await read();
      reading = false;
      return { got, turns };
    };
    const { got, turns } = await turnsDuring(() => reopened.journeyFacts({ fromWeek: '2031-03-03' }));
    expect(got.map((f) => f.handoffId).sort()).toEqual(facts.map((f) => f.handoffId).sort());
    expect(turns).toBeGreaterThanOrEqual(3);
    // Control: a read that parses in one go lets nothing else run, and the count shows it.
    const whole = await turnsDuring(async () => facts.map((f) => ({ ...f.set }) as unknown as JourneyFact));
    expect(whole.turns).toBe(0);
  });

  it('keeps facts not read since the file was opened through a patch, another snapshot and a reopen', async () => {
    const { file } = await dataFile();
    const store = await open(file);
    const early = startPatch({ week: '2031-03-03' });
    const late = startPatch({ week: '2031-03-10', to: 'support' });
    const untouched = startPatch({ week: '2031-03-17' });
    expect(await store.commit({ journey: [early, late, untouched] })).toEqual({ ok: true });
    await store.compact();
    await store.close();
    // Opened again: a patch to one fact, a snapshot, and a reopen, before any fact is read.
    const reopened = await open(file);
    const patched = {
      handoffId: late.handoffId,
      set: { ...late.set, state: 'accepted' as const, startedAt: '2031-03-11T00:00:00.000Z' },
      add: { declines: 2 },
    };
    expect(await reopened.commit({ journey: [patched] })).toEqual({ ok: true });
    await reopened.compact();
    await reopened.close();
    const again = await open(file);
    // Asked for one week: that week's fact alone, as merged (creation fields kept, counts added).
    expect(await again.journeyFacts({ fromWeek: '2031-03-10', toWeek: '2031-03-10' })).toEqual([
      {
        handoffId: late.handoffId,
        ...late.set,
        state: 'accepted',
        declines: 2,
        declineReasons: [],
        reassigns: 0,
        escalations: 0,
      },
    ]);
    expect((await again.journeyFacts({})).map((f) => f.handoffId).sort()).toEqual(
      [early.handoffId, late.handoffId, untouched.handoffId].sort(),
    );
    expect((await again.journeyFacts({ teams: ['support'] })).map((f) => f.handoffId)).toEqual([
      late.handoffId,
    ]);
  });

  it('opens a data file written before the journey rollup existed, and starts one', async () => {
    const { file } = await dataFile();
    const store = await open(file);
    const customer = aCustomer();
    await store.commit({
      customers: [{ value: customer, expectedVersion: null }],
      kv: [{ ns: 'rr', key: 'x', value: 1 }],
    });
    await store.compact();
    await store.close();
    // The layout before issue 13: the kv section is the last one.
    const text = await readFile(file, 'utf8');
    const cut = text.indexOf(',\n"journey":[');
    expect(cut).toBeGreaterThan(0);
    await writeFile(file, `${text.slice(0, cut)}\n}\n`);
    const old = await open(file);
    expect(await old.getCustomer(customer.id)).toEqual(customer);
    expect(await old.getKv('rr', 'x')).toBe(1);
    expect(await old.journeyFacts({})).toEqual([]);
    const patch = startPatch();
    expect(await old.commit({ journey: [patch] })).toEqual({ ok: true });
    await old.compact();
    await old.close();
    const again = await open(file);
    expect((await again.journeyFacts({})).map((f) => f.handoffId)).toEqual([patch.handoffId]);
  });

  it('leaves no file holding a decline reason an erasure blanked, and it stays blank after a restart', async () => {
    const { file, dir } = await dataFile();
    const store = await open(file);
    const customer = aCustomer();
    const reason = `Min-jun ${uid('is on leave')}`;
    const patch = startPatch({ customerId: customer.id });
    await store.commit({
      customers: [{ value: customer, expectedVersion: null }],
      journey: [{ ...patch, add: { declines: 1, declineReasons: [reason] } }],
    });
    await store.commit({
      eraseHistoryOf: [customer.id],
      journey: [{ handoffId: patch.handoffId, set: patch.set, eraseReasons: true }],
    });
    const files = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const f of files.filter((e) => e.isFile())) {
      expect(await readFile(path.join(f.parentPath, f.name), 'utf8')).not.toContain(reason);
    }
    await store.close();
    const reopened = await open(file);
    expect((await reopened.journeyFacts({})).map((f) => f.declineReasons)).toEqual([['']]);
  });

  it('answers journey facts and audit pages read-only beside the running store, erasures included', async () => {
    const { file } = await dataFile();
    const store = await open(file);
    const customer = aCustomer();
    const audit = anAudit(customer.id, {
      at: '2031-01-05T10:00:00.000Z',
      details: { email: 'mj@acme.example' },
    });
    const patch = startPatch({ customerId: customer.id });
    await store.commit({
      customers: [{ value: customer, expectedVersion: null }],
      audit: [audit],
      journey: [patch],
    });
    await store.history(customer.id);
    const reader = await openReadOnlyLowdbStore(file, captureLogger());
    expect((await reader.journeyFacts({ fromWeek: patch.set.week })).map((f) => f.handoffId)).toEqual([
      patch.handoffId,
    ]);
    expect((await reader.scanAudit({ limit: 10 })).entries).toEqual([audit]);
    // The running store appends and erases; the reader's pages follow the files.
    const later = anAudit(customer.id, { at: '2031-01-05T11:00:00.000Z' });
    await store.commit({ audit: [later] });
    await store.commit({ eraseHistoryOf: [customer.id] });
    await store.history(customer.id);
    const { details: _d, ...erased } = audit;
    const { details: _l, ...laterErased } = later;
    expect((await reader.scanAudit({ limit: 10 })).entries).toEqual([laterErased, erased]);
    await expect(reader.commit({ kvTake: [{ ns: 'a', key: 'b' }] })).rejects.toMatchObject({
      code: 'STORE_READ_ONLY',
    });
  });
});
