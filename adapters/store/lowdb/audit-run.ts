/** Strings that repeat across hundreds of thousands of entries (customers, actions, actors), kept once each. */
export class Interner {
  private readonly codes = new Map<string, number>();

  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.codes.size;
      this.codes.set(s, c);
    }
    return c;
  }

  /** The code of a string already seen, -1 for one never seen (so nothing matches it). */
  known(s: string): number {
    return this.codes.get(s) ?? -1;
  }
}

/** What the index keeps of one audit line: enough to filter and order it, and where to read it. */
export interface AuditRow {
  ms: number;
  id: string;
  customer: number;
  action: number;
  actor: number;
  start: number;
  length: number;
}

/**
 * The audit lines of one history bucket file in (at, id) order, one column
 * per field in typed arrays: half a million entries cost a few dozen MB
 * (mostly their ids) instead of an object each. Lines arrive mostly in time
 * order, so an insert is almost always a push.
 */
export class AuditRun {
  size = 0;
  private ms = new Float64Array(64);
  private ids: string[] = [];
  private customers = new Int32Array(64);
  private actions = new Int32Array(64);
  private actors = new Int32Array(64);
  private starts = new Float64Array(64);
  private lengths = new Uint32Array(64);

  /** Adds a line; the same entry seen again (appended twice across a crash) keeps its later line. */
  add(r: AuditRow): void {
    const at = this.lowerBound(r.ms, r.id);
    if (at < this.size && this.ms[at] === r.ms && this.ids[at] === r.id) {
      this.starts[at] = r.start;
      this.lengths[at] = r.length;
      this.customers[at] = r.customer;
      return;
    }
    this.grow();
    if (at < this.size) {
      for (const col of this.columns()) col.copyWithin(at + 1, at, this.size);
      this.ids.splice(at, 0, r.id);
    } else {
      this.ids.push(r.id);
    }
    this.ms[at] = r.ms;
    this.customers[at] = r.customer;
    this.actions[at] = r.action;
    this.actors[at] = r.actor;
    this.starts[at] = r.start;
    this.lengths[at] = r.length;
    this.size++;
  }

  /** The first position whose (ms, id) is not before (ms, id). */
  lowerBound(ms: number, id: string): number {
    let lo = 0;
    let hi = this.size;
    // The common case, a line newer than all: no search.
    if (hi > 0 && this.before(hi - 1, ms, id)) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(mid, ms, id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Entry `i` sorts before (ms, id). */
  before(i: number, ms: number, id: string): boolean {
    const m = this.ms[i] ?? 0;
    return m < ms || (m === ms && (this.ids[i] ?? '') < id);
  }

  msAt(i: number): number {
    return this.ms[i] ?? 0;
  }
  idAt(i: number): string {
    return this.ids[i] ?? '';
  }
  customerAt(i: number): number {
    return this.customers[i] ?? -1;
  }
  actionAt(i: number): number {
    return this.actions[i] ?? -1;
  }
  actorAt(i: number): number {
    return this.actors[i] ?? -1;
  }
  rangeAt(i: number): { start: number; length: number } {
    return { start: this.starts[i] ?? 0, length: this.lengths[i] ?? 0 };
  }

  private columns() {
    return [this.ms, this.customers, this.actions, this.actors, this.starts, this.lengths];
  }

  private grow(): void {
    if (this.size < this.ms.length) return;
    const n = this.ms.length * 2;
    const bigger = <T extends Float64Array | Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.ms = bigger(this.ms, (k) => new Float64Array(k));
    this.customers = bigger(this.customers, (k) => new Int32Array(k));
    this.actions = bigger(this.actions, (k) => new Int32Array(k));
    this.actors = bigger(this.actors, (k) => new Int32Array(k));
    this.starts = bigger(this.starts, (k) => new Float64Array(k));
    this.lengths = bigger(this.lengths, (k) => new Uint32Array(k));
  }
}
