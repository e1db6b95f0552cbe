/**
 * Values kept in the order of a comparison, inserted and removed by binary
 * search. No key is kept beside a value: the queues hold the stored records
 * themselves (a pointer each), which do not change while they are in a list
 * (a change stores a new record: the old one is taken out first).
 */
export class Ordered<T> {
  readonly list: T[];

  /** `compare` must order distinct values apart (0 only for the same record). */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    values: T[] = [],
  ) {
    this.list = values.sort(compare);
  }

  private at(value: T): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const here = this.list[mid];
      if (here !== undefined && this.compare(here, value) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(value: T): void {
    this.list.splice(this.at(value), 0, value);
  }

  remove(value: T): void {
    const i = this.at(value);
    const here = this.list[i];
    if (here !== undefined && this.compare(here, value) === 0) this.list.splice(i, 1);
  }
}
