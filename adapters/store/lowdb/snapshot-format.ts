import { isAscii } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import type { SnapshotDoc } from './snapshot.js';

/**
 * The data file's layout: plain JSON, but one record a line, so that it is
 * written in chunks and read a line at a time (a 100 MB file never sits in
 * memory as one string next to its parsed records):
 *
 *   {"format":"baton/1","seq":42,"savedAt":"...",
 *   "customers":[
 *   {...},
 *   {...}
 *   ],
 *   "closedHandoffs":{
 *   "hof_1":"cus_1"
 *   },
 *   ...
 *   }
 */
export const SECTIONS = [
  'customers',
  'handoffs',
  'closedHandoffs',
  'followUps',
  'deliveries',
  'deliveryKeys',
  'cardRefs',
  'inbound',
  'kv',
  // Since the journey rollup (issue 13); a file written before it has no such section.
  'journey',
] as const;
export type Section = (typeof SECTIONS)[number];
const isMap = (key: string) => key === 'closedHandoffs' || key === 'deliveryKeys';

/**
 * The document as text in chunks of a few thousand records. The collections
 * are arrays taken at snapshot start and records are never changed in place,
 * so serialising them bit by bit still yields one consistent moment.
 */
export function* snapshotChunks(doc: SnapshotDoc, perChunk: number): Generator<string> {
  yield `{"format":${JSON.stringify(doc.format)},"seq":${doc.seq},"savedAt":${JSON.stringify(doc.savedAt)},\n`;
  for (let s = 0; s < SECTIONS.length; s++) {
    const key = SECTIONS[s] as Section;
    const trailer = s === SECTIONS.length - 1 ? '\n' : ',\n';
    if (key === 'closedHandoffs' || key === 'deliveryKeys') {
      const map = doc[key];
      const entries = lazyMap(Object.keys(map), (k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
      yield* section(key, '{', `}${trailer}`, entries, perChunk);
    } else if (key === 'journey') {
      // Facts never parsed since they were read go back as they were.
      const items = chain(
        lazyMap<unknown>(doc.journey ?? [], (v) => JSON.stringify(v)),
        doc.journeyLines ?? [],
      );
      yield* section(key, '[', `]${trailer}`, items, perChunk);
    } else {
      yield* section(
        key,
        '[',
        `]${trailer}`,
        lazyMap<unknown>(doc[key] ?? [], (v) => JSON.stringify(v)),
        perChunk,
      );
    }
  }
  yield '}\n';
}

function* section(key: string, open: string, close: string, items: Iterable<string>, perChunk: number) {
  let out = `${JSON.stringify(key)}:${open}\n`;
  let n = 0;
  for (const item of items) {
    out += n === 0 ? item : `,\n${item}`;
    if (++n % perChunk === 0) {
      yield out;
      out = '';
    }
  }
  yield `${out}${n > 0 ? '\n' : ''}${close}`;
}

function* chain<T>(...lists: Iterable<T>[]): Generator<T> {
  for (const list of lists) yield* list;
}

function* lazyMap<T>(items: Iterable<T>, fn: (item: T) => string): Generator<string> {
  for (const item of items) yield fn(item);
}

/**
 * Reads a file in the layout above a line at a time. Anything else (a file
 * reformatted by hand, a damaged one) gives `undefined`, and the caller
 * parses it as ordinary JSON instead, with ordinary JSON's errors.
 */
export async function readSnapshotLines(
  file: string,
  blockSize = 64 << 10,
  opts: { raw?: readonly Section[] } = {},
): Promise<Record<string, unknown> | undefined> {
  const raw = new Set<string>(opts.raw ?? []);
  const fh = await open(file, 'r');
  const doc: Record<string, unknown> = {};
  let section: { list?: unknown[]; raw?: boolean; map?: Record<string, unknown> } | undefined;
  type State = 'header' | 'between' | 'section' | 'end';
  let state = 'header' as State;
  const take = (line: string): boolean => {
    if (state === 'header') {
      if (!line.startsWith('{"format":') || !line.endsWith(',')) return false;
      Object.assign(doc, JSON.parse(`${line.slice(0, -1)}}`));
      state = 'between';
    } else if (state === 'between') {
      if (line === '}') {
        state = 'end';
        return true;
      }
      const m = /^"(\w+)":([[{])$/.exec(line);
      const key = m?.[1];
      if (!key || !(SECTIONS as readonly string[]).includes(key) || (m[2] === '{') !== isMap(key))
        return false;
      section = isMap(key) ? { map: {} } : { list: [], raw: raw.has(key) };
      doc[key] = section.map ?? section.list;
      state = 'section';
    } else if (state === 'section') {
      if (line === ']' || line === '],' || line === '}' || line === '},') {
        state = 'between';
        return true;
      }
      const record = line.endsWith(',') ? line.slice(0, -1) : line;
      // A raw section keeps each record's JSON text: its reader parses a record when it needs it.
      if (section?.list) section.list.push(section.raw ? record : JSON.parse(record));
      else if (section?.map) Object.assign(section.map, JSON.parse(`{${record}}`));
    } else if (line !== '') {
      return false;
    }
    return true;
  };
  try {
    if (!(await eachLine(fh, blockSize, take))) return undefined;
  } catch {
    return undefined;
  } finally {
    await fh.close().catch(() => {});
  }
  return state === 'end' ? doc : undefined;
}

/**
 * Calls `take` with each line of a file read in blocks of `blockSize`, until it
 * says false. Lines are handed over in a plain loop per block: an async generator
 * yielding each line cost a promise per record, about a fifth of opening the file.
 *
 * Only whole lines are decoded (a newline byte is never part of a multi-byte
 * character), as Latin-1 when they are all ASCII, which a data file nearly always
 * is. Blocks of 64 KB: a decoded block of 128 KB is a V8 large object, and
 * splitting the bench's 124 MB file took 0.25 s of CPU in 128 KB blocks, 0.12 s in
 * 64 KB ones (a StringDecoder per block and a split of carry + block: 1.2 s).
 * Larger blocks also pile up as garbage faster than it is collected.
 */
async function eachLine(
  fh: FileHandle,
  blockSize: number,
  take: (line: string) => boolean,
): Promise<boolean> {
  // Two buffers: the next block is read while this one is parsed, so the parse never waits on
  // the thread pool (a read at a time left the start-up idle for a sixth of its reading).
  const bufs = [Buffer.alloc(blockSize), Buffer.alloc(blockSize)];
  const into = (b: Buffer) => fh.read(b, 0, blockSize, null);
  let turn = 0;
  let next = into(bufs[0] as Buffer);
  // The bytes after the last newline so far: the start of a line that goes on in the next block.
  let carry: Buffer | undefined;
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break;
      turn ^= 1;
      next = into(bufs[turn] as Buffer);
      if (!eachLineOf(buffer.subarray(0, bytesRead))) return false;
    }
  } finally {
    // Settle the read in flight before the caller closes the file.
    await next.catch(() => undefined);
  }
  return carry ? take(decode(carry)) : true;

  /** The whole lines of one block, with the carry from the last before them. */
  function eachLineOf(block: Buffer): boolean {
    let start = 0;
    if (carry) {
      const first = block.indexOf(0x0a);
      if (first < 0) {
        carry = Buffer.concat([carry, block]);
        return true;
      }
      if (!take(decode(Buffer.concat([carry, block.subarray(0, first)])))) return false;
      carry = undefined;
      start = first + 1;
    }
    const end = block.lastIndexOf(0x0a);
    if (end < start) {
      if (start < block.length) carry = Buffer.from(block.subarray(start));
      return true;
    }
    if (end + 1 < block.length) carry = Buffer.from(block.subarray(end + 1));
    for (const line of decode(block.subarray(start, end)).split('\n')) if (!take(line)) return false;
    return true;
  }
}

const decode = (bytes: Buffer): string => bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
