/**
 * What the per-process caches of the PostgreSQL store share (`journey-cache.ts`,
 * `language-cache.ts`). Which rows are new is told by transaction ids, not by
 * time: each cached table's stamp column holds the id of the transaction that
 * last wrote the row, and a read's own snapshot reports its `xmin`, the oldest
 * transaction still in flight then. Ids are handed out before commit, so
 * commits land out of id order; every row the previous read could not see was
 * written at or above that read's `xmin`, so the next read asks for stamps
 * from there and misses nothing (see `journey-cache.ts` for the trade-off).
 */

/** This transaction's id, as the stamp a write leaves on a cached row. */
export const CHANGE_STAMP = 'pg_current_xact_id()::text::bigint';

/** The read's own snapshot `xmin`: where the next read of changes starts. */
export const SNAPSHOT_HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())::text';

/**
 * One read at a time, merged in the order of their snapshots. A caller that
 * arrives while a read runs waits for the next one (which starts after its
 * own writes committed) and shares it with everyone else who arrived meanwhile.
 */
export function oneReadAtATime(read: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const run = read().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    const next = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    queued = next;
    return next;
  };
}
