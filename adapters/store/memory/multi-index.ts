/**
 * A key → set-of-ids index, for the few look-ups that must not scan. A key with
 * one id holds the id itself, not a `Set`: most keys (a handoff's follow-ups, a
 * customer's handoffs) hold one or two, and 150k small sets were ~20 MB of a
 * 50k-handoff store and a good part of building it at start.
 */
export class MultiIndex {
  /** An id, a set of ids, or '' once a single id was removed (kept like an emptied set). */
  private readonly map = new Map<string, string | Set<string>>();

  add(key: string | undefined, id: string): void {
    if (key === undefined) return;
    const held = this.map.get(key);
    if (held === undefined || held === '') this.map.set(key, id);
    else if (typeof held === 'string') {
      if (held !== id) this.map.set(key, new Set([held, id]));
    } else held.add(id);
  }

  remove(key: string | undefined, id: string): void {
    if (key === undefined) return;
    const held = this.map.get(key);
    if (held === undefined) return;
    // An emptied key stays until `sweep`: deleting keys one by one from a map of
    // 100k keys makes V8 shrink and rehash it, which showed in every scheduler tick.
    if (typeof held === 'string') {
      if (held === id) this.map.set(key, '');
    } else held.delete(id);
  }

  /**
   * Drops the keys whose sets emptied; run now and then (at compaction). `keep`:
   * for an index whose owner leaves removed ids in place (see FollowUpTable),
   * whether an id still belongs under its key; those that do not are dropped.
   */
  sweep(keep?: (key: string, id: string) => boolean): void {
    this.cursor = undefined;
    while (!this.sweepSome(Number.POSITIVE_INFINITY, keep));
  }

  private cursor: Iterator<[string, string | Set<string>]> | undefined;
  /**
   * Sweeps keys from where the last call stopped until about `n` ids were looked at (a key
   * holding a set counts its ids: by person, 40 keys held 100k ids); true once every key was
   * seen. A sweep of a follow-up index over 150k keys held the event loop for 200 ms in one go.
   */
  sweepSome(n: number, keep?: (key: string, id: string) => boolean): boolean {
    this.cursor ??= this.map.entries();
    for (let seen = 0; seen < n; ) {
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = undefined;
        return true;
      }
      const [key, held] = next.value;
      if (typeof held === 'string') {
        seen++;
        if (held === '' || (keep && !keep(key, held))) this.map.delete(key);
        continue;
      }
      seen += held.size + 1;
      if (keep) for (const id of held) if (!keep(key, id)) held.delete(id);
      if (held.size === 0) this.map.delete(key);
    }
    return false;
  }

  get(key: string): ReadonlySet<string> {
    const held = this.map.get(key);
    if (held === undefined || held === '') return EMPTY;
    return typeof held === 'string' ? new Set([held]) : held;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
