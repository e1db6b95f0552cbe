import { fstatSync, readSync } from 'node:fs';

/** The text of each range (start, end pairs, in file order); nearby lines in one read. */
export function readRanges(fd: number, ranges: readonly number[]): string[] {
  const out: string[] = [];
  for (const g of nearby(ranges)) {
    const from = g[0] ?? 0;
    const buf = Buffer.allocUnsafe((g[g.length - 1] ?? from) - from);
    const bytesRead = readSync(fd, buf, 0, buf.length, from);
    for (let i = 0; i + 1 < g.length; i += 2) {
      const start = (g[i] ?? 0) - from;
      out.push(buf.toString('utf8', start, Math.min(bytesRead, (g[i + 1] ?? 0) - from)));
    }
  }
  return out;
}

/** Ranges read together: lines at most this far apart, up to this much a read. */
const GAP = 4096;
const SPAN = 65_536;

/** Start/end pairs in file order, grouped into the spans one read each covers. */
function nearby(ranges: readonly number[]): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const start = ranges[i] ?? 0;
    const end = ranges[i + 1] ?? start;
    const from = group[0];
    const last = group[group.length - 1];
    if (from !== undefined && last !== undefined && (start - last > GAP || end - from > SPAN)) {
      groups.push(group);
      group = [];
    }
    group.push(start, end);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The file from byte `from` to its end as it is now, or undefined if it changed while read. */
export function readTail(fd: number, from: number): Buffer | undefined {
  const buf = Buffer.allocUnsafe(Math.max(0, fstatSync(fd).size - from));
  const read = buf.length > 0 ? readSync(fd, buf, 0, buf.length, from) : 0;
  return read === buf.length ? buf : undefined;
}
