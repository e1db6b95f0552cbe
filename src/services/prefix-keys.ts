/**
 * Keys found by prefix, where keys come and go one at a time (a customer
 * renamed by a CRM event). Keeping one sorted array exact meant a splice per
 * change: with 60,000 names each moved the whole array (~130 µs), two per
 * rename, and a CRM burst renaming hundreds between two look-ups held the
 * event loop for 100-180 ms. Here a new key waits in a short unsorted list and
 * a gone one stays where it is, both settled in one linear merge now and then.
 */
export class PrefixKeys {
  /** Sorted: present unless in `gone`. */
  private sorted: string[] = [];
  /** Added since the last merge, in no order, none of them in `sorted`: present unless in `gone`. */
  private recent: string[] = [];
  /** Keys gone since the last merge, still in one of the lists above. */
  private readonly gone = new Set<string>();

  /** A key now present (it was not). `deferMerge`: filling in bulk, merged once by `merge()` at the end. */
  add(key: string, deferMerge = false): void {
    // Gone since the last merge: it is still listed, present again.
    if (this.gone.delete(key)) return;
    this.recent.push(key);
    if (!deferMerge) this.mergeIfDue();
  }

  /** A key no longer present (it was): listed until the next merge, skipped meanwhile. */
  delete(key: string): void {
    this.gone.add(key);
    this.mergeIfDue();
  }

  /** The present keys that start with `prefix`, each once, in no particular order. */
  *startingWith(prefix: string): Generator<string> {
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length; i++) {
      const key = this.sorted[i] ?? '';
      if (!key.startsWith(prefix)) break;
      if (!this.gone.has(key)) yield key;
    }
    for (const key of this.recent) if (key.startsWith(prefix) && !this.gone.has(key)) yield key;
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
      if (!this.gone.has(key)) out.push(key);
    }
    this.sorted = out;
    this.recent = [];
    this.gone.clear();
  }

  /** Merged once changes reach a sixteenth of the keys: a look-up scans at most that many unsorted ones. */
  private mergeIfDue(): void {
    if (this.recent.length + this.gone.size > Math.max(1_024, this.sorted.length / 16)) this.merge();
  }
}

/** The first position whose value is not below `key`. */
function lowerBound<T extends string | number>(sorted: readonly T[], key: T): number {
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
