import { randomUUID } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { BatonError } from '../../../src/errors.js';
import { errnoOf, FILE_MODE, writeAll } from './files.js';
import type { StoreLogger } from './logger.js';

interface LockOwner {
  pid: number;
  hostname: string;
  /** Tells two opens in one process apart, so one never releases the other's lock. */
  token?: string;
  startedAt?: string;
}

/**
 * One process per data file: two writers would interleave journal lines and
 * overwrite each other's snapshots. The lock file is created exclusively and
 * names its owner, so a lock left by a crashed process (kill -9, power loss)
 * is recognised and taken over instead of blocking the next start forever.
 */
export async function acquireLock(
  lockPath: string,
  dataFile: string,
  logger: StoreLogger,
): Promise<() => Promise<void>> {
  const me: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    token: randomUUID(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(lockPath, 'wx', FILE_MODE);
      try {
        await writeAll(fh, `${JSON.stringify(me)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return () => releaseLock(lockPath, me.token);
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST') {
        throw new BatonError(
          'DATA_FILE_UNREADABLE',
          `Cannot create the lock file ${lockPath}: ${(err as Error).message}. Check that the folder exists and is writable by this user.`,
        );
      }
    }
    const owner = await readOwner(lockPath);
    if (owner && isAlive(owner)) {
      const where = owner.hostname === me.hostname ? '' : ` on host ${owner.hostname}`;
      throw new BatonError(
        'DATA_FILE_LOCKED',
        `The data file ${dataFile} is in use by another Baton process (pid ${owner.pid}${where}). ` +
          `Stop that process first, or point BATON_DATA_FILE at another file. If no Baton is running, delete ${lockPath}.`,
        { file: dataFile, lock: lockPath, pid: owner.pid, hostname: owner.hostname },
      );
    }
    logger.warn(
      { lock: lockPath, stalePid: owner?.pid, staleHost: owner?.hostname },
      'taking over a stale data file lock left by a process that is no longer running',
    );
    await unlink(lockPath).catch((err) => {
      if (errnoOf(err) !== 'ENOENT') throw err;
    });
  }
  throw new BatonError(
    'DATA_FILE_LOCKED',
    `Another process keeps taking the lock ${lockPath} on ${dataFile}. Make sure only one Baton uses this data file.`,
  );
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number') {
      const host = 'hostname' in parsed && typeof parsed.hostname === 'string' ? parsed.hostname : '';
      const token = 'token' in parsed && typeof parsed.token === 'string' ? parsed.token : undefined;
      return { pid: parsed.pid, hostname: host, token };
    }
  } catch {
    // Empty or torn: its writer died between creating and filling it.
  }
  return undefined;
}

/**
 * A process on another host cannot be checked from here, so it counts as
 * alive: refusing to start is recoverable, two writers on one file are not.
 */
function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return errnoOf(err) === 'EPERM';
  }
}

async function releaseLock(lockPath: string, token: string | undefined): Promise<void> {
  const owner = await readOwner(lockPath);
  // Only our own lock: if it was taken over meanwhile, it is no longer ours to remove.
  if (owner?.token === token) await unlink(lockPath).catch(() => {});
}
