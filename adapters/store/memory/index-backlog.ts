/**
 * Records a store loaded at start but has not yet put in its secondary
 * indexes (by customer, owner, person, name…). The data file store opens
 * with its records by id only and indexes the rest in slices once Baton
 * answers: over 200k records that was about a tenth of a start. Anything
 * that reads or changes an index first takes the rest of the backlog in one
 * go (`HotState.indexed`), so no answer comes from a half-built index.
 */
export class IndexBacklog {
  private readonly steps: Array<{ list: readonly unknown[]; next: number; index: (item: never) => void }> =
    [];

  /** `index` is called with each item of `list`, in order, after those of the lists added before. */
  add<T>(list: readonly T[], index: (item: T) => void): void {
    this.steps.push({ list, next: 0, index: index as (item: never) => void });
  }

  /** Indexes up to `n` more records; true once none are left. */
  some(n: number): boolean {
    let left = n;
    for (const step of this.steps) {
      while (step.next < step.list.length) {
        if (left-- <= 0) return false;
        step.index(step.list[step.next++] as never);
      }
    }
    this.steps.length = 0;
    return true;
  }

  all(): void {
    this.some(Number.POSITIVE_INFINITY);
  }
}
