/** Entries kept sorted by a string key (code-unit order), inserted and removed by binary search. */
export class Ordered<T> {
  readonly list: Array<{ key: string; value: T }> = [];

  static of<T>(entries: Array<{ key: string; value: T }>): Ordered<T> {
    const o = new Ordered<T>();
    o.list.push(...entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
    return o;
  }

  private at(key: string): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.list[mid]?.key ?? '') < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(key: string, value: T): void {
    this.list.splice(this.at(key), 0, { key, value });
  }

  remove(key: string): void {
    const i = this.at(key);
    if (this.list[i]?.key === key) this.list.splice(i, 1);
  }
}
