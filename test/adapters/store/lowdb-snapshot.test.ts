import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { readSnapshotLines } from '../../../adapters/store/lowdb/snapshot-format.js';
import { aCustomer, aHandoff, anAudit } from './builders.js';
import { captureLogger, tempDataFile } from './lowdb-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function savedStore() {
  const data = await tempDataFile();
  cleanups.push(data.remove);
  const korean = aCustomer({ name: '주식회사 한빛소프트 🚀', aliases: ['한빛', 'Hanbit'], language: 'ko' });
  const others = Array.from({ length: 30 }, () => aCustomer());
  const handoff = aHandoff(korean.id, { context: { summary: '고객은 한국어 지원을 원합니다. SSO 필요.' } });
  const store = await openLowdbStore({ file: data.file, logger: captureLogger() });
  await store.commit({
    customers: [korean, ...others].map((value) => ({ value, expectedVersion: null })),
    handoffs: [{ value: handoff, expectedVersion: null }],
    audit: [anAudit(korean.id)],
    kv: [{ ns: 'rr', key: 'delivery', value: { cursor: 3 } }],
  });
  await store.close();
  return { ...data, korean, others, handoff };
}

describe('lowdb data file layout', () => {
  it('reads its own layout a line at a time, whatever the block size, keeping multi-byte characters whole', async () => {
    const { file, korean, handoff } = await savedStore();
    const whole = JSON.parse(await readFile(file, 'utf8'));
    for (const block of [1, 2, 3, 7, 64, 4096]) {
      const doc = await readSnapshotLines(file, block);
      expect(doc).toEqual(whole);
    }
    expect(whole.customers).toContainEqual(korean);
    expect(whole.handoffs).toEqual([handoff]);
  });

  it('still opens a data file that was reformatted as ordinary JSON', async () => {
    const { file, korean, others } = await savedStore();
    const doc = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify(doc, null, 2));
    expect(await readSnapshotLines(file)).toBeUndefined();
    const store = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => store.close());
    expect(await store.getCustomer(korean.id)).toEqual(korean);
    expect(await store.listCustomers({})).toHaveLength(others.length + 1);
    expect(await store.getKv('rr', 'delivery')).toEqual({ cursor: 3 });
  });
});

describe('when the data file is rewritten', () => {
  /** A store over a file of `customers` customers; then `commits` one-customer changes, `compactEvery: 5`. */
  async function snapshotsAfter(customers: number, commits: number): Promise<number> {
    const data = await tempDataFile();
    cleanups.push(data.remove);
    const seed = await openLowdbStore({ file: data.file, logger: captureLogger() });
    const many = Array.from({ length: customers }, () => aCustomer());
    await seed.commit({ customers: many.map((value) => ({ value, expectedVersion: null })) });
    await seed.close();
    const logger = captureLogger();
    const store = await openLowdbStore({ file: data.file, logger, compactEvery: 5 });
    cleanups.push(() => store.close());
    for (let i = 0; i < commits; i++) {
      await store.commit({ customers: [{ value: aCustomer(), expectedVersion: null }] });
      // Let a snapshot that fell due finish before the next commit.
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 200));
    return logger.lines.filter((l) => l.msg === 'snapshot written').length;
  }

  it('waits until the journal holds half as much as the file: a big file is not rewritten every few commits', async () => {
    // 2,000 customers (about 2 MB): 20 small commits journal far less than half of it.
    expect(await snapshotsAfter(2_000, 20)).toBe(0);
    // Control: over a file of 2 customers, the same 20 commits fold in (every 5, when the
    // last snapshot is done: at least once however slow the disk).
    expect(await snapshotsAfter(2, 20)).toBeGreaterThanOrEqual(1);
  });
});
