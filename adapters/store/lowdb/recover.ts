import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { HistoryEntry } from '../../../src/domain/types.js';
import { HotState } from '../memory/state.js';
import { type DataPaths, isTempFile } from './files.js';
import type { HistoryFiles } from './history-files.js';
import {
  cutTornTail,
  type JournalFile,
  listJournalGens,
  missingEntries,
  readJournalFile,
} from './journal-files.js';
import type { StoreLogger } from './logger.js';
import { emptySnapshot, SnapshotAdapter, type SnapshotDoc } from './snapshot.js';

export interface Recovered {
  db: Low<SnapshotDoc>;
  state: HotState;
  snapshotSeq: number;
  lastSeq: number;
  /** The first journal generation free for new entries. */
  nextGen: number;
  replayed: number;
}

/**
 * Start-up: the snapshot, then every journal entry after it, in order. All
 * files are read and checked before anything is written, so a damaged one
 * stops the start with every byte on disk as it was.
 */
export async function recover(
  paths: DataPaths,
  history: HistoryFiles,
  logger: StoreLogger,
): Promise<Recovered> {
  const db = new Low<SnapshotDoc>(new SnapshotAdapter(paths.file), emptySnapshot());
  await db.read();
  const snapshotSeq = db.data.seq;
  const state = new HotState(db.data);
  // HotState holds the records now; the parsed document need not stay alive.
  db.data = emptySnapshot(snapshotSeq);

  const gens = await listJournalGens(paths);
  const journals: JournalFile[] = [];
  let expected = snapshotSeq + 1;
  for (const gen of gens) {
    const journal = await readJournalFile(paths.journal(gen));
    for (const e of journal.entries) {
      if (e.seq < expected) continue;
      if (e.seq > expected) throw missingEntries(journal.file, expected, e.seq);
      expected++;
    }
    journals.push(journal);
  }

  for (const journal of journals) await cutTornTail(journal, logger);
  await removeTempFiles(paths, logger);
  await history.open();

  let lastSeq = snapshotSeq;
  let replayed = 0;
  let pending: HistoryEntry[] = [];
  for (const journal of journals) {
    for (const e of journal.entries) {
      if (e.seq <= lastSeq) continue;
      if (e.prune) state.prune(new Date(e.prune));
      if (e.change) {
        pending.push(...state.apply(e.change).history);
        // History of entries after the snapshot may already be in the files: readers drop repeats.
        if (e.change.eraseHistoryOf?.length) {
          await history.append(pending);
          pending = [];
          for (const customerId of e.change.eraseHistoryOf) await history.erase(customerId);
        }
      }
      lastSeq = e.seq;
      replayed++;
    }
  }
  await history.append(pending);
  if (replayed > 0)
    logger.info({ file: paths.file, snapshotSeq, replayed }, 'replayed the journal after the snapshot');
  return { db, state, snapshotSeq, lastSeq, nextGen: (gens[gens.length - 1] ?? 0) + 1, replayed };
}

/** Half-written snapshots or history rewrites of a process that died mid-write. */
async function removeTempFiles(paths: DataPaths, logger: StoreLogger): Promise<void> {
  const targets = [
    { dir: paths.dir, base: path.basename(paths.file) },
    { dir: paths.historyDir, base: '' },
  ];
  for (const { dir, base } of targets) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const isTemp = base ? isTempFile(name, base) : /\.jsonl\.tmp-/.test(name);
      if (!isTemp) continue;
      logger.warn({ file: path.join(dir, name) }, 'removing a temp file left by an interrupted write');
      await unlink(path.join(dir, name)).catch(() => {});
    }
  }
}
