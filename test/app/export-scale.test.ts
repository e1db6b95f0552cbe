import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRows } from '../../adapters/export/stream.js';
import { dataPaths } from '../../adapters/store/lowdb/files.js';
import { bucketOf, HISTORY_BUCKETS } from '../../adapters/store/lowdb/history-files.js';
import { historyLine } from '../../adapters/store/lowdb/history-lines.js';
import { openLowdbStore, openReadOnlyLowdbStore } from '../../adapters/store/lowdb/index.js';
import { exportSource } from '../../app/cli/export-sources.js';
import type { AuditEntry } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import { tempDir } from '../support/harness.js';

const ROWS = Number(process.env.BATON_EXPORT_SCALE_ROWS ?? 500_000);
const START = Date.parse('2025-01-01T00:00:00.000Z');
const MB = 1024 * 1024;
/** What the export may hold at once, whatever the number of rows. */
const BOUND = 100 * MB;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

function entry(i: number): AuditEntry {
  const customerId = `cus_${i % 20_000}`;
  const at = new Date(START + i * 30_000).toISOString();
  return {
    id: `aud_${i.toString(36).padStart(8, '0')}`,
    at,
    actor: `person${i % 40}`,
    action: 'handoff.accepted',
    subject: { type: 'handoff', id: `hof_${i}` },
    customerId,
    details: {
      playbook: 'sales-to-delivery',
      note: 'Sent the onboarding plan and the kickoff agenda; waiting for the admin contact to confirm.',
    },
  };
}

/** The audit rows in the history bucket files, in the store's own line format (as its writer appends them). */
async function writeHistory(historyDir: string): Promise<number> {
  await mkdir(historyDir, { recursive: true });
  const buckets: string[][] = Array.from({ length: HISTORY_BUCKETS }, () => []);
  let bytes = 0;
  for (let i = 0; i < ROWS; i++) {
    const e = entry(i);
    const line = historyLine({ kind: 'audit', at: e.at, entry: e });
    bytes += line.length;
    buckets[bucketOf(e.customerId ?? '')]?.push(line);
  }
  for (let b = 0; b < HISTORY_BUCKETS; b++) {
    await writeFile(`${historyDir}/${String(b).padStart(2, '0')}.jsonl`, (buckets[b] ?? []).join(''));
    buckets[b] = [];
  }
  return bytes;
}

const tmp = await tempDir('baton-export-scale-');
afterAll(() => tmp.cleanup());

describe(`exporting ${ROWS} audit rows`, () => {
  it('streams them to a file beside a running Baton with flat memory', { timeout: 240_000 }, async () => {
    const file = `${tmp.dir}/baton.json`;
    const historyBytes = await writeHistory(dataPaths(file).historyDir);
    // The Baton that runs on the file and holds its lock while the export reads.
    const running = await openLowdbStore({ file, logger: silentLogger });
    try {
      const store = await openReadOnlyLowdbStore(file, silentLogger);
      const out = `${tmp.dir}/audit.csv`;
      const before = heapAfterGc();
      let peak = 0;
      let pages = 0;
      const src = exportSource(store, 'audit', new Date());
      const sampled = {
        ...src,
        pages: (async function* () {
          for await (const page of src.pages) {
            // Every 10 pages (20 000 rows), what the export still holds once garbage is collected.
            if (++pages % 10 === 0) peak = Math.max(peak, heapAfterGc() - before);
            yield page;
          }
        })(),
      };
      const sink = createWriteStream(out);
      await writeRows(sink, 'csv', sampled);
      sink.end();
      await finished(sink);
      await store.close();

      let lines = 0;
      let second = '';
      for await (const line of createInterface({ input: createReadStream(out) })) {
        if (++lines === 2) second = line;
      }
      expect(lines).toBe(ROWS + 1);
      // Newest first.
      expect(second.startsWith(`${entry(ROWS - 1).id},${entry(ROWS - 1).at},`)).toBe(true);
      const written = (await stat(out)).size;

      // The control: the same rows read from their lines and held at once (as a load-everything export
      // would), measured on a tenth of them and scaled, are over the bound the streaming export stays under.
      const base = heapAfterGc();
      const held = Array.from(
        { length: ROWS / 10 },
        (_, i) => JSON.parse(historyLine({ kind: 'audit', at: entry(i).at, entry: entry(i) })) as object,
      );
      const inMemory = (heapAfterGc() - base) * 10;
      expect(held.length).toBe(ROWS / 10);
      console.info(
        `export of ${ROWS} rows: history ${Math.round(historyBytes / MB)} MB, CSV ${Math.round(written / MB)} MB, ` +
          `peak retained ${Math.round(peak / MB)} MB, all rows in memory ~${Math.round(inMemory / MB)} MB`,
      );
      expect(peak).toBeLessThan(BOUND);
      expect(inMemory).toBeGreaterThan(BOUND);
      // Flat: what the export holds is a small part of what it reads.
      expect(peak * 4).toBeLessThan(historyBytes);
    } finally {
      await running.close();
    }
  });
});
