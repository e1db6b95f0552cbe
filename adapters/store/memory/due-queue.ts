import TinyQueue from 'tinyqueue';

/**
 * Ids ordered by when they fall due, so a scheduler tick costs what is due and
 * not what is stored. Entries are never removed in place: a popped id whose
 * record changed or vanished is skipped by the caller (lazy deletion), and a
 * re-scheduled record is simply pushed again.
 */
export class DueQueue {
  private readonly queue = new TinyQueue<{ at: number; id: string }>([], (a, b) => a.at - b.at);

  push(id: string, at: number): void {
    this.queue.push({ at, id });
  }

  /** Pops every entry due at `now` or earlier, up to `max` of them. */
  popDue(now: number, max: number): Array<{ at: number; id: string }> {
    const out: Array<{ at: number; id: string }> = [];
    while (out.length < max) {
      const head = this.queue.peek();
      if (!head || head.at > now) break;
      this.queue.pop();
      out.push(head);
    }
    return out;
  }

  get size(): number {
    return this.queue.length;
  }
}
