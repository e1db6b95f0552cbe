/**
 * An ascending list of small non-negative integers (a trigram's name slots)
 * in a typed array: 4 bytes a slot where a JavaScript array of numbers takes
 * 8 and grows by half again; 50,000 names with 2 keys each hold about two
 * million slots.
 */
export class SlotList {
  private data: Int32Array;
  length = 0;

  constructor(first: number) {
    this.data = new Int32Array(4);
    this.data[0] = first;
    this.length = 1;
  }

  at(i: number): number {
    return this.data[i] ?? -1;
  }

  last(): number {
    return this.length > 0 ? this.at(this.length - 1) : -1;
  }

  /** Appends a slot above every one listed: a name always takes a new, higher slot. */
  push(slot: number): void {
    this.room(1);
    this.data[this.length++] = slot;
  }

  /** Keeps only the slots `keep` says yes to, in order. */
  retain(keep: (slot: number) => boolean): void {
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = this.data[i] ?? -1;
      if (keep(slot)) this.data[n++] = slot;
    }
    this.length = n;
    if (this.data.length > 16 && n < this.data.length / 4) this.data = this.data.slice(0, Math.max(4, n * 2));
  }

  private room(more: number): void {
    if (this.length + more <= this.data.length) return;
    const grown = new Int32Array(Math.max(this.length + more, Math.ceil(this.data.length * 1.5)));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}
