import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { errorMessage } from '../../../src/errors.js';
import { HotState } from '../memory/state.js';
import { type DataPaths, isTempFile } from './files.js';
import type { HistoryFiles } from './history-files.js';
import { type HistoryLine, historyLines } from './history-lines.js';
import {
  corruptLine,
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
  opts: { readOnly?: boolean } = {},
): Promise<Recovered> {
  const db = new Low<SnapshotDoc>(new SnapshotAdapter(paths.file, undefined, true), emptySnapshot());
  await db.read();
  const snapshotSeq = db.data.seq;
  // Indexes later (`warmUp`, or the first read that needs them): records by id are enough to answer.
  const state = new HotState(db.data, { deferIndexes: true, shareValues: true });
  // HotState holds the records now; the parsed document need not stay alive.
  db.data = emptySnapshot(snapshotSeq);

  const gens = await listJournalGens(paths);
  const journals: JournalFile[] = [];
  // History to write once every file checked out: entries to append, or a customer to erase.
  const historyOps: Array<HistoryLine[] | string> = [];
  let lastSeq = snapshotSeq;
  let replayed = 0;
  for (const gen of gens) {
    const journal = await readJournalFile(paths.journal(gen));
    journal.entries.forEach((e, index) => {
      if (e.seq <= lastSeq) return;
      if (e.seq > lastSeq + 1) throw missingEntries(journal.file, lastSeq + 1, e.seq);
      try {
        if (e.prune) state.prune(new Date(e.prune));
        if (e.change) {
          historyOps.push(historyLines(state.apply(e.change).history));
          historyOps.push(...(e.change.eraseHistoryOf ?? []));
        }
      } catch (err) {
        throw corruptLine(journal.file, index + 1, `its change cannot be applied (${errorMessage(err)})`);
      }
      lastSeq = e.seq;
      replayed++;
    });
    journals.push(journal);
  }

  // A reader next to a running Baton touches nothing: the torn tail may be a write in progress.
  if (opts.readOnly) {
    return { db, state, snapshotSeq, lastSeq, nextGen: (gens[gens.length - 1] ?? 0) + 1, replayed };
  }
  for (const journal of journals) await cutTornTail(journal, logger);
  await removeTempFiles(paths, logger);
  await history.open();
  // History of entries after the snapshot may already be in the files: readers drop repeats.
  let pending: HistoryLine[] = [];
  for (const op of historyOps) {
    if (typeof op !== 'string') {
      for (const line of op) pending.push(line);
      continue;
    }
    await history.append(pending);
    pending = [];
    await history.erase(op);
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
