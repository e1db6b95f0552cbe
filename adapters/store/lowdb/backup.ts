import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BatonError } from '../../../src/errors.js';
import { type Capture, type CaptureHooks, captureFiles } from './backup-capture.js';
import { type BackupTrailer, BackupWriter } from './backup-format.js';
import { type DataPaths, dataPaths, FILE_MODE, fsyncDir, wholeLines } from './files.js';
import { missingEntries } from './journal-files.js';

const ATTEMPTS = 8;

/**
 * A consistent copy of a lowdb store while its Baton keeps writing, taken
 * without its lock and without its help, in the order recovery tolerates:
 *
 * 1. the snapshot (replaced only by rename, so one open file is one
 *    snapshot, at journal entry S);
 * 2. the history files, each up to its last whole line: everything of
 *    entries up to S is in them (a snapshot is written only once the history
 *    it folds in is fsynced), and perhaps some of later entries;
 * 3. the journal files, up to their last whole line (a cut line was never
 *    confirmed): history is appended only after its journal entry is on
 *    disk, so every history line copied in 2 belongs to an entry copied
 *    here, and the copy is the store as of the last entry J.
 *
 * Restored, recovery replays S+1..J over the snapshot and re-appends their
 * history (readers drop repeats), as after a crash. The one race is a new
 * snapshot that retires journals between 1 and 3. So the files are first
 * only opened, in that order, and their sizes noted (a few system calls),
 * and that is done again when the data file was replaced meanwhile; the
 * copying comes afterwards, through the open descriptors, which keep even a
 * retired file readable. Copying inside the window instead made a busy
 * Baton's snapshots overlap every attempt on a loaded machine. The data file
 * replaced is the sign, not a gap in the journal: when no entry was written
 * since that snapshot, its retired entries leave no gap to see.
 */
export async function backupLowdb(
  dataFile: string,
  target: string,
  now: Date,
  hooks: CaptureHooks = {},
): Promise<BackupTrailer> {
  const paths = dataPaths(dataFile);
  const { capture, journal } = await captureConsistent(paths, hooks);
  try {
    if (!capture.snapshot && capture.journals.length === 0)
      throw new BatonError(
        'BACKUP_NOTHING',
        `There is no Baton data at ${paths.file} (no data file, no journal). Check BATON_DATA_FILE.`,
      );
    return await writeBackup(paths, target, now, capture, journal);
  } finally {
    await capture.close();
  }
}

interface Journal {
  snapshotSeq: number;
  lastSeq: number;
  /** Each held journal file up to its last whole line. */
  files: Array<{ name: string; data: Buffer }>;
}

/** Captures until the files held fit together: no new snapshot meanwhile, no entry missing after S. */
async function captureConsistent(
  paths: DataPaths,
  hooks: CaptureHooks,
): Promise<{ capture: Capture; journal: Journal }> {
  let hole: BatonError | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const capture = await captureFiles(paths, hooks);
    if (!capture) {
      hole = undefined;
      continue;
    }
    let journal: Journal | BatonError;
    try {
      journal = await readJournals(paths, capture);
    } catch (err) {
      await capture.close();
      throw err;
    }
    if (!(journal instanceof BatonError)) return { capture, journal };
    // Not seen to happen without a new snapshot; taken again all the same before calling the store damaged.
    hole = journal;
    await capture.close();
  }
  throw (
    hole ??
    new BatonError(
      'BACKUP_BUSY',
      `The Baton writing ${paths.file} wrote a new snapshot while each of ${ATTEMPTS} backups opened its files. ` +
        'Run baton backup again at a quieter moment.',
    )
  );
}

/** The held journals, and the entries they hold after the snapshot's; an error when one is missing. */
async function readJournals(paths: DataPaths, capture: Capture): Promise<Journal | BatonError> {
  const snapshotSeq = capture.snapshot ? await seqOf(paths.file, capture.snapshot.fh) : 0;
  let expected = snapshotSeq + 1;
  const files: Journal['files'] = [];
  for (const j of capture.journals) {
    const data = await readPrefix(j.fh, j.size);
    const whole = data.subarray(0, data.lastIndexOf(0x0a) + 1);
    for (const seq of seqsOf(whole)) {
      if (seq < expected) continue;
      if (seq > expected) return missingEntries(paths.journal(j.gen), expected, seq);
      expected++;
    }
    files.push({ name: j.name, data: whole });
  }
  return { snapshotSeq, lastSeq: expected - 1, files };
}

async function writeBackup(
  paths: DataPaths,
  target: string,
  now: Date,
  capture: Capture,
  journal: Journal,
): Promise<BackupTrailer> {
  const tmp = path.join(
    path.dirname(path.resolve(target)),
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const out = await open(tmp, 'wx', FILE_MODE);
  try {
    const writer = new BackupWriter(out);
    await writer.header(paths.file, now.toISOString());
    if (capture.snapshot) await writer.file('snapshot', capture.snapshot.fh, capture.snapshot.size);
    for (const h of capture.history) await writer.file(h.name, h.fh, await wholeLines(h.fh, h.size));
    for (const j of journal.files) await writer.bytes(j.name, j.data);
    const trailer = await writer.end(journal.snapshotSeq, journal.lastSeq);
    await out.sync();
    await out.close();
    await rename(tmp, target);
    await fsyncDir(path.dirname(path.resolve(target)));
    return trailer;
  } catch (err) {
    await out.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** The first `size` bytes of a held file. */
async function readPrefix(fh: FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await fh.read(buf, done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** The snapshot's journal entry, from its first line (Baton's own layout) or the whole JSON (a hand-edited file). */
async function seqOf(file: string, fh: FileHandle): Promise<number> {
  const buf = Buffer.alloc(4096);
  const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
  const m = /^\{"format":"[^"]*","seq":(\d+),/.exec(buf.toString('utf8', 0, bytesRead));
  if (m) return Number(m[1]);
  try {
    const doc = JSON.parse((await fh.readFile()).toString('utf8')) as { seq?: unknown };
    if (typeof doc.seq === 'number') return doc.seq;
  } catch {
    // Reported below.
  }
  throw new BatonError(
    'DATA_FILE_CORRUPT',
    `The data file ${file} has no journal position ("seq"); a backup of it could not be restored. Run baton check.`,
    { file },
  );
}

/** Journal sequence numbers, from the start of each line (`{"seq":12,...`), without parsing the changes. */
function* seqsOf(journal: Buffer): Generator<number> {
  let at = 0;
  while (at < journal.length) {
    const nl = journal.indexOf(0x0a, at);
    const line = journal.toString('utf8', at, Math.min(at + 40, nl < 0 ? journal.length : nl));
    const m = /^\{"seq":(\d+)/.exec(line);
    if (m) yield Number(m[1]);
    if (nl < 0) return;
    at = nl + 1;
  }
}
