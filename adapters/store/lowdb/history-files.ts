import { closeSync, openSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryEntry } from '../../../src/domain/types.js';
import { takeTurn } from '../../../src/server/turns.js';
import { eraseHistoryEntry } from '../memory/erase.js';
import { errnoOf, FILE_MODE, fsyncDir, wholeLines, writeAll, writeFileAtomic } from './files.js';
import {
  byTime,
  chunkLines,
  encodeLines,
  type HistoryLine,
  historyLine,
  linePrefix,
  parseLine,
} from './history-lines.js';
import { BucketOffsets } from './history-offsets.js';
import type { StoreLogger } from './logger.js';
import { readRanges, readTail } from './read-ranges.js';

export const HISTORY_BUCKETS = 64;

/** FNV-1a: stable across processes and versions, unlike anything keyed on memory. */
export function bucketOf(customerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    h ^= customerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % HISTORY_BUCKETS;
}

/**
 * What grows without bound (audit entries, touchpoints, closed handoffs) in
 * 64 append-only JSON-lines files by customer, so reading one customer's
 * timeline reads one small file and the hot data file never carries it.
 * Appends are not fsynced one by one: until a snapshot folds the journal in,
 * the journal holds the same entries and start-up appends them again, which
 * is why readers drop repeats.
 */
export class HistoryFiles {
  private readonly handles = new Map<number, FileHandle>();
  private readonly dirty = new Set<number>();
  /** A bucket file may have been created since the folder was last fsynced. */
  private dirDirty = false;
  /** Line offsets of the buckets read so far, kept up to date by this process's appends. */
  private readonly offsets = new Map<number, BucketOffsets>();
  /** Offset indexes being read from their files: a second reader of the bucket waits for the first. */
  private readonly building = new Map<number, Promise<BucketOffsets>>();
  /** The change of each bucket file under way, settled when it is over. */
  private readonly changing = new Map<number, Promise<void>>();
  private readonly rewrites = new Map<number, number>();
  private readonly readers = new Map<number, number>();

  constructor(
    readonly dir: string,
    private readonly logger: StoreLogger,
    /**
     * Index line offsets: only for the process that alone appends to these
     * files (the store holding the lock); a reader beside it scans instead.
     */
    private readonly indexed = false,
  ) {}

  fileOf(bucket: number): string {
    return path.join(this.dir, `${String(bucket).padStart(2, '0')}.jsonl`);
  }

  /** Creates the folder and cuts any line a crash left half-written. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (let b = 0; b < HISTORY_BUCKETS; b++) await this.repairTail(this.fileOf(b));
  }

  async append(lines: readonly HistoryLine[]): Promise<void> {
    const byBucket = new Map<number, HistoryLine[]>();
    for (const line of lines) {
      const b = bucketOf(line.customerId);
      const list = byBucket.get(b);
      if (list) list.push(line);
      else byBucket.set(b, [line]);
    }
    for (const [b, list] of byBucket) {
      await this.changeBucket(b, async () => {
        const { bytes, sizes } = encodeLines(list);
        await writeAll(await this.handle(b), bytes);
        const index = this.offsets.get(b);
        if (index) {
          for (let i = 0; i < list.length; i++)
            index.appended((list[i] as HistoryLine).customerId, sizes[i] as number);
        }
      });
      this.dirty.add(b);
    }
  }

  /** Runs a change of one bucket file; an offset index it may have left wrong (a failed write) is dropped. */
  private async changeBucket(b: number, change: () => Promise<void>): Promise<void> {
    const done = (async () => {
      try {
        await change();
      } catch (err) {
        this.offsets.delete(b);
        throw err;
      } finally {
        this.changing.delete(b);
      }
    })();
    this.changing.set(b, done);
    await done;
  }

  /** Rewrites a customer's entries without personal data, atomically per file. */
  async erase(customerId: string): Promise<void> {
    const b = bucketOf(customerId);
    this.offsets.delete(b);
    // A read of the offsets under way is of the file before the rewrite: later readers start anew.
    this.building.delete(b);
    this.dropReader(b);
    this.rewrites.set(b, (this.rewrites.get(b) ?? 0) + 1);
    try {
      await this.changeBucket(b, () => this.rewriteErased(b, customerId));
    } finally {
      this.rewrites.set(b, (this.rewrites.get(b) ?? 0) + 1);
    }
  }

  /** Rewrites of a bucket begun or ended by this process: line offsets read across one are not kept. */
  rewritesOf(bucket: number): number {
    return this.rewrites.get(bucket) ?? 0;
  }

  private async rewriteErased(b: number, customerId: string): Promise<void> {
    const file = this.fileOf(b);
    await this.closeHandle(b);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw err;
    }
    const prefix = linePrefix(customerId);
    const lines = text.split('\n');
    const out = lines.map((line) => {
      if (!line.startsWith(prefix)) return line;
      const e = parseLine(line);
      return e ? historyLine(eraseHistoryEntry(e)).slice(0, -1) : line;
    });
    await writeFileAtomic(file, chunkLines(out));
  }

  async read(customerId: string): Promise<HistoryEntry[]> {
    if (!this.indexed) return this.scan(customerId);
    const b = bucketOf(customerId);
    const rewrites = this.rewritesOf(b);
    const index = await this.offsetsOf(b);
    // A rewrite (an erasure) under way or crossed while the offsets were read: they may be the
    // old file's, and ranges of it read from the new one are other lines. The file is scanned.
    if (rewrites % 2 === 1 || this.rewritesOf(b) !== rewrites) return this.scan(customerId);
    const ranges = index.rangesOf(customerId);
    const prefix = linePrefix(customerId);
    const found = new Map<string, HistoryEntry>();
    if (ranges.length > 0) {
      const texts = this.readOnce(b, ranges);
      for (const line of texts) {
        // A line from before an erasure rewrote the file would no longer be this customer's.
        const e = line.startsWith(prefix) ? parseLine(line) : undefined;
        if (e) found.set(`${e.kind}:${e.entry.id}`, e);
      }
    }
    return byTime([...found.values()]);
  }

  /**
   * The text of each range (start, end pairs, in file order), through a
   * descriptor kept open per bucket. Read synchronously: a customer's few
   * lines are in the page cache as a rule, and there a pread costs ~5 µs of
   * the event loop where an asynchronous read (a round trip through libuv's
   * thread pool) cost 15-30 µs of it per line (profiled under the Slack
   * bench: 30 % of Baton's time). A line not cached holds the loop for one disk read.
   */
  private readOnce(b: number, ranges: readonly number[]): string[] {
    // During a rewrite the path may still name the old file: read it, but do not keep it.
    if (this.rewritesOf(b) % 2 === 1) {
      const fd = openSync(this.fileOf(b), 'r');
      try {
        return readRanges(fd, ranges);
      } finally {
        closeSync(fd);
      }
    }
    let fd = this.readers.get(b);
    if (fd === undefined) {
      fd = openSync(this.fileOf(b), 'r');
      this.readers.set(b, fd);
    }
    return readRanges(fd, ranges);
  }

  /** Closes the kept read descriptor: the file is about to be replaced, or the store closes. */
  private dropReader(b: number): void {
    const fd = this.readers.get(b);
    this.readers.delete(b);
    if (fd !== undefined) closeSync(fd);
  }

  /**
   * A bucket's offset index, read from its file the first time it is asked for. Readers
   * that ask while it is read share that one read: in a CRM burst the first `/cx` look-ups
   * of a bucket came in together and each read the whole file (122 reads of 64 buckets).
   */
  private offsetsOf(b: number): Promise<BucketOffsets> {
    const known = this.offsets.get(b);
    if (known) return Promise.resolve(known);
    let pending = this.building.get(b);
    if (!pending) {
      const read: Promise<BucketOffsets> = this.readOffsets(b).finally(() => {
        if (this.building.get(b) === read) this.building.delete(b);
      });
      this.building.set(b, read);
      pending = read;
    }
    return pending;
  }

  private async readOffsets(b: number): Promise<BucketOffsets> {
    const rewrites = this.rewritesOf(b);
    let index: BucketOffsets;
    try {
      // Between slices, others' work first (turns of the event loop, see src/server/turns.ts).
      index = await BucketOffsets.read(this.fileOf(b), () => takeTurn('background'));
    } catch (err) {
      if (errnoOf(err) !== 'ENOENT') throw err;
      index = BucketOffsets.empty();
    }
    // An append under way when the read ends may or may not be in what was read: its end is
    // waited for (a few in a row at most; during a CRM burst one nearly always is, and an
    // index not kept was read again by the next look-up, 20-40 ms each).
    for (let waits = 0; waits < 5 && this.changing.has(b); waits++) {
      await this.changing.get(b)?.catch(() => undefined);
    }
    // Kept if no rewrite crossed the read and no change is under way: then the lines appended
    // since it was read are the file's tail, read here in the same step as the index is kept,
    // and every later append updates it.
    if (this.rewritesOf(b) === rewrites && rewrites % 2 === 0 && !this.changing.has(b)) {
      const from = index.end;
      const tail = this.tailFrom(b, from);
      if (tail) {
        index.more(tail, from);
        // Kept only if it reaches the end of the file (a failed write may have left half a line).
        if (index.end === from + tail.length) this.offsets.set(b, index);
      }
    }
    return index;
  }

  /** The bucket file from byte `from` to its end, read synchronously, or undefined if it cannot be read. */
  private tailFrom(b: number, from: number): Buffer | undefined {
    try {
      let fd = this.readers.get(b);
      if (fd === undefined) {
        fd = openSync(this.fileOf(b), 'r');
        this.readers.set(b, fd);
      }
      return readTail(fd, from);
    } catch (err) {
      return errnoOf(err) === 'ENOENT' && from === 0 ? Buffer.alloc(0) : undefined;
    }
  }

  /** Reads a customer's lines by scanning their bucket file: for a reader beside the writing process. */
  private async scan(customerId: string): Promise<HistoryEntry[]> {
    const prefix = linePrefix(customerId);
    const found = new Map<string, HistoryEntry>();
    let fh: FileHandle;
    try {
      fh = await open(this.fileOf(bucketOf(customerId)), 'r');
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return [];
      throw err;
    }
    try {
      for await (const line of fh.readLines({ encoding: 'utf8' })) {
        if (!line.startsWith(prefix)) continue;
        // A line being appended right now may be incomplete: it belongs to a later commit.
        const e = parseLine(line);
        if (e) found.set(`${e.kind}:${e.entry.id}`, e);
      }
    } finally {
      await fh.close().catch(() => {});
    }
    return byTime([...found.values()]);
  }

  /** Makes every append so far durable: before a snapshot lets the journal go. */
  async sync(): Promise<void> {
    for (const b of [...this.dirty]) {
      this.dirty.delete(b);
      await this.handles.get(b)?.datasync();
    }
    if (this.dirDirty) {
      this.dirDirty = false;
      await fsyncDir(this.dir);
    }
  }

  async close(): Promise<void> {
    for (const b of [...this.readers.keys()]) this.dropReader(b);
    await this.sync();
    for (const b of [...this.handles.keys()]) await this.closeHandle(b);
  }

  private async handle(b: number): Promise<FileHandle> {
    let fh = this.handles.get(b);
    if (!fh) {
      fh = await open(this.fileOf(b), 'a', FILE_MODE);
      this.handles.set(b, fh);
      this.dirDirty = true;
    }
    return fh;
  }

  private async closeHandle(b: number): Promise<void> {
    const fh = this.handles.get(b);
    if (!fh) return;
    this.handles.delete(b);
    if (this.dirty.delete(b)) await fh.sync();
    await fh.close();
  }

  private async repairTail(file: string): Promise<void> {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw err;
    }
    if (size === 0) return;
    const fh = await open(file, 'r+');
    try {
      const keep = await wholeLines(fh, size);
      if (keep === size) return;
      this.logger.warn(
        { file, bytes: size - keep },
        'dropping a history line cut short by a crash (the journal still has it)',
      );
      await fh.truncate(keep);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}
