import { mkdir, stat } from 'node:fs/promises';
import type { Clock } from '../../../src/clock.js';
import { systemClock } from '../../../src/clock.js';
import type { Handoff } from '../../../src/domain/types.js';
import { BatonError, errorMessage } from '../../../src/errors.js';
import type { ChangeSet, CommitResult, Store } from '../../../src/store/store.js';
import { hotHandoffs, hotReads } from '../memory/hot-reads.js';
import { markSendingThrough } from '../memory/mark-sending.js';
import { settleClaimsThrough } from '../memory/settle-claims.js';
import { AuditIndex } from './audit-index.js';
import { scanFileAudit } from './audit-page.js';
import { Compactor } from './compactor.js';
import { dataPaths } from './files.js';
import { HistoryFiles } from './history-files.js';
import { historyLines } from './history-lines.js';
import { HistoryWriter } from './history-writer.js';
import { JournalWriter } from './journal.js';
import { acquireLock } from './lock.js';
import { defaultStoreLogger, type StoreLogger } from './logger.js';
import { prepareChange } from './prepare-change.js';
import { recover } from './recover.js';

export interface LowdbStoreOptions {
  /** The data file (the snapshot); journal, history and lock files sit beside it. */
  file: string;
  clock?: Clock;
  logger?: StoreLogger;
  /** Commits between snapshots. */
  compactEvery?: number;
  /** Journal size that triggers a snapshot early. */
  compactAtBytes?: number;
}

/** How long a slice of `warmUp` indexes for, and the records it indexes between looks at the clock. */
const WARM_UP_SLICE_MS = 8;
const WARM_UP_STEP = 250;

export type LowdbStore = Store & { compact(): Promise<void> };

/**
 * The default store: one local JSON data file, written through lowdb, plus
 * an append-only journal that makes each commit durable with one small
 * write, and per-customer history files. lowdb's own file adapter rewrites
 * the whole file on every write (445 ms at 100k records, the event loop
 * blocked), so here lowdb only writes snapshots of the hot set, in the
 * background, every few thousand commits.
 */
export async function openLowdbStore(opts: LowdbStoreOptions): Promise<LowdbStore> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? defaultStoreLogger;
  const paths = dataPaths(opts.file);
  await mkdir(paths.dir, { recursive: true });
  const release = await acquireLock(paths.lock, paths.file, logger);
  // This store holds the lock: no one else appends, so line offsets can be kept in memory.
  const files = new HistoryFiles(paths.historyDir, logger, true);
  let recovered: Awaited<ReturnType<typeof recover>>;
  try {
    recovered = await recover(paths, files, logger);
  } catch (err) {
    await files.close().catch(() => {});
    await release();
    throw err;
  }
  const { state, db } = recovered;
  // The lock is ours: a lease on disk is a dead process's (a post may be in doubt: `sendingSince`).
  const released = state.releaseDeliveryLeases();
  if (released > 0)
    logger.info(
      { file: paths.file, deliveries: released },
      'took over deliveries a stopped process had claimed',
    );

  let failure: Error | undefined;
  let closing = false;
  const onFailure = (err: Error) => {
    if (!failure)
      logger.warn({ file: paths.file, err: err.message }, 'the data file store stopped taking changes');
    failure ??= err;
  };
  const journal = new JournalWriter(paths.journal, recovered.nextGen, recovered.lastSeq, onFailure);
  const writer = new HistoryWriter(files, (seq) => journal.durable(seq), recovered.lastSeq, onFailure);
  const compactor = new Compactor({
    state,
    db,
    journal,
    writer,
    paths,
    clock,
    logger,
    snapshotSeq: recovered.snapshotSeq,
    every: opts.compactEvery ?? 5000,
    atBytes: opts.compactAtBytes ?? 64 * 1024 * 1024,
    snapshotBytes: await stat(paths.file).then(
      (st) => st.size,
      () => 0,
    ),
    failed: () => failure,
  });
  // A start after a crash replays the journal; folding it in soon keeps the next start quick.
  if (recovered.replayed > 0) compactor.soon();

  let closed: Promise<void> | undefined;
  const shutDown = async () => {
    closing = true;
    try {
      await compactor.close();
    } finally {
      await writer.caughtUp().catch(() => {});
      await journal.close().catch(() => {});
      await files.close().catch(() => {});
      await release();
    }
  };

  const writable = () => {
    if (failure) throw failure;
    if (closing) {
      throw new BatonError(
        'STORE_CLOSED',
        `The data file store for ${paths.file} is closed; open it again to write.`,
      );
    }
  };

  const commit = async (change: ChangeSet): Promise<CommitResult> => {
    writable();
    const { copy, json, lines } = prepareChange(change);
    const verdict = state.validate(copy);
    if (!verdict.ok) {
      // Whoever won must be on disk before anyone is told they lost to it.
      await journal.settled();
      return verdict;
    }
    const { applied, history } = state.apply(copy);
    // The journal takes the text already made, unless applying dropped a duplicate delivery
    // or kept an erased delivery's message in place of the one this change carried.
    const unchanged =
      (applied.deliveries?.length ?? 0) === (copy.deliveries?.length ?? 0) &&
      (applied.deliveries ?? []).every((d, i) => d === copy.deliveries?.[i]);
    const text = unchanged ? json : prepareChange({ ...change, deliveries: applied.deliveries ?? [] }).json;
    const seq = journal.append({ at: clock.now().toISOString() }, text);
    writer.enqueue(
      seq,
      history.length > 0 ? [...historyLines(history), ...lines] : lines,
      applied.eraseHistoryOf ?? [],
    );
    await journal.durable(seq);
    if (applied.eraseHistoryOf?.length || applied.erasures?.length) {
      await purgeErased();
      return { ok: true };
    }
    compactor.committed();
    return { ok: true };
  };

  /**
   * The journal still holds the erased data as it was first written (a
   * contact's phone, a webhook payload, a decline reason), and a compaction may
   * be thousands of commits away. A snapshot now writes the erased state and
   * deletes those journal files, so an erasure is only confirmed once no file
   * under the data directory holds what it erased.
   */
  const purgeErased = async (): Promise<void> => {
    try {
      await compactor.run();
    } catch (err) {
      throw new BatonError(
        'ERASURE_INCOMPLETE',
        `The erasure is saved in ${paths.file}, but the older journal files that still hold the erased ` +
          `data could not be replaced (${errorMessage(err)}). Fix the disk (space, permissions) and run ` +
          'the forget command again: it finishes the job.',
      );
    }
  };

  // Built on the first audit page, not at start-up.
  const auditIndex = new AuditIndex(
    (b) => files.fileOf(b),
    (b) => files.rewritesOf(b),
  );

  const closedHandoff = async (id: string): Promise<Handoff | undefined> => {
    const customerId = state.closedHandoffCustomer(id);
    if (customerId === undefined) return undefined;
    await writer.caughtUpFor(customerId);
    const entries = await files.read(customerId);
    const found = entries.findLast((e) => e.kind === 'handoff' && e.entry.id === id);
    return found?.kind === 'handoff' ? found.entry : undefined;
  };

  return {
    kind: 'lowdb',
    ...hotReads(state),
    getHandoff: async (id) => state.getHandoff(id) ?? closedHandoff(id),
    getHandoffs: (ids) => hotHandoffs(state, ids, closedHandoff),
    scanAudit: async (q) => {
      await writer.caughtUp();
      return scanFileAudit(files, auditIndex, q);
    },
    history: async (customerId, opts) => {
      await writer.caughtUpFor(customerId);
      const list = await files.read(customerId);
      return opts?.limit === undefined ? list : list.slice(-opts.limit);
    },
    commit,
    markDeliveriesSending: markSendingThrough(state, commit),
    settleClaims: settleClaimsThrough(state, commit),
    claimDueFollowUps: async (now, o) => state.claimDueFollowUps(now, o),
    claimDeliveries: async (now, o) => state.claimDeliveries(now, o),
    claimInbound: async (now, o) => state.claimInbound(now, o),
    renewDeliveryLeases: async (ids, now, o) => state.renewDeliveryLeases(ids, now, o),
    deliverNotYetNow: async (platform, now) => state.deliverNotYetNow(platform, now),
    // Journaled, so that a replay prunes at the same point as this process did.
    prune: async (before) => {
      writable();
      const counts = state.prune(before);
      const seq = journal.append({ at: clock.now().toISOString(), prune: before.toISOString() });
      writer.enqueue(seq, []);
      await journal.durable(seq);
      return counts;
    },
    ready: async () => !failure && !closing,
    warmUp: async () => {
      // Slices of a few milliseconds by the clock, not by a count: 5,000 records took 40-50 ms a
      // slice on a busy machine. The event loop is free between them.
      let started = performance.now();
      while (!closing && !state.indexSome(WARM_UP_STEP)) {
        if (performance.now() - started < WARM_UP_SLICE_MS) continue;
        await new Promise((r) => setImmediate(r));
        started = performance.now();
      }
    },
    compact: async () => {
      writable();
      await compactor.run();
    },
    close: () => {
      closed ??= shutDown();
      return closed;
    },
  };
}
