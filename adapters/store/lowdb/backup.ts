import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BatonError, errorMessage } from '../../../src/errors.js';
import { type BackupTrailer, BackupWriter } from './backup-format.js';
import { type DataPaths, dataPaths, errnoOf, FILE_MODE, fsyncDir } from './files.js';
import { listJournalGens } from './journal-files.js';

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
 * history (readers drop repeats), as after a crash. The one race, a snapshot
 * that retires the journals between 1 and 3, shows as entries missing after
 * S; the copy is then taken again.
 */
export async function backupLowdb(dataFile: string, target: string, now: Date): Promise<BackupTrailer> {
  const paths = dataPaths(dataFile);
  const tmp = path.join(
    path.dirname(path.resolve(target)),
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  let out = await open(tmp, 'wx', FILE_MODE);
  try {
    for (let attempt = 1; ; attempt++) {
      const trailer = await copyOnce(paths, out, now);
      if (trailer) {
        await out.sync();
        await out.close();
        await rename(tmp, target);
        await fsyncDir(path.dirname(path.resolve(target)));
        return trailer;
      }
      if (attempt >= ATTEMPTS)
        throw new BatonError(
          'BACKUP_BUSY',
          `The Baton writing ${paths.file} folded its journal into a new snapshot during each of ${ATTEMPTS} copies. ` +
            'Run baton backup again at a quieter moment.',
        );
      // From the start again, in a file emptied by reopening (writes go on at the handle's position).
      await out.close();
      out = await open(tmp, 'w', FILE_MODE);
    }
  } catch (err) {
    await out.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** One attempt; undefined when a snapshot retired journal files meanwhile. */
async function copyOnce(paths: DataPaths, out: FileHandle, now: Date): Promise<BackupTrailer | undefined> {
  const writer = new BackupWriter(out);
  await writer.header(paths.file, now.toISOString());
  const snapshot = await openIfExists(paths.file);
  let snapshotSeq = 0;
  if (snapshot) {
    try {
      const size = (await snapshot.stat()).size;
      snapshotSeq = await seqOf(paths.file, snapshot);
      await writer.file('snapshot', snapshot, size);
    } finally {
      await snapshot.close();
    }
  }
  if (!snapshot && !(await hasJournal(paths)))
    throw new BatonError(
      'BACKUP_NOTHING',
      `There is no Baton data at ${paths.file} (no data file, no journal). Check BATON_DATA_FILE.`,
    );

  const names = (await readdir(paths.historyDir).catch(() => [] as string[]))
    .filter((n) => /^\d{2}\.jsonl$/.test(n))
    .sort();
  for (const name of names) {
    const fh = await openIfExists(path.join(paths.historyDir, name));
    if (!fh) continue;
    try {
      await writer.file(`history/${name}`, fh, await wholeLines(fh));
    } finally {
      await fh.close();
    }
  }

  let expected = snapshotSeq + 1;
  for (const gen of await listJournalGens(paths)) {
    const fh = await openIfExists(paths.journal(gen));
    // Retired by a snapshot since it was listed: the journal copied so far may miss entries.
    if (!fh) return undefined;
    let data: Buffer;
    try {
      data = await fh.readFile();
    } finally {
      await fh.close();
    }
    const whole = data.subarray(0, data.lastIndexOf(0x0a) + 1);
    for (const seq of seqsOf(whole)) {
      if (seq < expected) continue;
      if (seq > expected) return undefined;
      expected++;
    }
    await writer.bytes(`journal.${String(gen).padStart(6, '0')}`, whole);
  }
  return writer.end(snapshotSeq, expected - 1);
}

async function openIfExists(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, 'r');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw new BatonError(
      'BACKUP_FAILED',
      `Cannot read ${file}: ${errorMessage(err)}. Check its permissions.`,
    );
  }
}

async function hasJournal(paths: DataPaths): Promise<boolean> {
  return (await listJournalGens(paths)).length > 0;
}

/** The length of the file up to its last newline: a line being appended now belongs to a later copy. */
async function wholeLines(fh: FileHandle): Promise<number> {
  let end = (await fh.stat()).size;
  const buf = Buffer.alloc(64 * 1024);
  while (end > 0) {
    const start = Math.max(0, end - buf.length);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl >= 0) return start + nl + 1;
    end = start;
  }
  return 0;
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
