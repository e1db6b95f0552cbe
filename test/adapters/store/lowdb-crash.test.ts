import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { isBatonError } from '../../../src/errors.js';
import { aCustomer, anAudit } from './builders.js';
import { captureLogger, crashImage, spawnFixture, tempDataFile } from './lowdb-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('lowdb store: kill -9 at any moment loses nothing confirmed', () => {
  it('keeps every confirmed change, once, over repeated SIGKILLs mid-write', async () => {
    const data = await tempDataFile();
    cleanups.push(data.remove);
    const created = new Set<string>();
    const closed = new Set<string>();
    let counter = 0;
    const iterations = 6;
    for (let round = 0; round < iterations; round++) {
      const child = spawnFixture('crash-writer.ts', [data.file, `r${round}`, String(20 + round * 15)]);
      await child.waitFor(/^ready$/);
      // Somewhere between a few and a few hundred commits in, often mid-snapshot.
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 250));
      child.child.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal, child.stderr()).toBe('SIGKILL');
      for (const line of child.lines) {
        const [what, value = ''] = line.split(' ');
        if (what === 'created') created.add(value);
        if (what === 'closed') closed.add(value);
        if (what === 'counter') counter = Math.max(counter, Number(value));
      }
    }
    expect(created.size).toBeGreaterThan(iterations);

    const logger = captureLogger();
    const store = await openLowdbStore({ file: data.file, logger });
    cleanups.push(() => store.close());
    expect(await store.ready()).toBe(true);
    for (const id of created) {
      const customer = await store.getCustomer(id);
      expect(customer?.id, `customer ${id}`).toBe(id);
      const history = await store.history(id);
      const ids = history.map((e) => `${e.kind}:${e.entry.id}`);
      expect(new Set(ids).size, `history of ${id} has repeats`).toBe(ids.length);
      expect(ids).toContain(`audit:aud_${id}`);
      expect(ids).toContain(`touchpoint:tp_${id}`);
      expect(await store.getKv('crash', id)).toBeTypeOf('number');
      expect(await store.getDelivery(`dlv_${id}`)).toMatchObject({ key: `key_${id}` });
    }
    for (const id of closed) {
      const handoffId = id.replace(/^cus_/, 'hof_');
      expect((await store.getHandoff(handoffId))?.state, `handoff ${handoffId}`).toBe('done');
      expect(await store.listHandoffs({ customerId: id })).toEqual([]);
    }
    const counterRecord = await store.getCustomer('cus_counter');
    expect(counterRecord?.version ?? 0).toBeGreaterThanOrEqual(counter);
    const bumps = (await store.history('cus_counter')).map((e) => e.entry.id);
    for (let v = 1; v <= counter; v++) expect(bumps).toContain(`aud_counter_${v}`);
    expect(new Set(bumps).size).toBe(bumps.length);
    // Versions are contiguous: no confirmed bump was lost and none applied twice.
    expect(bumps.length).toBe(counterRecord?.version ?? 0);
  }, 120_000);
});

/** Every file under the data folder with a hash of its bytes. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256')
      .update(await readFile(full))
      .digest('hex');
  }
  return out;
}

/** A data folder with a snapshot and a journal of three more commits after it, as a crash leaves it. */
async function crashedDataFile() {
  const data = await tempDataFile();
  cleanups.push(data.remove);
  const store = await openLowdbStore({ file: data.file, logger: captureLogger() });
  const customers = Array.from({ length: 5 }, () => aCustomer());
  for (const value of customers.slice(0, 2))
    await store.commit({ customers: [{ value, expectedVersion: null }] });
  await store.compact();
  for (const value of customers.slice(2)) {
    await store.commit({ customers: [{ value, expectedVersion: null }], audit: [anAudit(value.id)] });
  }
  const crashed = await crashImage(store, data.dir);
  cleanups.push(crashed.remove);
  await store.close();
  const journals = (await readdir(crashed.dir)).filter((n) => n.includes('.journal.')).sort();
  const journal = path.join(crashed.dir, journals[journals.length - 1] ?? '');
  return { ...crashed, customers, journal };
}

async function expectRefused(file: string, dir: string, code: string, mention: string[]) {
  const before = await fingerprint(dir);
  const err = await openLowdbStore({ file, logger: captureLogger() }).catch((e) => e);
  expect(isBatonError(err) && err.code, String(err)).toBe(code);
  for (const m of mention) expect(err.message).toContain(m);
  expect(err.message).toMatch(/backup|move/i);
  const after = await fingerprint(dir);
  delete after[path.basename(`${file}.lock`)];
  expect(after).toEqual(before);
  // Refusing must not leave the lock behind either: fixing the file and starting again just works.
  expect(await readdir(dir)).not.toContain(path.basename(`${file}.lock`));
}

describe('lowdb store: damaged files stop the start and stay as they are', () => {
  it('refuses a data file that is not JSON', async () => {
    const { file, dir } = await crashedDataFile();
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    await expectRefused(file, dir, 'DATA_FILE_CORRUPT', [file]);
  });

  it('refuses a JSON file that is not a Baton data file', async () => {
    const { file, dir } = await tempDataFile().then(async (d) => {
      cleanups.push(d.remove);
      return d;
    });
    await writeFile(file, JSON.stringify({ posts: [], user: { name: 'typicode' } }));
    await expectRefused(file, dir, 'DATA_FILE_CORRUPT', [file]);
  });

  it('refuses a data file it cannot read', async () => {
    const { file, dir } = await tempDataFile().then(async (d) => {
      cleanups.push(d.remove);
      return d;
    });
    await mkdir(file);
    await expectRefused(file, dir, 'DATA_FILE_UNREADABLE', [file]);
  });

  it('refuses a journal with a damaged line in the middle, naming the file and line', async () => {
    const { file, dir, journal } = await crashedDataFile();
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[1] = `${lines[1]?.slice(0, 40)}#garbage#`;
    await writeFile(journal, lines.join('\n'));
    await expectRefused(file, dir, 'DATA_FILE_CORRUPT', [journal, 'line 2']);
  });

  it('refuses a journal line that is JSON but not a change it can apply', async () => {
    const { file, dir, journal } = await crashedDataFile();
    const lines = (await readFile(journal, 'utf8')).split('\n');
    const seq = JSON.parse(lines[1] ?? '{}').seq;
    lines[1] = JSON.stringify({
      seq,
      at: '2026-11-23T10:00:00.000Z',
      change: { customers: [{ value: null }] },
    });
    await writeFile(journal, lines.join('\n'));
    await expectRefused(file, dir, 'DATA_FILE_CORRUPT', [journal, 'line 2']);
  });

  it('refuses a journal that misses entries after the snapshot', async () => {
    const { file, dir, journal } = await crashedDataFile();
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines.splice(0, 1);
    await writeFile(journal, lines.join('\n'));
    await expectRefused(file, dir, 'DATA_FILE_CORRUPT', [journal]);
  });

  it('drops a last journal line cut short by a crash, with a warning, and appends cleanly after it', async () => {
    const { file, journal, customers } = await crashedDataFile();
    const whole = await readFile(journal);
    await appendFile(journal, '{"seq":99,"at":"2026-11-23T10:00:00.000Z","change":{"customers":[{"val');
    const logger = captureLogger();
    const store = await openLowdbStore({ file, logger });
    for (const c of customers) expect((await store.getCustomer(c.id))?.id).toBe(c.id);
    expect(logger.lines.some((l) => l.level === 'warn' && /cut short/.test(l.msg))).toBe(true);
    // Unless the snapshot that follows a replay already folded it in and removed it.
    const after = await readFile(journal).catch(() => undefined);
    if (after) expect(after).toEqual(whole);
    const later = aCustomer();
    expect(await store.commit({ customers: [{ value: later, expectedVersion: null }] })).toEqual({
      ok: true,
    });
    await store.close();
    const reopened = await openLowdbStore({ file, logger: captureLogger() });
    cleanups.push(() => reopened.close());
    expect(await reopened.getCustomer(later.id)).toEqual(later);
    for (const c of customers) expect((await reopened.getCustomer(c.id))?.id).toBe(c.id);
  });
});
