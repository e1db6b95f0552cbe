import FlatQueue from 'flatqueue';

/**
 * Ids ordered by when they fall due, so a scheduler tick costs what is due and
 * not what is stored. Entries are never removed in place: a popped id whose
 * record changed or vanished is skipped by the caller (lazy deletion), and a
 * re-scheduled record is simply pushed again. flatqueue keeps ids and times
 * in flat arrays: no object per entry, which matters at hundreds of thousands.
 *
 * Lease ends go to a second, small heap: nearly every claim is finished long
 * before its lease runs out, so those entries are almost all skipped, and
 * skipping them from a heap of a few thousand costs far less than from the
 * main one of hundreds of thousands.
 */
export class DueQueue {
  private readonly queue = new FlatQueue<string>();
  private readonly leases = new FlatQueue<string>();

  push(id: string, at: number): void {
    this.queue.push(id, at);
  }

  /** When a claim on `id` runs out, the record is looked at again. */
  pushLeaseEnd(id: string, at: number): void {
    this.leases.push(id, at);
  }

  /** Pops the earliest entry of either heap if it is due at `now`. Callers pop only as many as they can use. */
  popDue(now: number): { at: number; id: string } | undefined {
    const dueAt = this.queue.peekValue();
    const leaseAt = this.leases.peekValue();
    const fromLeases = leaseAt !== undefined && (dueAt === undefined || leaseAt < dueAt);
    const heap = fromLeases ? this.leases : this.queue;
    const at = fromLeases ? leaseAt : dueAt;
    if (at === undefined || at > now) return undefined;
    const id = heap.pop();
    return id === undefined ? undefined : { at, id };
  }

  get size(): number {
    return this.queue.length + this.leases.length;
  }
}
