import { open } from 'node:fs/promises';

/** Lines read between pauses when a bucket's offsets are read from its file. */
const LINES_PER_SLICE = 500;
/**
 * Bytes read at a time. A bucket file is 2-3 MB at 500k lines of history; read whole,
 * each first look-up of a bucket allocated its size at once, and in a CRM burst those
 * allocations set off the collections behind the longest pauses of acknowledgements.
 */
const CHUNK_BYTES = 256 * 1024;

/**
 * Where each customer's lines lie in one history bucket file (byte ranges,
 * end exclusive of the newline) and where the file ends: reading a
 * customer's timeline then reads their lines only, not the 1/64 of all
 * history that shares the bucket.
 */
export class BucketOffsets {
  private readonly lines = new Map<string, number[]>();

  private constructor(public end: number) {}

  static empty(): BucketOffsets {
    return new BucketOffsets(0);
  }

  /**
   * The offsets of a bucket file's complete lines (a line still being written is left out),
   * read `chunk` bytes at a time; a missing file fails with ENOENT. `pause` is awaited every
   * LINES_PER_SLICE lines: a bucket's ~8,000 lines (500k lines of history) took 20-40 ms in
   * one go, which commands' acknowledgements waited out.
   */
  static async read(path: string, pause: () => Promise<void>, chunk = CHUNK_BYTES): Promise<BucketOffsets> {
    const out = new BucketOffsets(0);
    const fh = await open(path, 'r');
    try {
      let buffer = Buffer.allocUnsafe(chunk);
      for (;;) {
        const from = out.end;
        const { bytesRead } = await fh.read(buffer, 0, buffer.length, from);
        if (bytesRead === 0) break;
        const bytes = buffer.subarray(0, bytesRead);
        while (out.more(bytes, from, LINES_PER_SLICE)) await pause();
        if (out.end > from) continue;
        // No whole line in what was read: the file ends in a line still being written, or a
        // line is longer than the buffer.
        if (bytesRead < buffer.length) break;
        buffer = Buffer.allocUnsafe(buffer.length * 2);
      }
    } finally {
      await fh.close();
    }
    return out;
  }

  /**
   * Records up to `max` more complete lines of `bytes` (the file from byte `base` on), from
   * `end` on; true when it stopped at `max` with more left. `end` ends up after the last complete line.
   */
  more(bytes: Buffer, base: number, max = Number.POSITIVE_INFINITY): boolean {
    let start = this.end - base;
    for (let n = 0; n < max; n++) {
      const nl = bytes.indexOf(0x0a, start);
      if (nl < 0) {
        this.end = base + start;
        return false;
      }
      const customerId = customerOfLine(bytes, start, Math.min(nl, start + 512));
      if (customerId !== undefined) this.record(customerId, base + start, base + nl);
      start = nl + 1;
    }
    this.end = base + start;
    return start < bytes.length;
  }

  /** A line of `bytes` bytes (its newline included) appended at the end. */
  appended(customerId: string, bytes: number): void {
    this.record(customerId, this.end, this.end + bytes - 1);
    this.end += bytes;
  }

  /** Start and end of each of the customer's lines, in file order, as a flat list of pairs. */
  rangesOf(customerId: string): readonly number[] {
    return this.lines.get(customerId) ?? [];
  }

  private record(customerId: string, start: number, end: number): void {
    const list = this.lines.get(customerId);
    if (list) list.push(start, end);
    else this.lines.set(customerId, [start, end]);
  }
}

const HEAD = '{"c":"';
const KIND = Buffer.from('","kind":');

/**
 * The customer id a history line starts with (`{"c":<id>,"kind":…`, within `bytes[from, to)`),
 * undefined for anything else. An id without a backslash is the bytes between the quotes, read
 * without decoding the line's head or parsing JSON (half a million lines on a start's first
 * reads); one with escapes is parsed.
 */
function customerOfLine(bytes: Buffer, from: number, to: number): string | undefined {
  if (to - from < HEAD.length) return undefined;
  for (let i = 0; i < HEAD.length; i++) if (bytes[from + i] !== HEAD.charCodeAt(i)) return undefined;
  const idStart = from + HEAD.length;
  const idEnd = bytes.indexOf(KIND, idStart);
  if (idEnd < 0 || idEnd + KIND.length > to) return undefined;
  let escaped = false;
  for (let i = idStart; i < idEnd && !escaped; i++) escaped = bytes[i] === 0x5c;
  return escaped ? parsedId(bytes.toString('utf8', from, to)) : bytes.toString('utf8', idStart, idEnd);
}

function parsedId(head: string): string | undefined {
  // An escaped quote may put a `","kind":` inside the id: the parse finds where it ends.
  const at = head.indexOf(',"kind":');
  if (at < 0) return undefined;
  try {
    const id: unknown = JSON.parse(head.slice(5, at));
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
