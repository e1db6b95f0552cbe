import FlatQueue from 'flatqueue';

/**
 * Ids ordered by when they fall due, so a scheduler tick costs what is due and
 * not what is stored. Entries are never removed in place: a popped id whose
 * record changed or vanished is skipped by the caller (lazy deletion), and a
 * re-scheduled record is simply pushed again. flatqueue keeps ids and times
 * in flat arrays: no object per entry, which matters at hundreds of thousands.
 */
export class DueQueue {
  private readonly queue = new FlatQueue<string>();

  push(id: string, at: number): void {
    this.queue.push(id, at);
  }

  /** Pops the earliest entry if it is due at `now`. Callers pop only as many as they can use. */
  popDue(now: number): { at: number; id: string } | undefined {
    const at = this.queue.peekValue();
    if (at === undefined || at > now) return undefined;
    const id = this.queue.pop();
    return id === undefined ? undefined : { at, id };
  }

  get size(): number {
    return this.queue.length;
  }
}
