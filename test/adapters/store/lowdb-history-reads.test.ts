import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import type { Customer } from '../../../src/domain/types.js';
import { aCustomer, anAudit } from './builders.js';
import { captureLogger, tempDataFile } from './lowdb-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('file store: history read while commits append to it', () => {
  it('shows every entry committed before the read, on the first read of a file and on every read after', async () => {
    const data = await tempDataFile();
    cleanups.push(data.remove);
    const customers: Customer[] = Array.from({ length: 8 }, () => aCustomer());
    const committed = new Map(customers.map((c) => [c.id, [] as string[]]));
    const first = await openLowdbStore({ file: data.file, logger: captureLogger() });
    expect(
      await first.commit({ customers: customers.map((value) => ({ value, expectedVersion: null })) }),
    ).toEqual({ ok: true });
    // Enough lines that reading a history file's line offsets takes several slices.
    for (let i = 0; i < 5; i++) {
      const audit = customers.flatMap((c) => Array.from({ length: 300 }, () => anAudit(c.id)));
      expect(await first.commit({ audit })).toEqual({ ok: true });
      for (const a of audit) committed.get(a.customerId ?? '')?.push(a.id);
    }
    await first.close();
    // Reopened: no line offsets in memory, each file's first read comes from the file.
    const store = await openLowdbStore({ file: data.file, logger: captureLogger() });
    cleanups.push(() => store.close());

    const writes = (async () => {
      for (let k = 0; k < 60; k++) {
        const c = customers[k % customers.length] as Customer;
        const audit = anAudit(c.id);
        expect(await store.commit({ audit: [audit] })).toEqual({ ok: true });
        committed.get(c.id)?.push(audit.id);
      }
    })();
    const missing: string[] = [];
    const check = async (c: Customer) => {
      const expected = [...(committed.get(c.id) ?? [])];
      const seen = new Set((await store.history(c.id)).map((e) => e.entry.id));
      missing.push(...expected.filter((id) => !seen.has(id)));
    };
    let reads = 0;
    let done = false;
    writes.finally(() => {
      done = true;
    });
    while (!done) {
      // Side by side, as commands arrive: several first reads of files under way at once.
      await Promise.all(customers.map(check));
      reads += customers.length;
    }
    await writes;
    for (const c of customers) await check(c);
    expect(reads).toBeGreaterThan(customers.length);
    expect(missing).toEqual([]);
  });
});
