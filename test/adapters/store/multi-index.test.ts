import { describe, expect, it } from 'vitest';
import { MultiIndex } from '../../../adapters/store/memory/multi-index.js';

describe('a key → ids index swept in slices', () => {
  it('drops emptied keys and ids that no longer belong, a few keys per call, until it says it is done', () => {
    const index = new MultiIndex();
    for (let i = 0; i < 10; i++) index.add(`k${i}`, `id${i}`);
    index.add('k0', 'moved');
    for (let i = 1; i < 10; i += 2) index.remove(`k${i}`, `id${i}`);
    // `moved` no longer belongs under k0 (its owner says so through `keep`).
    const keep = (_key: string, id: string) => id !== 'moved';
    const calls: boolean[] = [];
    for (let done = false; !done; ) {
      done = index.sweepSome(3, keep);
      calls.push(done);
    }
    // 10 keys, 3 a call: four calls, the last one says done.
    expect(calls).toEqual([false, false, false, true]);
    for (let i = 1; i < 10; i += 2) expect([...index.get(`k${i}`)]).toEqual([]);
    expect([...index.get('k0')]).toEqual(['id0']);
    expect([...index.get('k2')]).toEqual(['id2']);
    // Control: without `keep`, the moved id stays.
    const plain = new MultiIndex();
    plain.add('k0', 'id0');
    plain.add('k0', 'moved');
    plain.sweep();
    expect([...plain.get('k0')].sort()).toEqual(['id0', 'moved']);
  });
});
