/** The ids under one key: iterated and counted, never changed by the reader. */
export interface IdSet extends Iterable<string> {
  readonly size: number;
}

/** Past this many ids a key holds a `Set`: below it, `includes` on a short array is as quick. */
const SMALL = 16;

/**
 * A key → set-of-ids index, for the few look-ups that must not scan. A key with
 * one id holds the id itself, a few ids a short array, and only a key with many
 * a `Set`: most keys (a handoff's follow-ups, a customer's handoffs) hold one or
 * two, and a `Set` of two is about 270 bytes against 64 for an array; 100k of
 * them were 27 MB of a 50k-handoff store.
 */
export class MultiIndex {
  /** An id, a short array or a set of ids; '' once a single id was removed (kept like an emptied set). */
  private readonly map = new Map<string, string | string[] | Set<string>>();

  add(key: string | undefined, id: string): void {
    if (key === undefined) return;
    const held = this.map.get(key);
    if (held === undefined || held === '') this.map.set(key, id);
    else if (typeof held === 'string') {
      if (held !== id) this.map.set(key, [held, id]);
    } else if (Array.isArray(held)) {
      if (held.includes(id)) return;
      if (held.length < SMALL) held.push(id);
      else this.map.set(key, new Set([...held, id]));
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
    } else if (Array.isArray(held)) {
      const at = held.indexOf(id);
      if (at >= 0) held.splice(at, 1);
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

  private cursor: Iterator<[string, string | string[] | Set<string>]> | undefined;
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
      if (Array.isArray(held)) {
        seen += held.length + 1;
        const kept = keep ? held.filter((id) => keep(key, id)) : held;
        if (kept.length === 0) this.map.delete(key);
        else if (kept.length !== held.length) this.map.set(key, kept);
        continue;
      }
      seen += held.size + 1;
      if (keep) for (const id of held) if (!keep(key, id)) held.delete(id);
      if (held.size === 0) this.map.delete(key);
    }
    return false;
  }

  /** The ids under the key, as held now: read it before the index changes again. */
  get(key: string): IdSet {
    const held = this.map.get(key);
    if (held === undefined || held === '') return EMPTY;
    if (typeof held === 'string') return listOf([held]);
    return Array.isArray(held) ? listOf(held.slice()) : held;
  }
}

const listOf = (ids: readonly string[]): IdSet => ({
  size: ids.length,
  [Symbol.iterator]: () => ids[Symbol.iterator](),
});

const EMPTY: IdSet = listOf([]);
