import { describe, expect, it } from 'vitest';
import { BucketOffsets } from '../../../adapters/store/lowdb/history-offsets.js';

const line = (c: string, kind = 'audit') =>
  `${JSON.stringify({ c, kind, at: '2026-12-01T00:00:00.000Z' })}\n`;

describe("a history bucket's offsets", () => {
  it("finds each customer's lines, whatever the id holds (escapes, quotes, other scripts)", async () => {
    const ids = ['cus_1', 'cus_"quoted"', 'cus_back\\slash', '고객_2', 'cus_\u0001'];
    const text = [...ids, ...ids].map((c) => line(c)).join('');
    const file = Buffer.from(text);
    const offsets = await BucketOffsets.of(file, async () => {});
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
    const offsets = await BucketOffsets.of(file, async () => {});
    expect(offsets.rangesOf('cus_1')).toHaveLength(2);
    expect(offsets.end).toBe(Buffer.byteLength(line('cus_1')) + '{"other":1}\n'.length);
  });

  it("reads ids as they are written, and lines too short or of another shape as no one's", async () => {
    // A line that is not a history line, one whose id is not a string, and a short last line.
    const file = Buffer.from(`${line('cus_1')}{"c":12,"kind":"audit"}\n${line('cus_2')}{}\n`);
    const offsets = await BucketOffsets.of(file, async () => {});
    expect(offsets.rangesOf('cus_1')).toEqual([0, Buffer.byteLength(line('cus_1')) - 1]);
    expect(offsets.rangesOf('cus_2')).toHaveLength(2);
    expect(offsets.rangesOf('12')).toEqual([]);
    expect(offsets.end).toBe(file.length);
  });
});
