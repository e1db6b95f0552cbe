import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** The files that make up one lowdb data file, all beside it. */
export interface DataPaths {
  file: string;
  dir: string;
  lock: string;
  historyDir: string;
  journalPrefix: string;
  journal(gen: number): string;
}

export function dataPaths(file: string): DataPaths {
  const resolved = path.resolve(file);
  const journalPrefix = `${path.basename(resolved)}.journal.`;
  return {
    file: resolved,
    dir: path.dirname(resolved),
    lock: `${resolved}.lock`,
    historyDir: `${resolved}.history`,
    journalPrefix,
    // Zero-padded so that a directory listing sorts in replay order.
    journal: (gen) => path.join(path.dirname(resolved), `${journalPrefix}${String(gen).padStart(6, '0')}`),
  };
}

/** Personal data lives in these files: readable by the service user only. */
export const FILE_MODE = 0o600;

export async function writeAll(fh: FileHandle, data: string | Buffer): Promise<void> {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let offset = 0;
  // A regular-file write may in principle be short; never assume it is whole.
  while (offset < buf.length) {
    const { bytesWritten } = await fh.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Text given in pieces, encoded as UTF-8 into one buffer. Joining the pieces first and then
 * encoding copies the text once more, and a string built with `+` or a template is
 * flattened (copied) before it is encoded: for a tick's journal lines, 600 KB each way.
 */
export function encodePieces(pieces: readonly string[], before = '', after = ''): Buffer {
  let total = Buffer.byteLength(before) + Buffer.byteLength(after);
  for (const p of pieces) total += Buffer.byteLength(p);
  const buf = Buffer.allocUnsafe(total);
  let offset = buf.write(before);
  for (const p of pieces) offset += buf.write(p, offset);
  buf.write(after, offset);
  return buf;
}

/** Makes a rename or a newly created file survive power loss as a directory entry. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export const isTempFile = (name: string, base: string): boolean => name.startsWith(`${base}.tmp-`);

/**
 * Writes a file whole or not at all: a uniquely named temp file in the same
 * folder, fsync, rename over the target, fsync of the folder. Between chunks
 * it yields to the event loop, so a large file never stalls request handling.
 */
export async function writeFileAtomic(file: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const fh = await open(tmp, 'wx', FILE_MODE);
  try {
    for (const chunk of chunks) {
      await writeAll(fh, chunk);
      await yieldToLoop();
    }
    await fh.sync();
    await fh.close();
    await rename(tmp, file);
  } catch (err) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDir(path.dirname(file));
}

export const errnoOf = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/**
 * The length of the first `size` bytes up to their last newline: what lies
 * after it is a line still being appended (a backup's copy) or cut short by a
 * crash (history on start). 0 when there is no newline at all.
 */
export async function wholeLines(fh: FileHandle, size: number): Promise<number> {
  let end = size;
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
