import { stat } from 'node:fs/promises';
import type { Low } from 'lowdb';
import type { Clock } from '../../../src/clock.js';
import { errorMessage } from '../../../src/errors.js';
import { RETENTION_MS } from '../../../src/scheduler/retention.js';
import type { HotState } from '../memory/state.js';
import type { DataPaths } from './files.js';
import type { HistoryWriter } from './history-writer.js';
import type { JournalWriter } from './journal.js';
import { deleteJournalsBefore } from './journal-files.js';
import type { StoreLogger } from './logger.js';
import { emptySnapshot, SNAPSHOT_FORMAT, type SnapshotDoc } from './snapshot.js';

interface Deps {
  state: HotState;
  db: Low<SnapshotDoc>;
  journal: JournalWriter;
  writer: HistoryWriter;
  paths: DataPaths;
  clock: Clock;
  logger: StoreLogger;
  snapshotSeq: number;
  every: number;
  atBytes: number;
  /** The data file's size at open: what the next snapshot is expected to cost. */
  snapshotBytes: number;
  failed(): Error | undefined;
}

/**
 * Folds the journal into a new snapshot of the data file, so start-up
 * replays little and the journal stays small. Commits go on meanwhile: the
 * journal is rotated and the hot set captured in one synchronous step, and
 * the snapshot is written from that capture in the background.
 */
export class Compactor {
  private sinceSnapshot = 0;
  private snapshotSeq: number;
  private snapshotBytes: number;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly d: Deps) {
    this.snapshotSeq = d.snapshotSeq;
    this.snapshotBytes = d.snapshotBytes;
  }

  committed(): void {
    this.sinceSnapshot++;
    // A snapshot rewrites all the data: it waits until the journal holds at least half as much,
    // so a big file is not rewritten every `every` commits (each 124 MB rewrite held the event
    // loop for seconds, several times in one CRM burst). A start replays at most that half.
    const bytes = this.d.journal.bytesInGen;
    const due =
      bytes >= this.d.atBytes || (this.sinceSnapshot >= this.d.every && bytes >= this.snapshotBytes / 2);
    if (due && !this.running) this.background();
  }

  /** Shortly after start-up, once the first requests are served. */
  soon(): void {
    this.timer = setTimeout(() => this.background(), 1000);
    this.timer.unref();
  }

  /** A snapshot now (after any in progress), if anything changed since the last one. */
  run(): Promise<void> {
    const next = (this.running ?? Promise.resolve()).catch(() => {}).then(() => this.once());
    this.running = next;
    const clear = () => {
      if (this.running === next) this.running = undefined;
    };
    next.then(clear, clear);
    return next;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.closed = true;
    await this.run().catch((err) => {
      this.d.logger.warn(
        { file: this.d.paths.file, err: errorMessage(err) },
        'no snapshot at close; the journal keeps every change',
      );
    });
  }

  private background(): void {
    if (this.closed) return;
    this.run().catch((err) => {
      this.d.logger.warn(
        { file: this.d.paths.file, err: errorMessage(err) },
        'snapshot failed; the journal keeps every change',
      );
    });
  }

  private async once(): Promise<void> {
    const { state, db, journal, writer, paths, clock, logger } = this.d;
    const failure = this.d.failed();
    if (failure) throw failure;
    if (journal.lastSeq === this.snapshotSeq) return;
    const started = performance.now();

    // One synchronous step: the capture is exactly the state after entry `seq`.
    const now = clock.now();
    const cutoff = new Date(now.getTime() - RETENTION_MS);
    state.prune(cutoff);
    // Journaled too, so that a replay prunes at the same point as this process did.
    const seq = journal.append({ at: now.toISOString(), prune: cutoff.toISOString() });
    const historySynced = writer.syncThrough(seq);
    // Awaited below; if the journal fails first, that error is the one reported.
    historySynced.catch(() => {});
    const gen = journal.rotate();
    const data = state.toData();
    this.sinceSnapshot = 0;

    await journal.durable(seq);
    // Once the snapshot says `seq`, nothing replays the journal up to it: its history must be on disk first.
    await historySynced;
    db.data = { format: SNAPSHOT_FORMAT, seq, savedAt: now.toISOString(), ...data };
    try {
      await db.write();
    } finally {
      db.data = emptySnapshot(seq);
    }
    this.snapshotSeq = seq;
    this.snapshotBytes = await stat(paths.file).then(
      (st) => st.size,
      () => this.snapshotBytes,
    );
    await deleteJournalsBefore(paths, gen);
    logger.info(
      {
        file: paths.file,
        seq,
        customers: data.customers.length,
        handoffs: data.handoffs.length,
        ms: Math.round(performance.now() - started),
      },
      'snapshot written',
    );
  }
}
