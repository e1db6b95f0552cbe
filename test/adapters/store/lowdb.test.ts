import { readdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { manualClock } from '../../../src/clock.js';
import { isBatonError } from '../../../src/errors.js';
import type { ChangeSet } from '../../../src/store/store.js';
import {
  aCardRef,
  aCustomer,
  aDelivery,
  aFollowUp,
  aHandoff,
  anAudit,
  anInbound,
  aTouchpoint,
  bump,
} from './builders.js';
import { storeContract } from './contract.js';
import { captureLogger, crashImage, spawnFixture, tempDataFile } from './lowdb-helpers.js';

storeContract('lowdb', async () => {
  const data = await tempDataFile();
  // Small enough that snapshots happen while the contract runs.
  const store = await openLowdbStore({ file: data.file, compactEvery: 3, logger: captureLogger() });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await data.remove();
    },
  };
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function dataFile() {
  const data = await tempDataFile();
  cleanups.push(data.remove);
  return data;
}

/** One of everything, and what reading it back must give. */
function everything() {
  const customer = aCustomer();
  const live = aHandoff(customer.id);
  const closed = aHandoff(customer.id, { createdAt: '2026-11-23T09:00:00.000Z' });
  const followUp = aFollowUp(customer.id, live.id);
  const delivery = aDelivery();
  const card = aCardRef(live.id);
  const inbound = anInbound();
  const touchpoint = aTouchpoint(customer.id);
  const audit = anAudit(customer.id);
  const done = bump(closed, { state: 'done', closedAt: '2026-11-24T09:00:00.000Z' });
  const changes: ChangeSet[] = [
    {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [live, closed].map((value) => ({ value, expectedVersion: null })),
      followUps: [followUp],
      deliveries: [delivery],
      cardRefs: [card],
      inbound: [{ value: inbound }],
      touchpoints: [touchpoint],
      audit: [audit],
      kv: [{ ns: 'teams-conv', key: customer.id, value: { conversationId: '19:abc' } }],
    },
    { handoffs: [{ value: done, expectedVersion: 1 }] },
  ];
  const check = async (store: Awaited<ReturnType<typeof openLowdbStore>>) => {
    expect(await store.getCustomer(customer.id)).toEqual(customer);
    expect(await store.listHandoffs({ customerId: customer.id })).toEqual([live]);
    expect(await store.getHandoff(closed.id)).toEqual(done);
    expect(await store.listFollowUps({ handoffId: live.id })).toEqual([followUp]);
    expect(await store.getDelivery(delivery.id)).toEqual(delivery);
    expect(await store.listCardRefs(live.id)).toEqual([card]);
    expect(await store.getInbound(inbound.source, inbound.id)).toEqual(inbound);
    expect(await store.getKv('teams-conv', customer.id)).toEqual({ conversationId: '19:abc' });
    expect(await store.history(customer.id)).toEqual([
      { kind: 'audit', at: audit.at, entry: audit },
      { kind: 'touchpoint', at: touchpoint.at, entry: touchpoint },
      { kind: 'handoff', at: done.closedAt, entry: done },
    ]);
    expect((await store.stats()).handoffs).toBe(2);
  };
  return { changes, check, customer };
}

describe('lowdb store: durability', () => {
  it('keeps everything over close and reopen', async () => {
    const { file } = await dataFile();
    const all = everything();
    const store = await openLowdbStore({ file, logger: captureLogger() });
    for (const c of all.changes) expect(await store.commit(c)).toEqual({ ok: true });
    await store.close();
    expect(await store.ready()).toBe(false);
    await expect(store.commit({})).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    const again = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => again.close());
    await all.check(again);
  });

  it('keeps everything when the process dies without closing, and replays history only once', async () => {
    const { file, dir } = await dataFile();
    const all = everything();
    const store = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => store.close());
    for (const c of all.changes) await store.commit(c);
    const crashed = await crashImage(store, dir);
    cleanups.push(crashed.remove);
    const logger = captureLogger();
    const reopened = await openLowdbStore({ file: crashed.file, logger });
    cleanups.push(() => reopened.close());
    expect(logger.lines.some((l) => /replayed/.test(l.msg))).toBe(true);
    await all.check(reopened);
  });

  it('keeps everything over compactions, and the data file holds no history', async () => {
    const { file, dir } = await dataFile();
    const all = everything();
    const store = await openLowdbStore({ file, compactEvery: 1, logger: captureLogger() });
    cleanups.push(() => store.close());
    for (const c of all.changes) await store.commit(c);
    const extra = Array.from({ length: 20 }, () => aCustomer());
    for (const value of extra) await store.commit({ customers: [{ value, expectedVersion: null }] });
    await store.compact();
    const journals = (await readdir(dir)).filter((n) => n.includes('.journal.'));
    expect(journals.length).toBeLessThanOrEqual(1);
    const snapshot = await readFile(file, 'utf8');
    const doc = JSON.parse(snapshot);
    expect(doc).toMatchObject({ format: 'baton/1' });
    expect(doc.seq).toBeGreaterThan(20);
    expect(snapshot).not.toContain(all.changes[0]?.audit?.[0]?.id);
    await all.check(store);
    const crashed = await crashImage(store, dir);
    cleanups.push(crashed.remove);
    const reopened = await openLowdbStore({ file: crashed.file, logger: captureLogger() });
    cleanups.push(() => reopened.close());
    await all.check(reopened);
    for (const value of extra) expect(await reopened.getCustomer(value.id)).toEqual(value);
  });

  it('keeps an erasure over a crash and a replay', async () => {
    const { file, dir } = await dataFile();
    const customer = aCustomer();
    const touchpoint = aTouchpoint(customer.id, { note: 'Prefers calls after 6pm' });
    const store = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => store.close());
    await store.commit({
      customers: [{ value: customer, expectedVersion: null }],
      touchpoints: [touchpoint],
    });
    await store.commit({ eraseHistoryOf: [customer.id] });
    const crashed = await crashImage(store, dir);
    cleanups.push(crashed.remove);
    const reopened = await openLowdbStore({ file: crashed.file, logger: captureLogger() });
    cleanups.push(() => reopened.close());
    const [entry] = await reopened.history(customer.id);
    expect(entry?.entry.id).toBe(touchpoint.id);
    expect(entry?.kind === 'touchpoint' && entry.entry.note).toBeFalsy();
  });

  it('forgets delivery keys and processed webhook ids after 30 days, at a snapshot', async () => {
    const { file } = await dataFile();
    const clock = manualClock('2026-11-23T10:00:00Z');
    const store = await openLowdbStore({ file, clock, logger: captureLogger() });
    cleanups.push(() => store.close());
    const sent = aDelivery({ status: 'sent', sentAt: '2026-11-23T10:00:00.000Z' });
    const event = anInbound({ status: 'processed', receivedAt: '2026-11-23T10:00:00.000Z' });
    await store.commit({ deliveries: [sent], inbound: [{ value: event }] });
    clock.advance(29 * 86_400_000);
    await store.compact();
    const retry = aDelivery({ key: sent.key });
    await store.commit({ deliveries: [retry] });
    expect(await store.getDelivery(retry.id)).toBeUndefined();
    clock.advance(2 * 86_400_000);
    await store.compact();
    expect(await store.getInbound(event.source, event.id)).toBeUndefined();
    await store.commit({ deliveries: [retry] });
    expect(await store.getDelivery(retry.id)).toEqual(retry);
  });

  it('creates the folder of a data file that does not exist yet', async () => {
    const { dir } = await dataFile();
    const file = path.join(dir, 'nested', 'deeper', 'baton.json');
    const store = await openLowdbStore({ file, logger: captureLogger() });
    await store.commit({ customers: [{ value: aCustomer(), expectedVersion: null }] });
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).customers).toHaveLength(1);
  });

  it('stops taking changes, with a coded error, once a journal write fails', async () => {
    const { file } = await dataFile();
    const logger = captureLogger();
    const store = await openLowdbStore({ file, logger });
    // The first journal file is created on the first commit: make it a disk that is always full.
    await symlink('/dev/full', `${file}.journal.000001`);
    const customer = aCustomer();
    const err = await store
      .commit({ customers: [{ value: customer, expectedVersion: null }] })
      .catch((e) => e);
    expect(isBatonError(err) && err.code).toBe('DATA_FILE_WRITE_FAILED');
    expect(await store.ready()).toBe(false);
    await expect(
      store.commit({ customers: [{ value: aCustomer(), expectedVersion: null }] }),
    ).rejects.toMatchObject({
      code: 'DATA_FILE_WRITE_FAILED',
    });
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
    await store.close();
    await rm(`${file}.journal.000001`);
    const reopened = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => reopened.close());
    expect(await reopened.getCustomer(customer.id)).toBeUndefined();
  });
});

describe('lowdb store: one process per data file', () => {
  it('refuses a second open in the same process', async () => {
    const { file } = await dataFile();
    const store = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => store.close());
    await expect(openLowdbStore({ file, logger: captureLogger() })).rejects.toMatchObject({
      code: 'DATA_FILE_LOCKED',
    });
    expect(await store.ready()).toBe(true);
  });

  it('refuses a data file held by another live process, and takes over its lock once it was killed', async () => {
    const { file } = await dataFile();
    const child = spawnFixture('hold-store.ts', [file]);
    cleanups.push(async () => {
      child.child.kill('SIGKILL');
      await child.exited;
    });
    const ready = await child.waitFor(/^ready \d+$/);
    const pid = Number(ready.split(' ')[1]);
    const err = await openLowdbStore({ file, logger: captureLogger() }).catch((e) => e);
    expect(isBatonError(err) && err.code).toBe('DATA_FILE_LOCKED');
    expect(err.message).toContain(file);
    expect(err.message).toContain(String(pid));
    expect(err.message).toContain(`${file}.lock`);

    child.child.kill('SIGKILL');
    await child.exited;
    const logger = captureLogger();
    const store = await openLowdbStore({ file, logger });
    cleanups.push(() => store.close());
    expect(logger.lines.some((l) => l.level === 'warn' && /stale/.test(l.msg))).toBe(true);
    expect(await store.ready()).toBe(true);
  });

  it('releases the lock on close', async () => {
    const { file } = await dataFile();
    const store = await openLowdbStore({ file, logger: captureLogger() });
    await store.close();
    const again = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => again.close());
    expect(await again.ready()).toBe(true);
  });
});
