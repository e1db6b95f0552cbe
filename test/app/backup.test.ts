import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupLowdb } from '../../adapters/store/lowdb/backup.js';
import { type LowdbStore, openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { restoreLowdb } from '../../adapters/store/lowdb/restore.js';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { runCli } from '../support/cli.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

const CONFIG = path.join(REPO, 'baton.config.example.yaml');

/** A Baton on a lowdb file that snapshots every few commits, so journals are retired while a backup copies. */
async function runningBaton(file: string, compactEvery = 7): Promise<{ t: TestBaton; store: LowdbStore }> {
  const clock = manualClock('2026-11-23T15:00:00Z');
  const store = await openLowdbStore({ file, clock, compactEvery });
  const t = await startTestBaton({
    adapters: async () => [recordingPlatform('slack').adapter],
    store,
    clock,
  });
  return { t, store };
}

/** One customer and a handoff of them to Sales, through the services. */
async function handOff(t: TestBaton, i: number): Promise<{ customer: string; handoff: string }> {
  const customer = `cus_${i}`;
  await seedCustomers(t.store, aCustomer(customer, `Customer ${i}`, 'marketing'));
  const started = await t.baton.services.startHandoff({
    actor: 'mia',
    customer: { id: customer },
    to: { team: 'sales' },
    context: { summary: `Lead ${i}`, keyContact: 'Min-jun Kim' },
    source: { kind: 'person' },
  });
  if (!started.ok) throw new Error(JSON.stringify(started));
  return { customer, handoff: started.value.handoff.id };
}

type Writer = ReturnType<typeof writer>;

/** Handoffs one after another until `stop`, which waits for the one in flight: the store closes only after. */
function writer(t: TestBaton) {
  const committed: Array<{ customer: string; handoff: string }> = [];
  let stop = false;
  const done = (async () => {
    for (let i = 0; !stop; i++) committed.push(await handOff(t, i));
  })();
  // Reported by `until` or `stop`, never as an unhandled rejection.
  done.catch(() => {});
  return {
    committed,
    /** Waits until `n` handoffs are committed; throws what stopped the writer if it failed first. */
    async until(n: number) {
      while (committed.length < n) await Promise.race([done, new Promise((r) => setTimeout(r, 5))]);
    },
    async stop() {
      stop = true;
      await done;
    },
  };
}

/** Everything a restored store must show of one committed handoff: the record, its customer, its audit. */
async function expectRestored(file: string, expected: ReadonlyArray<{ customer: string; handoff: string }>) {
  const store = await openLowdbStore({ file, logger: silentLogger });
  try {
    const found = await store.getHandoffs(expected.map((e) => e.handoff));
    expect(found.map((h) => h.id).sort()).toEqual(expected.map((e) => e.handoff).sort());
    for (const e of expected.slice(-5)) {
      expect((await store.getCustomer(e.customer))?.name).toMatch(/^Customer \d+$/);
      const audit = (await store.history(e.customer)).filter((h) => h.kind === 'audit');
      expect(audit.map((h) => h.kind === 'audit' && h.entry.action)).toContain('handoff.opened');
    }
    return (await store.stats()).handoffs;
  } finally {
    await store.close();
  }
}

describe('baton backup and restore (lowdb)', () => {
  let t: TestBaton | undefined;
  let w: Writer | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    // The writer first: a commit after the store closed would fail outside any test.
    await w?.stop().catch(() => {});
    w = undefined;
    await t?.stop();
    t = undefined;
    await tmp?.cleanup();
    tmp = undefined;
  });

  it('copies a store while its Baton writes and snapshots, and restores every handoff committed before', {
    timeout: 120_000,
  }, async () => {
    tmp = await tempDir('baton-backup-');
    const live = path.join(tmp.dir, 'live', 'baton.json');
    ({ t } = await runningBaton(live));
    w = writer(t);
    const rounds: Array<{ before: number; backup: string; restored: string }> = [];
    for (let round = 0; round < 4; round++) {
      await w.until(10 * (round + 1));
      const before = w.committed.length;
      const backup = path.join(tmp.dir, `backup-${round}.baton`);
      await backupLowdb(live, backup, new Date());
      rounds.push({ before, backup, restored: path.join(tmp.dir, `restored-${round}`, 'baton.json') });
    }
    await w.stop();
    const all = w.committed;
    for (const r of rounds) {
      await restoreLowdb(r.backup, r.restored, { force: false }, silentLogger);
      const handoffs = await expectRestored(r.restored, all.slice(0, r.before));
      // A consistent moment: nothing from after the backup was taken beyond what was committed by then.
      expect(handoffs).toBeLessThanOrEqual(all.length);
    }
  });

  it('takes the copy again when the Baton writes a snapshot while it opens the files, so nothing committed is missing', {
    timeout: 60_000,
  }, async () => {
    tmp = await tempDir('baton-backup-race-');
    const live = path.join(tmp.dir, 'baton.json');
    const baton = await runningBaton(live, 1000);
    t = baton.t;
    const before = [await handOff(t, 0), await handOff(t, 1)];
    await baton.store.compact();
    before.push(await handOff(t, 2));
    // The race on purpose: right after the backup opened the old snapshot, a handoff and a new snapshot that
    // retires the journal holding it and cus_2's. Copied as held, the backup would lack both.
    let opened = 0;
    const during: Array<{ customer: string; handoff: string }> = [];
    const backup = path.join(tmp.dir, 'b.baton');
    await backupLowdb(live, backup, new Date(), {
      afterSnapshotOpened: async () => {
        if (++opened > 1) return;
        during.push(await handOff(t as TestBaton, 3));
        await baton.store.compact();
      },
    });
    const restored = path.join(tmp.dir, 'restored', 'baton.json');
    await restoreLowdb(backup, restored, { force: false }, silentLogger);
    expect(await expectRestored(restored, [...before, ...during])).toBe(4);
    // Taken again once, not given up on.
    expect(opened).toBe(2);
  });

  it('works from the command line: backup beside a running Baton; restore refuses a held lock, then existing data without --force', {
    timeout: 120_000,
  }, async () => {
    tmp = await tempDir('baton-backup-cli-');
    const live = path.join(tmp.dir, 'baton.json');
    ({ t } = await runningBaton(live));
    w = writer(t);
    await w.until(20);
    const before = [...w.committed];
    const backup = path.join(tmp.dir, 'nightly.baton');
    const env = { BATON_CONFIG: CONFIG, BATON_DATA_FILE: live };
    const made = await runCli(['backup', backup], { env });
    await w.stop();
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain(`written to ${backup}`);

    // Into the running Baton's own file: refused, nothing touched.
    const locked = await runCli(['restore', backup, '--force'], { env });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('RESTORE_LOCKED');
    expect(locked.stderr).toContain('Stop Baton first');

    const fresh = { ...env, BATON_DATA_FILE: path.join(tmp.dir, 'restored', 'baton.json') };
    const restored = await runCli(['restore', backup], { env: fresh });
    expect(restored.code, restored.stderr).toBe(0);
    const again = await runCli(['restore', backup], { env: fresh });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('RESTORE_WOULD_OVERWRITE');
    expect(again.stderr).toContain('--force');
    const forced = await runCli(['restore', backup, '--force'], { env: fresh });
    expect(forced.code, forced.stderr).toBe(0);
    await expectRestored(fresh.BATON_DATA_FILE, before);

    const pg = await runCli(['backup', backup], {
      env: { ...env, DATABASE_URL: 'postgres://db.example/baton' },
    });
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('BACKUP_USE_PG_DUMP');
    expect(pg.stderr).toContain('pg_dump -Fc');
  });

  it('refuses to write a backup of a store whose journal lost entries, instead of one that cannot be restored', async () => {
    tmp = await tempDir('baton-backup-lost-');
    const live = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file: live, logger: silentLogger, compactEvery: 1000 });
    try {
      await seedCustomers(store, aCustomer('acme', 'Acme Corp', 'marketing'));
      await store.compact();
      await seedCustomers(store, aCustomer('hanbit', 'Hanbit Foods', 'marketing'));
      await seedCustomers(store, aCustomer('jeju', 'Jeju Air', 'marketing'));
      // The first entry after the snapshot gone, as if a journal file had been lost.
      const [journal] = (await readdir(tmp.dir)).filter((n) => n.startsWith('baton.json.journal.'));
      const file = path.join(tmp.dir, journal ?? 'no journal');
      const lines = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, lines.slice(1).join('\n'));
      const backup = path.join(tmp.dir, 'b.baton');
      await expect(backupLowdb(live, backup, new Date())).rejects.toMatchObject({
        code: 'DATA_FILE_CORRUPT',
      });
      await expect(readFile(backup)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await store.close();
    }
  });

  it('refuses a damaged or cut backup before changing anything', async () => {
    tmp = await tempDir('baton-backup-damaged-');
    const live = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file: live, logger: silentLogger });
    await seedCustomers(store, aCustomer('acme', 'Acme Corp', 'marketing'));
    const backup = path.join(tmp.dir, 'b.baton');
    await backupLowdb(live, backup, new Date());
    await store.close();

    const target = path.join(tmp.dir, 'other', 'baton.json');
    const bytes = await readFile(backup);
    // One byte changed inside the data: the digest catches it.
    const at = bytes.indexOf('Acme Corp');
    bytes[at] = 'a'.charCodeAt(0);
    await writeFile(backup, bytes);
    await expect(restoreLowdb(backup, target, { force: false }, silentLogger)).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
    });
    await truncate(backup, bytes.length - 10);
    await expect(restoreLowdb(backup, target, { force: false }, silentLogger)).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
    });
    // Nothing was left where the data would go: a later restore starts clean.
    await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
