import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { HistoryEntry } from '../../../src/domain/types.js';
import { BatonError } from '../../../src/errors.js';
import { dataPaths } from '../lowdb/files.js';
import { HISTORY_BUCKETS, HistoryFiles } from '../lowdb/history-files.js';
import { type LowdbStore, openLowdbStore } from '../lowdb/lowdb-store.js';
import { SnapshotAdapter, type SnapshotDoc } from '../lowdb/snapshot.js';
import type { StoreLogger } from './postgres-store.js';

/**
 * An embedded (data file) deployment opened for export. Opening it takes the
 * file's lock, so a Baton still running on it is refused, and replays its
 * journal; a snapshot then puts every committed change into the data file
 * and every history entry on disk, where this reads them.
 */
export interface LowdbSource {
  hot: SnapshotDoc;
  /** Each history file's entries, deduplicated as the file store reads them. */
  historyBuckets(): AsyncGenerator<{ bucket: number; entries: HistoryEntry[] }>;
  close(): Promise<void>;
}

export async function openLowdbSource(file: string, logger: StoreLogger): Promise<LowdbSource> {
  const paths = dataPaths(file);
  if (!existsSync(paths.file)) {
    throw new BatonError(
      'DATA_FILE_MISSING',
      `No data file at ${paths.file}: give --from the BATON_DATA_FILE to move.`,
    );
  }
  const store: LowdbStore = await openLowdbStore({ file, logger });
  try {
    await store.compact();
    const hot = await new SnapshotAdapter(paths.file).read();
    if (!hot)
      throw new BatonError('DATA_FILE_MISSING', `The data file ${paths.file} is empty after a snapshot.`);
    const files = new HistoryFiles(paths.historyDir, logger);
    return {
      hot,
      historyBuckets: async function* () {
        for (let bucket = 0; bucket < HISTORY_BUCKETS; bucket++) {
          yield { bucket, entries: await readBucket(files.fileOf(bucket)) };
        }
      },
      close: () => store.close(),
    };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

/** A crash can leave an entry twice (appended again at replay): the last copy wins, in first-seen order. */
async function readBucket(file: string): Promise<HistoryEntry[]> {
  if (!existsSync(file)) return [];
  const found = new Map<string, HistoryEntry>();
  const fh = await open(file, 'r');
  try {
    for await (const line of fh.readLines({ encoding: 'utf8' })) {
      if (line.trim() === '') continue;
      let parsed: { c?: string } & HistoryEntry;
      try {
        parsed = JSON.parse(line) as { c?: string } & HistoryEntry;
      } catch {
        continue;
      }
      const { kind, at, entry } = parsed;
      found.set(`${parsed.c ?? ''}\u0000${kind}:${entry.id}`, { kind, at, entry } as HistoryEntry);
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
  return [...found.values()];
}
