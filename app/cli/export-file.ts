import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
// Exports hold personal data: written with the data file's own mode, readable by their writer only.
import { FILE_MODE, fsyncDir } from '../../adapters/store/lowdb/files.js';

export interface AtomicFile {
  stream: WriteStream;
  /** Flushes, fsyncs and renames the temp file over the target: the file appears whole. */
  commit(): Promise<void>;
  /** Removes the temp file: a failed write leaves no half file behind. */
  abort(): Promise<void>;
}

/**
 * A file written whole or not at all: a temp file beside the target (same
 * folder, so the rename is atomic), renamed over it once complete. A reader
 * of the target sees the old file or the new one, never a cut one.
 */
export function atomicFile(target: string): AtomicFile {
  const tmp = path.join(
    path.dirname(path.resolve(target)),
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const stream = createWriteStream(tmp, { flags: 'wx', mode: FILE_MODE });
  return {
    stream,
    async commit() {
      stream.end();
      await finished(stream);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
      // The rename itself is durable only once the folder is synced, as for the data file.
      await fsyncDir(path.dirname(path.resolve(target)));
    },
    async abort() {
      stream.destroy();
      await unlink(tmp).catch(() => {});
    },
  };
}
