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

  /** The offsets of a bucket file's complete lines; a line still being written is left out. */
  static of(file: Buffer): BucketOffsets {
    const out = new BucketOffsets(0);
    let start = 0;
    for (let nl = file.indexOf(0x0a, start); nl >= 0; nl = file.indexOf(0x0a, start)) {
      const customerId = customerOfLine(file.toString('utf8', start, Math.min(nl, start + 512)));
      if (customerId !== undefined) out.record(customerId, start, nl);
      start = nl + 1;
    }
    out.end = start;
    return out;
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

/** The customer id a history line starts with (`{"c":<id>,"kind":…`), undefined for anything else. */
function customerOfLine(head: string): string | undefined {
  if (!head.startsWith('{"c":')) return undefined;
  const at = head.indexOf(',"kind":');
  if (at < 0) return undefined;
  try {
    const id: unknown = JSON.parse(head.slice(5, at));
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
