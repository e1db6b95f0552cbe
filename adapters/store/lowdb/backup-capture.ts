import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BatonError, errorMessage } from '../../../src/errors.js';
import { type DataPaths, errnoOf } from './files.js';
import { listJournalGens } from './journal-files.js';

/** One store file held open, and how much of it belongs to the copy. */
export interface HeldFile {
  name: string;
  fh: FileHandle;
  /** Its size when it was captured: bytes appended later belong to a later copy. */
  size: number;
}

/**
 * The store's files at one moment, held by open descriptors: a snapshot
 * replaced by rename, a journal retired by unlink, a history file rewritten
 * by rename all stay readable through them, so the copy can take its time.
 */
export interface Capture {
  snapshot: HeldFile | undefined;
  history: HeldFile[];
  journals: Array<HeldFile & { gen: number }>;
  close(): Promise<void>;
}

export interface CaptureHooks {
  /** Runs between opening the snapshot and the rest: lets a test make a snapshot happen right there. */
  afterSnapshotOpened?: () => Promise<void>;
}

/**
 * Opens every store file in the order recovery tolerates (see backupLowdb),
 * or undefined when the Baton wrote a new snapshot meanwhile: it may have
 * retired journal entries after the snapshot held here, so the files held do
 * not fit together. Only opens and stats happen in this window, never a copy,
 * so a Baton snapshotting every few commits rarely lands in it.
 */
export async function captureFiles(paths: DataPaths, hooks: CaptureHooks = {}): Promise<Capture | undefined> {
  const held: FileHandle[] = [];
  const close = async () => {
    await Promise.all(held.map((fh) => fh.close().catch(() => {})));
  };
  const hold = async (file: string, name: string): Promise<HeldFile | undefined> => {
    const fh = await openIfExists(file);
    if (!fh) return undefined;
    held.push(fh);
    return { name, fh, size: 0 };
  };
  try {
    const snapshot = await hold(paths.file, 'snapshot');
    const snapshotId = snapshot ? await snapshot.fh.stat() : undefined;
    if (snapshot && snapshotId) snapshot.size = snapshotId.size;
    await hooks.afterSnapshotOpened?.();

    // Sizes fixed before any journal's: every history line copied then belongs to a journal entry copied.
    const names = (await readdir(paths.historyDir).catch(() => [] as string[]))
      .filter((n) => /^\d{2}\.jsonl$/.test(n))
      .sort();
    const history = (
      await settled(
        names.map(async (n) => {
          const h = await hold(path.join(paths.historyDir, n), `history/${n}`);
          if (h) h.size = (await h.fh.stat()).size;
          return h;
        }),
      )
    ).filter((h): h is HeldFile => h !== undefined);

    const gens = await listJournalGens(paths);
    const opened = await settled(
      gens.map(async (gen) => {
        const j = await hold(paths.journal(gen), `journal.${String(gen).padStart(6, '0')}`);
        return j && { ...j, gen };
      }),
    );
    // Retired by a snapshot since it was listed.
    if (opened.some((j) => j === undefined)) return void (await close());
    const journals = opened as Array<HeldFile & { gen: number }>;
    // Newest first: a journal file is written only once the one before it is complete, so sized in this
    // order the older ones hold everything up to where the newer ones start.
    for (const j of [...journals].reverse()) j.size = (await j.fh.stat()).size;

    const now = await stat(paths.file).catch((err) => {
      if (errnoOf(err) === 'ENOENT') return undefined;
      throw cannotRead(paths.file, err);
    });
    const same =
      now && snapshotId ? now.ino === snapshotId.ino && now.dev === snapshotId.dev : !now && !snapshotId;
    if (!same) return void (await close());
    return { snapshot, history, journals, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Promise.all that lets every open finish first, so that none is still in flight (and unheld) when it throws. */
async function settled<T>(pending: Array<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(pending);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

async function openIfExists(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, 'r');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw cannotRead(file, err);
  }
}

const cannotRead = (file: string, err: unknown): BatonError =>
  new BatonError('BACKUP_FAILED', `Cannot read ${file}: ${errorMessage(err)}. Check its permissions.`);
