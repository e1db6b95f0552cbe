/**
 * Keys found by prefix, where keys come and go one at a time (a customer
 * renamed by a CRM event). Keeping one sorted array exact meant a splice per
 * change: with 60,000 names each moved the whole array (~130 µs), two per
 * rename, and a CRM burst renaming hundreds between two look-ups held the
 * event loop for 100-180 ms. Here a new key waits in a short unsorted list and
 * a gone one stays where it is, both settled in one linear merge now and then.
 */
export class PrefixKeys {
  /** Sorted; may hold keys gone since the last merge (skipped on read). */
  private sorted: string[] = [];
  /** Added since the last merge, in no order (a key gone and back may be here twice). */
  private recent: string[] = [];
  private goneSinceMerge = 0;

  /** `alive`: whether a key is still present (the owner's map says so; this list only finds candidates). */
  constructor(private readonly alive: (key: string) => boolean) {}

  /** A key now present. `deferMerge`: filling in bulk, merged once by `merge()` at the end. */
  add(key: string, deferMerge = false): void {
    // Still in the sorted list from before it went: present again where it was.
    if (this.sorted[lowerBound(this.sorted, key)] === key) return;
    this.recent.push(key);
    if (!deferMerge) this.mergeIfDue();
  }

  /** A key no longer present: it stays listed until the next merge, skipped meanwhile. */
  delete(): void {
    this.goneSinceMerge++;
    this.mergeIfDue();
  }

  /** The present keys that start with `prefix`, each at least once, in no particular order. */
  *startingWith(prefix: string): Generator<string> {
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length; i++) {
      const key = this.sorted[i] ?? '';
      if (!key.startsWith(prefix)) break;
      if (this.alive(key)) yield key;
    }
    for (const key of this.recent) if (key.startsWith(prefix) && this.alive(key)) yield key;
  }

  /** Sorts the recent keys into the sorted list and drops the gone ones: one pass over both. */
  merge(): void {
    const recent = this.recent.sort();
    const old = this.sorted;
    const out: string[] = [];
    let i = 0;
    let j = 0;
    while (i < old.length || j < recent.length) {
      const a = old[i];
      const b = recent[j];
      const key = (b === undefined || (a !== undefined && a <= b) ? old[i++] : recent[j++]) as string;
      if (out[out.length - 1] !== key && this.alive(key)) out.push(key);
    }
    this.sorted = out;
    this.recent = [];
    this.goneSinceMerge = 0;
  }

  /** Merged once changes reach a sixteenth of the keys: a look-up scans at most that many unsorted ones. */
  private mergeIfDue(): void {
    if (this.recent.length + this.goneSinceMerge > Math.max(1_024, this.sorted.length / 16)) this.merge();
  }
}

/** The first position whose value is not below `key`. */
export function lowerBound<T extends string | number>(sorted: readonly T[], key: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v !== undefined && v < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
