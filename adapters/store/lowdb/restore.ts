import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BatonError } from '../../../src/errors.js';
import { readBackup } from './backup-format.js';
import { dataPaths, errnoOf, FILE_MODE, fsyncDir, writeAll } from './files.js';
import { HistoryFiles } from './history-files.js';
import { listJournalGens } from './journal-files.js';
import { acquireLock } from './lock.js';
import type { StoreLogger } from './logger.js';
import { recover } from './recover.js';

export interface RestoreResult {
  createdAt: string;
  lastSeq: number;
  customers: number;
  handoffs: number;
}

/**
 * Puts a `baton backup` file back as the data file `dataFile`, holding the
 * file's lock throughout (so no Baton starts on it meanwhile, and none may be
 * running). Everything is unpacked beside the data file and opened there
 * first; only a backup that unpacks whole, matches its digests and replays
 * replaces anything. Existing data is replaced only with `force`.
 */
export async function restoreLowdb(
  backupFile: string,
  dataFile: string,
  opts: { force: boolean },
  logger: StoreLogger,
): Promise<RestoreResult> {
  const paths = dataPaths(dataFile);
  await mkdir(paths.dir, { recursive: true });
  const release = await acquireLock(paths.lock, paths.file, logger).catch((err) => {
    if (err instanceof BatonError && err.code === 'DATA_FILE_LOCKED')
      throw new BatonError(
        'RESTORE_LOCKED',
        `A Baton is running on ${paths.file} (its lock ${paths.lock} is held). Stop Baton first, then run baton restore again.`,
        err.details,
      );
    throw err;
  });
  const staging = path.join(
    paths.dir,
    `.${path.basename(paths.file)}.restore-${randomBytes(4).toString('hex')}`,
  );
  try {
    if (!opts.force && (await hasData(paths)))
      throw new BatonError(
        'RESTORE_WOULD_OVERWRITE',
        `There is already Baton data at ${paths.file}. Restoring would replace it: add --force to do so ` +
          '(take a backup of it first), or point BATON_DATA_FILE at a new location.',
        { file: paths.file },
      );
    const staged = dataPaths(path.join(staging, path.basename(paths.file)));
    await mkdir(staged.historyDir, { recursive: true, mode: 0o700 });
    const fh = await open(backupFile, 'r').catch((err) => {
      throw new BatonError(
        'BACKUP_UNREADABLE',
        `Cannot read the backup ${backupFile}: ${(err as Error).message}. Check the path and its permissions.`,
      );
    });
    let read: Awaited<ReturnType<typeof readBackup>>;
    try {
      read = await readBackup(backupFile, fh, async (name, chunks) => {
        const target =
          name === 'snapshot'
            ? staged.file
            : name.startsWith('journal.')
              ? path.join(staging, `${staged.journalPrefix}${name.slice('journal.'.length)}`)
              : path.join(staged.historyDir, name.slice('history/'.length));
        const out = await open(target, 'wx', FILE_MODE);
        try {
          for await (const chunk of chunks) await writeAll(out, chunk);
          await out.sync();
        } finally {
          await out.close();
        }
      });
    } finally {
      await fh.close();
    }
    // Opened as Baton would open it (read-only): a backup that does not replay is refused here.
    const opened = await recover(staged, new HistoryFiles(staged.historyDir, logger), logger, {
      readOnly: true,
    });
    const stats = opened.state.stats();
    await install(paths, staged, staging);
    return {
      createdAt: read.createdAt,
      lastSeq: opened.lastSeq,
      customers: stats.customers,
      handoffs: stats.handoffs,
    };
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    await release();
  }
}

async function hasData(paths: ReturnType<typeof dataPaths>): Promise<boolean> {
  const exists = await stat(paths.file).then(
    () => true,
    (err) => errnoOf(err) !== 'ENOENT',
  );
  if (exists) return true;
  if ((await listJournalGens(paths)).length > 0) return true;
  const history = await readdir(paths.historyDir).catch(() => [] as string[]);
  return history.some((n) => n.endsWith('.jsonl'));
}

/**
 * The old files out, the staged ones in, by rename in one folder. The old
 * journals go first: a journal left beside the restored snapshot would be
 * replayed over it. The snapshot comes last, so a crash half-way leaves
 * staged files (and the lock, taken over at the next start) but never the old
 * snapshot with the new journals unnoticed: recovery refuses a journal gap.
 */
async function install(
  paths: ReturnType<typeof dataPaths>,
  staged: ReturnType<typeof dataPaths>,
  staging: string,
): Promise<void> {
  for (const gen of await listJournalGens(paths)) await unlink(paths.journal(gen));
  const replaced = path.join(staging, 'replaced-history');
  await rename(paths.historyDir, replaced).catch((err) => {
    if (errnoOf(err) !== 'ENOENT') throw err;
  });
  await rename(staged.historyDir, paths.historyDir);
  for (const gen of await listJournalGens(staged)) await rename(staged.journal(gen), paths.journal(gen));
  const snapshot = await stat(staged.file).then(
    () => true,
    () => false,
  );
  if (snapshot) await rename(staged.file, paths.file);
  else await unlink(paths.file).catch(() => {});
  await fsyncDir(paths.dir);
}
