/** A key → set-of-ids index, for the few look-ups that must not scan. */
export class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string | undefined, id: string): void {
    if (key === undefined) return;
    let set = this.map.get(key);
    if (!set) {
      set = new Set();
      this.map.set(key, set);
    }
    set.add(id);
  }

  remove(key: string | undefined, id: string): void {
    if (key === undefined) return;
    const set = this.map.get(key);
    if (!set) return;
    // An emptied set stays until `sweep`: deleting keys one by one from a map of
    // 100k keys makes V8 shrink and rehash it, which showed in every scheduler tick.
    set.delete(id);
  }

  /** Drops the keys whose sets emptied; run now and then (at compaction). */
  sweep(): void {
    for (const [key, set] of this.map) if (set.size === 0) this.map.delete(key);
  }

  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
