/**
 * Keys found by prefix, where keys come and go one at a time (a customer
 * renamed by a CRM event, a CRM burst's new customers). Keeping one sorted
 * array meant a splice per change: with 60,000 names each moved the whole
 * array (~130 µs). Keeping new keys aside and merging them in now and then
 * rebuilt an array of every key at each merge: 30-70 ms at 150,000 keys,
 * several times in a burst. Here the sorted keys are cut into blocks of at
 * most BLOCK: a change moves part of one block, and a full block splits in two.
 */
const BLOCK = 1_024;

export class PrefixKeys {
  /** `block`: keys a block holds before it splits (small ones in tests, to split often). */
  constructor(private readonly block = BLOCK) {}

  /** Each sorted and none empty; every key of a block is below every key of the next. */
  private blocks: string[][] = [];
  /** Filled in bulk (`add` with `deferMerge`), not yet sorted into the blocks. */
  private pending: string[] = [];

  /** A key now present (it was not). `deferMerge`: filling in bulk, sorted once by `merge()` at the end. */
  add(key: string, deferMerge = false): void {
    if (deferMerge) {
      this.pending.push(key);
      return;
    }
    const b = this.blockFor(key);
    const block = this.blocks[b];
    if (!block) {
      this.blocks.push([key]);
      return;
    }
    block.splice(lowerBound(block, key), 0, key);
    if (block.length > this.block) this.blocks.splice(b + 1, 0, block.splice(block.length >>> 1));
  }

  /** A key no longer present (it was). */
  delete(key: string): void {
    const b = this.blockFor(key);
    const block = this.blocks[b];
    if (!block) return;
    const i = lowerBound(block, key);
    if (block[i] !== key) return;
    block.splice(i, 1);
    if (block.length === 0) this.blocks.splice(b, 1);
  }

  /** The present keys that start with `prefix`, each once, in no particular order. */
  *startingWith(prefix: string): Generator<string> {
    // A bulk fill not merged yet (a look-up does not wait for one, but it may come between).
    for (const key of this.pending) if (key.startsWith(prefix)) yield key;
    for (let b = Math.max(0, this.blockFor(prefix)); b < this.blocks.length; b++) {
      const block = this.blocks[b] as string[];
      for (let i = lowerBound(block, prefix); i < block.length; i++) {
        const key = block[i] as string;
        if (!key.startsWith(prefix)) return;
        yield key;
      }
    }
  }

  /** Sorts what was added in bulk into the blocks. */
  merge(): void {
    if (this.pending.length === 0) return;
    const all = this.pending;
    for (const block of this.blocks) for (const key of block) all.push(key);
    all.sort();
    this.pending = [];
    this.blocks = [];
    // Blocks filled to three quarters: room to grow before the first splits.
    const size = Math.max(1, (this.block * 3) >>> 2);
    for (let i = 0; i < all.length; i += size) this.blocks.push(all.slice(i, i + size));
  }

  /** The block a key belongs in: the first whose last key is not below it, else the last. */
  private blockFor(key: string): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid] as string[];
      if ((block[block.length - 1] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, this.blocks.length - 1);
  }
}

/** The first position whose value is not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
