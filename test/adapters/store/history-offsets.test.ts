import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bucketOf, HistoryFiles } from '../../../adapters/store/lowdb/history-files.js';
import type { HistoryLine } from '../../../adapters/store/lowdb/history-lines.js';
import { BucketOffsets } from '../../../adapters/store/lowdb/history-offsets.js';

const line = (c: string, kind = 'audit') =>
  `${JSON.stringify({ c, kind, at: '2026-12-01T00:00:00.000Z' })}\n`;

/** The offsets of a file holding `file`, read a few bytes at a time: lines cross every read. */
async function offsetsOf(file: Buffer, chunk = 16): Promise<BucketOffsets> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-offsets-'));
  try {
    await writeFile(path.join(dir, 'b'), file);
    return await BucketOffsets.read(path.join(dir, 'b'), async () => {}, chunk);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("a history bucket's offsets", () => {
  it("finds each customer's lines, whatever the id holds (escapes, quotes, other scripts)", async () => {
    const ids = ['cus_1', 'cus_"quoted"', 'cus_back\\slash', '고객_2', 'cus_\u0001'];
    const text = [...ids, ...ids].map((c) => line(c)).join('');
    const file = Buffer.from(text);
    const offsets = await offsetsOf(file);
    for (const id of ids) {
      const ranges = offsets.rangesOf(id);
      expect(ranges).toHaveLength(4);
      for (let i = 0; i < ranges.length; i += 2) {
        const got = JSON.parse(file.toString('utf8', ranges[i], ranges[i + 1])) as { c: string };
        expect(got.c).toBe(id);
      }
    }
    expect(offsets.end).toBe(file.length);
  });

  it('skips a line that is not a history line, and leaves out one still being written', async () => {
    const file = Buffer.from(`${line('cus_1')}{"other":1}\n{"c":"cus_1","kind":"au`);
    const offsets = await offsetsOf(file);
    expect(offsets.rangesOf('cus_1')).toHaveLength(2);
    expect(offsets.end).toBe(Buffer.byteLength(line('cus_1')) + '{"other":1}\n'.length);
  });

  it("reads ids as they are written, and lines too short or of another shape as no one's", async () => {
    // A line that is not a history line, one whose id is not a string, and a short last line.
    const file = Buffer.from(`${line('cus_1')}{"c":12,"kind":"audit"}\n${line('cus_2')}{}\n`);
    const offsets = await offsetsOf(file);
    expect(offsets.rangesOf('cus_1')).toEqual([0, Buffer.byteLength(line('cus_1')) - 1]);
    expect(offsets.rangesOf('cus_2')).toHaveLength(2);
    expect(offsets.rangesOf('12')).toEqual([]);
    expect(offsets.end).toBe(file.length);
  });
});

describe("a history bucket's offsets, read a chunk at a time", () => {
  it('gives every line the same range whatever the chunk, lines longer than it included', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `cus_${i}_${'x'.repeat((i * 37) % 300)}`);
    const text = ids.map((c) => line(c)).join('');
    const file = Buffer.from(`${text}{"c":"cus_0","kind":"au`);
    // Worked out from the text: each line's start and end (its newline left out).
    const expected = new Map<string, number[]>();
    let at = 0;
    for (const c of ids) {
      const n = Buffer.byteLength(line(c));
      expected.set(c, [at, at + n - 1]);
      at += n;
    }
    for (const chunk of [7, 64, 333, 4096, 1 << 20]) {
      const offsets = await offsetsOf(file, chunk);
      for (const c of ids) expect(offsets.rangesOf(c), `${c} by ${chunk}`).toEqual(expected.get(c));
      expect(offsets.end).toBe(Buffer.byteLength(text));
    }
  });
});

describe("a history bucket's offsets while Baton runs", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  /** Customer ids that share one bucket file, and that file written with `perCustomer` lines each. */
  async function bucketWith(ids: number, perCustomer: number) {
    const dir = await mkdtemp(path.join(tmpdir(), 'baton-offsets-'));
    dirs.push(dir);
    const same: string[] = [];
    for (let i = 0; same.length < ids; i++)
      if (bucketOf(`cus_${i}`) === bucketOf('cus_0')) same.push(`cus_${i}`);
    const files = new HistoryFiles(dir, { info: () => {}, warn: () => {} }, true);
    await files.open();
    const entry = (c: string, n: number): HistoryLine => ({
      customerId: c,
      kind: 'audit',
      at: `2026-12-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
      // Details an erasure takes out, so an erased customer's lines get shorter.
      entryJson: JSON.stringify({
        id: `a_${c}_${n}`,
        customerId: c,
        at: '2026-12-01T00:00:00.000Z',
        details: { note: 'called about the renewal' },
      }),
    });
    const text: string[] = [];
    for (let n = 0; n < perCustomer; n++) for (const c of same) text.push(historyText(entry(c, n)));
    await writeFile(files.fileOf(bucketOf('cus_0')), text.join(''));
    return { files, same, entry };
  }

  it('is read from the file once when look-ups of one bucket come in together', async () => {
    const { files, same } = await bucketWith(4, 300);
    const reads = vi.spyOn(BucketOffsets, 'read');
    const timelines = await Promise.all(same.map((c) => files.read(c)));
    for (const t of timelines) expect(t).toHaveLength(300);
    expect(timelines[1]?.[0]?.entry.customerId).toBe(same[1]);
    expect(reads).toHaveBeenCalledTimes(1);
    await files.close();
  });

  it('is kept when appends run while it is read, and every line is read back once', async () => {
    const { files, same, entry } = await bucketWith(4, 300);
    const reads = vi.spyOn(BucketOffsets, 'read');
    // A CRM burst: one append after another to the bucket while the first look-up reads it.
    const appends = (async () => {
      for (let n = 300; n < 340; n++) await files.append([entry(same[0] as string, n)]);
    })();
    const first = files.read(same[1] as string);
    await Promise.all([appends, first]);
    expect(await first).toHaveLength(300);
    expect(await files.read(same[0] as string)).toHaveLength(340);
    expect(await files.read(same[2] as string)).toHaveLength(300);
    // Read again by each look-up had the index been dropped for the append under way.
    expect(reads).toHaveBeenCalledTimes(1);
    await files.close();
  });

  it("a customer erased while the bucket's offsets are read leaves the others' timelines whole", async () => {
    const { files, same } = await bucketWith(4, 5_000);
    const first = files.read(same[1] as string);
    await files.erase(same[0] as string);
    // Read after the rewrite, the first read still under way: by offsets of the rewritten file.
    const [after, gone] = await Promise.all([files.read(same[2] as string), files.read(same[0] as string)]);
    expect(after).toHaveLength(5_000);
    expect(after.every((e) => e.entry.customerId === same[2])).toBe(true);
    expect(gone).toHaveLength(5_000);
    expect(await first).toHaveLength(5_000);
    await files.close();
  });
});

const historyText = (l: HistoryLine) =>
  `{"c":${JSON.stringify(l.customerId)},"kind":"${l.kind}","at":${JSON.stringify(l.at)},"entry":${l.entryJson}}\n`;
