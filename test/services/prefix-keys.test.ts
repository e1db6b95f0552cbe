import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixKeys } from '../../src/services/prefix-keys.js';
import '../support/fast-check-setup.js';

/**
 * The name search's keys by prefix, against a plain set of the keys present: after any adds
 * (one at a time or in bulk) and deletes, every prefix finds exactly the present keys that
 * start with it. Short keys over a small alphabet make shared prefixes, and blocks of four
 * keys fill, split and empty all the time.
 */
const key = fc.stringMatching(/^[ab][abc]{0,4}$/);
const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('add' as const), key, bulk: fc.boolean() }),
    fc.record({ kind: fc.constant('delete' as const), key }),
    fc.record({ kind: fc.constant('merge' as const) }),
  ),
  { minLength: 50, maxLength: 1_500, size: 'max' },
);

function check(keys: PrefixKeys, present: Set<string>) {
  for (const prefix of ['', 'a', 'b', 'ab', 'ba', 'abc', 'aaaa', 'c']) {
    const want = [...present].filter((k) => k.startsWith(prefix)).sort();
    expect([...keys.startingWith(prefix)].sort(), `prefix "${prefix}"`).toEqual(want);
  }
}

function run(list: Array<{ kind: string; key?: string; bulk?: boolean }>, make = () => new PrefixKeys(4)) {
  const keys = make();
  const present = new Set<string>();
  let bulk = false;
  for (const op of list) {
    if (op.kind === 'merge') {
      keys.merge();
      bulk = false;
    } else if (op.kind === 'add' && op.key !== undefined && !present.has(op.key)) {
      // As the name index uses it: bulk adds go before any one-at-a-time change, then a merge.
      if (op.bulk && (bulk || present.size === 0)) bulk = true;
      else if (bulk) {
        keys.merge();
        bulk = false;
      }
      keys.add(op.key, bulk);
      present.add(op.key);
    } else if (op.kind === 'delete' && op.key !== undefined && present.has(op.key)) {
      if (bulk) {
        keys.merge();
        bulk = false;
      }
      keys.delete(op.key);
      present.delete(op.key);
    }
  }
  check(keys, present);
}

describe('keys found by prefix', () => {
  it('finds exactly the present keys with a prefix, after any adds, deletes and bulk fills', () => {
    fc.assert(
      fc.property(ops, (list) => run(list)),
      { numRuns: 60 },
    );
  });

  it('control: a structure that drops a key now and then fails the same check', () => {
    class Lossy extends PrefixKeys {
      constructor() {
        super(4);
      }
      private n = 0;
      override add(k: string, deferMerge = false): void {
        if (++this.n % 97 !== 0) super.add(k, deferMerge);
      }
    }
    expect(() =>
      fc.assert(
        fc.property(ops, (list) => run(list, () => new Lossy())),
        { numRuns: 60, endOnFailure: true },
      ),
    ).toThrow();
  });

  it('keeps a big set in order through thousands of adds and deletes one at a time', () => {
    const keys = new PrefixKeys();
    const present = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const k = `acme ${((i * 2654435761) >>> 0).toString(36)}`;
      keys.add(k, i < 10_000);
      present.add(k);
      if (i === 9_999) keys.merge();
      if (i % 3 === 0 && i > 10_000) {
        const gone = `acme ${(((i - 5_000) * 2654435761) >>> 0).toString(36)}`;
        if (present.delete(gone)) keys.delete(gone);
      }
    }
    check(keys, present);
    const all = [...keys.startingWith('acme ')];
    expect(all).toHaveLength(present.size);
  });
});
