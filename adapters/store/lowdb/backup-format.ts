import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { BatonError } from '../../../src/errors.js';
import { writeAll } from './files.js';

/**
 * `baton backup`'s file: one file that restore can check before it writes a
 * byte. Lines of JSON frame the raw bytes of each store file:
 *
 *   {"format":"baton-backup/1","createdAt":"...","source":"/data/baton.json"}
 *   {"file":"snapshot","bytes":1234}
 *   <1234 bytes of the data file>
 *   {"file":"journal.000007","bytes":88}
 *   <88 bytes>
 *   {"file":"history/03.jsonl","bytes":5120}
 *   <5120 bytes>
 *   {"end":true,"snapshotSeq":40,"lastSeq":42,"files":[{"file":"snapshot","bytes":1234,"sha256":"..."},...]}
 *
 * Raw bytes rather than base64 in JSON: a file of hundreds of MB is copied
 * through a small buffer, never held as one string. Names are roles, not
 * paths (`snapshot`, not `baton.json`), so a backup restores under any data
 * file name, and restore accepts only these shapes: nothing can point it
 * outside the data folder. The trailer comes last: a cut file has none and is
 * refused, and each file's digest is checked before anything is replaced.
 */
export const BACKUP_FORMAT = 'baton-backup/1';

export const BACKUP_FILE_NAME = /^(snapshot|journal\.\d{6,}|history\/\d{2}\.jsonl)$/;

export interface BackupFileInfo {
  file: string;
  bytes: number;
  sha256: string;
}

export interface BackupTrailer {
  end: true;
  snapshotSeq: number;
  lastSeq: number;
  files: BackupFileInfo[];
}

const CHUNK = 1 << 20;

/** Appends framed files to an open handle, hashing as it copies. */
export class BackupWriter {
  private readonly files: BackupFileInfo[] = [];

  constructor(private readonly out: FileHandle) {}

  async header(source: string, createdAt: string): Promise<void> {
    await this.line({ format: BACKUP_FORMAT, createdAt, source });
  }

  /** Copies `bytes` bytes of `from` from offset 0: a prefix fixed before the copy began. */
  async file(name: string, from: FileHandle, bytes: number): Promise<void> {
    await this.line({ file: name, bytes });
    const hash = createHash('sha256');
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(bytes, 1)));
    let done = 0;
    while (done < bytes) {
      const { bytesRead } = await from.read(buf, 0, Math.min(buf.length, bytes - done), done);
      if (bytesRead === 0)
        throw new BatonError('BACKUP_FAILED', `${name} became shorter while it was copied; try again.`);
      const part = buf.subarray(0, bytesRead);
      hash.update(part);
      await writeAll(this.out, part);
      done += bytesRead;
    }
    await writeAll(this.out, '\n');
    this.files.push({ file: name, bytes, sha256: hash.digest('hex') });
  }

  /** A small file already in memory (a journal cut to whole lines). */
  async bytes(name: string, data: Buffer): Promise<void> {
    await this.line({ file: name, bytes: data.length });
    await writeAll(this.out, data);
    await writeAll(this.out, '\n');
    this.files.push({
      file: name,
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  }

  async end(snapshotSeq: number, lastSeq: number): Promise<BackupTrailer> {
    const trailer: BackupTrailer = { end: true, snapshotSeq, lastSeq, files: this.files };
    await this.line(trailer);
    return trailer;
  }

  private line(value: unknown): Promise<void> {
    return writeAll(this.out, `${JSON.stringify(value)}\n`);
  }
}

/** What a backup file holds, read through once and checked; `onFile` copies each file's bytes where it wants. */
export async function readBackup(
  file: string,
  fh: FileHandle,
  onFile: (name: string, chunks: AsyncIterable<Buffer>) => Promise<void>,
): Promise<{ createdAt: string; trailer: BackupTrailer }> {
  let pos = 0;
  const readLine = async (): Promise<unknown> => {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl < 0) throw damaged(file, `no frame line at byte ${pos} (the file is cut short or not a backup)`);
    pos += nl + 1;
    try {
      return JSON.parse(buf.toString('utf8', 0, nl));
    } catch {
      throw damaged(file, `the frame line at byte ${pos - nl - 1} is not JSON`);
    }
  };
  const head = (await readLine()) as { format?: unknown; createdAt?: unknown };
  if (head?.format !== BACKUP_FORMAT)
    throw damaged(file, `it does not start with a ${BACKUP_FORMAT} header (is it a Baton backup?)`);
  const seen: BackupFileInfo[] = [];
  for (;;) {
    const frame = (await readLine()) as Partial<BackupFileInfo> & Partial<BackupTrailer>;
    if (frame?.end === true) {
      checkTrailer(file, frame as BackupTrailer, seen);
      return { createdAt: String(head.createdAt), trailer: frame as BackupTrailer };
    }
    const name = frame?.file;
    const bytes = frame?.bytes;
    if (typeof name !== 'string' || !BACKUP_FILE_NAME.test(name) || typeof bytes !== 'number' || bytes < 0)
      throw damaged(file, `a frame names ${JSON.stringify(name)}, which is not a store file`);
    const hash = createHash('sha256');
    const start = pos;
    async function* chunks(): AsyncGenerator<Buffer> {
      let done = 0;
      const buf = Buffer.alloc(Math.min(CHUNK, Math.max(bytes as number, 1)));
      while (done < (bytes as number)) {
        const { bytesRead } = await fh.read(
          buf,
          0,
          Math.min(buf.length, (bytes as number) - done),
          start + done,
        );
        if (bytesRead === 0) throw damaged(file, `${name} is cut short`);
        const part = buf.subarray(0, bytesRead);
        hash.update(part);
        done += bytesRead;
        yield part;
      }
    }
    await onFile(name, chunks());
    pos = start + bytes + 1;
    seen.push({ file: name, bytes, sha256: hash.digest('hex') });
  }
}

function checkTrailer(file: string, trailer: BackupTrailer, seen: BackupFileInfo[]): void {
  const listed = Array.isArray(trailer.files) ? trailer.files : [];
  const same =
    listed.length === seen.length &&
    listed.every(
      (f, i) => f.file === seen[i]?.file && f.bytes === seen[i]?.bytes && f.sha256 === seen[i]?.sha256,
    );
  if (!same) throw damaged(file, 'a file in it does not match its recorded digest');
}

function damaged(file: string, why: string): BatonError {
  return new BatonError(
    'BACKUP_DAMAGED',
    `The backup ${file} cannot be restored: ${why}. Nothing was changed. Use another backup, or take a new one with baton backup.`,
    { file },
  );
}
