import Fuse from 'fuse.js';
import type { CustomerName } from '../store/store.js';
import { PrefixKeys } from './prefix-keys.js';
import { SlotList } from './slot-list.js';

export interface Suggestion {
  id: string;
  name: string;
  score: number;
}

/** How many of the names sharing the most trigrams with what was typed go on to the fuzzy ranking. */
const CANDIDATES = 100;
/** Searches remembered until a name changes: "did you mean" is asked twice per typo (resolve, then filter by reader). */
const MEMO = 256;

const FUSE_OPTIONS = { keys: ['name', 'aliases'], includeScore: true, threshold: 0.4, ignoreLocation: true };

const lowerKeys = (n: CustomerName): string[] => [
  ...new Set([n.name.toLowerCase(), ...n.aliases.map((a) => a.toLowerCase())]),
];

/**
 * Calls `f` with each trigram of the text padded with a space (so short names
 * and first letters count too), as a small integer: building the index over
 * 50,000 names then makes no strings. Letters past the first 1,024 code
 * points may share a number; that only adds candidates, which Fuse ranks on
 * the text itself.
 */
function forEachTrigram(text: string, f: (gram: number) => void): void {
  const s = ` ${text.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  for (let i = 0; i + 3 <= s.length; i++)
    f(((s.charCodeAt(i) << 20) ^ (s.charCodeAt(i + 1) << 10) ^ s.charCodeAt(i + 2)) & 0x3fffffff);
}

const sameNames = (a: CustomerName, b: CustomerName) =>
  a.name === b.name && a.aliases.length === b.aliases.length && a.aliases.every((x, i) => x === b.aliases[i]);

/**
 * Every customer name and alias, searchable by exact name, by unique prefix
 * and by "did you mean", kept up to date entry by entry as names change (a
 * new customer from a webhook adds one entry; nothing is rebuilt). The fuzzy
 * ranking runs only over the few names that share the most trigrams with
 * what was typed, so a typo costs about the same with 50 or 50,000 customers.
 */
export class NameIndex {
  private synced: readonly CustomerName[] | undefined;
  /** Id → its slot in `slots`. */
  private readonly byId = new Map<string, number>();
  /** Lower-cased name or alias → the customer called that, or the several who are (an array only then). */
  private readonly exactKeys = new Map<string, CustomerName | CustomerName[]>();
  /** The exact keys, for prefix look-ups. */
  private readonly prefixKeys = new PrefixKeys();
  /** Trigram → the slots of the names that have it, each once, ascending (slots only grow). */
  private readonly postings = new Map<number, SlotList>();
  private readonly slots: Array<CustomerName | undefined> = [];
  /** Slots of removed names still listed in postings: they are dropped in one sweep, not one by one. */
  private stale = 0;
  private counts = new Int32Array(0);
  private readonly memo = new Map<string, Suggestion[]>();
  private bulk = false;

  /** Brings the index up to date with the store's names: only changed entries are touched. */
  sync(names: readonly CustomerName[]): void {
    if (names === this.synced) return;
    this.synced = names;
    // Filling an empty index: keys are sorted once at the end instead of inserted in place.
    this.bulk = this.byId.size === 0;
    for (const n of names) this.put(n);
    if (this.byId.size > names.length) {
      const present = new Set(names.map((n) => n.id));
      for (const id of [...this.byId.keys()]) if (!present.has(id)) this.remove(id);
    }
    if (this.bulk) this.prefixKeys.merge();
    this.bulk = false;
  }

  /** Takes in names changed since the last look (Store.customerNamesSince): only those are touched. */
  apply(changed: readonly CustomerName[]): void {
    for (const n of changed) this.put(n);
    this.synced = undefined;
  }

  /**
   * `apply`, `slice` names at a time with the event loop free between slices: the first look-up
   * after a CRM burst took in 1,500-3,000 new names in one turn (a 74 ms stall in the burst bench).
   */
  async applyInSlices(changed: readonly CustomerName[], slice: number): Promise<void> {
    for (let i = 0; i < changed.length; i += slice) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      this.apply(changed.slice(i, i + slice));
    }
  }

  /**
   * Fills an empty index `slice` names at a time, yielding to the event loop between slices
   * (50,000 names take about half a second): Baton answers meanwhile. Not to be mixed with
   * other calls until it settles; `sync` afterwards adds what changed since.
   */
  async fill(names: readonly CustomerName[], slice = 2_000): Promise<void> {
    if (this.byId.size > 0) return this.sync(names);
    this.bulk = true;
    for (let i = 0; i < names.length; i += slice) {
      const end = Math.min(names.length, i + slice);
      for (let k = i; k < end; k++) {
        const n = names[k] as CustomerName;
        if (!this.byId.has(n.id)) this.add(n);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.prefixKeys.merge();
    this.bulk = false;
    this.synced = names;
  }

  /** The customers called exactly this (name or alias, any case). */
  exact(text: string): readonly CustomerName[] {
    return listOf(this.exactKeys.get(text.toLowerCase()));
  }

  /** The one customer whose name or alias starts with this, if exactly one does. */
  onlyStartingWith(text: string): CustomerName | undefined {
    const prefix = text.toLowerCase();
    let only: CustomerName | undefined;
    for (const key of this.prefixKeys.startingWith(prefix)) {
      for (const e of listOf(this.exactKeys.get(key))) {
        if (only && only.id !== e.id) return undefined;
        only = e;
      }
    }
    return only;
  }

  /** "Did you mean": the closest names, best first. */
  suggest(needle: string, max = 3): Suggestion[] {
    const key = `${max}\u0000${needle}`;
    const remembered = this.memo.get(key);
    if (remembered) return remembered;
    const candidates = this.candidates(needle);
    const found = new Fuse(candidates, FUSE_OPTIONS)
      .search(needle, { limit: max })
      .map((r) => ({ id: r.item.id, name: r.item.name, score: r.score ?? 1 }));
    if (this.memo.size >= MEMO) this.memo.clear();
    this.memo.set(key, found);
    return found;
  }

  /** The names sharing the most trigrams with the needle, in the store's order. */
  private candidates(needle: string): CustomerName[] {
    if (this.counts.length < this.slots.length) this.counts = new Int32Array(this.slots.length * 2);
    const counts = this.counts;
    const touched: number[] = [];
    let most = 0;
    for (const posting of this.telling(needle)) {
      for (let i = 0; i < posting.length; i++) {
        const slot = posting.at(i);
        if (this.slots[slot] === undefined) continue;
        const c = (counts[slot] ?? 0) + 1;
        counts[slot] = c;
        if (c === 1) touched.push(slot);
        if (c > most) most = c;
      }
    }
    // Best counts first (a counting sort: counts are at most the needle's trigrams).
    const byCount: number[][] = Array.from({ length: most + 1 }, () => []);
    for (const slot of touched) byCount[counts[slot] ?? 0]?.push(slot);
    for (const slot of touched) counts[slot] = 0;
    const picked: number[] = [];
    for (let c = most; c > 0 && picked.length < CANDIDATES; c--) {
      for (const slot of byCount[c] ?? []) {
        if (picked.length >= CANDIDATES) break;
        picked.push(slot);
      }
    }
    return picked
      .sort((a, b) => a - b)
      .map((slot) => this.slots[slot])
      .filter((n): n is CustomerName => n !== undefined);
  }

  /**
   * The needle's trigram postings worth counting: those most names share
   * ("cus", "gmb") tell nothing and cost the most, so they are left out
   * while rarer ones remain. Fuse ranks the candidates on the whole text.
   */
  private telling(needle: string): SlotList[] {
    const grams = new Set<number>();
    forEachTrigram(needle, (g) => grams.add(g));
    const postings = [...grams]
      .map((g) => this.postings.get(g))
      .filter((p): p is SlotList => p !== undefined);
    const common = Math.max(CANDIDATES * 10, this.byId.size / 10);
    const rare = postings.filter((p) => p.length <= common);
    return rare.length > 0 ? rare : postings;
  }

  private put(n: CustomerName): void {
    const slot = this.byId.get(n.id);
    const known = slot === undefined ? undefined : this.slots[slot];
    if (known === n) return;
    if (slot !== undefined && known && sameNames(known, n)) {
      this.slots[slot] = n;
      return;
    }
    if (slot !== undefined) this.remove(n.id);
    this.add(n);
  }

  private add(n: CustomerName): void {
    // Always a new slot: postings stay ascending by appending, never by inserting in place.
    const slot = this.slots.length;
    this.slots[slot] = n;
    this.byId.set(n.id, slot);
    for (const key of lowerKeys(n)) {
      const held = this.exactKeys.get(key);
      if (Array.isArray(held)) held.push(n);
      else if (held) this.exactKeys.set(key, [held, n]);
      else {
        this.exactKeys.set(key, n);
        this.prefixKeys.add(key, this.bulk);
      }
    }
    this.forEachGramOf(n, (gram) => {
      const posting = this.postings.get(gram);
      if (!posting) this.postings.set(gram, new SlotList(slot));
      // A trigram this name repeats ("ana" in "banana") is already listed: each slot once.
      else if (posting.last() !== slot) posting.push(slot);
    });
    this.memo.clear();
  }

  private remove(id: string): void {
    const slot = this.byId.get(id);
    const entry = slot === undefined ? undefined : this.slots[slot];
    if (slot === undefined || !entry) return;
    this.byId.delete(id);
    for (const key of lowerKeys(entry)) {
      const list = listOf(this.exactKeys.get(key)).filter((e) => e.id !== id);
      if (list.length > 1) this.exactKeys.set(key, list);
      else if (list[0]) this.exactKeys.set(key, list[0]);
      else {
        this.exactKeys.delete(key);
        this.prefixKeys.delete(key);
      }
    }
    // Its postings keep the slot until a sweep: splicing one out of the postings of a trigram
    // most names share ("gmb") moved 50,000 entries, for each rename in a CRM burst.
    this.slots[slot] = undefined;
    this.stale++;
    if (this.stale > Math.max(1_000, this.byId.size)) this.sweepPostings();
    this.memo.clear();
  }

  private sweepPostings(): void {
    for (const [gram, posting] of this.postings) {
      posting.retain((slot) => this.slots[slot] !== undefined);
      if (posting.length === 0) this.postings.delete(gram);
    }
    this.stale = 0;
  }

  private forEachGramOf(n: CustomerName, f: (gram: number) => void): void {
    forEachTrigram(n.name, f);
    for (const alias of n.aliases) forEachTrigram(alias, f);
  }
}

const listOf = (held: CustomerName | CustomerName[] | undefined): readonly CustomerName[] =>
  held === undefined ? [] : Array.isArray(held) ? held : [held];
