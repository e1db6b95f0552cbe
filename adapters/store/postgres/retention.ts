import type { PruneCounts } from '../../../src/store/store.js';
import * as claims from './claims.js';
import { inTransaction, Rollback, type SqlDriver } from './driver.js';

/**
 * The retention prune, once per period across replicas: the run is claimed
 * by moving a timestamp in `kv` forward only if the last run is older than
 * `everyMs`. A replica asking at the same moment waits on that row, then sees
 * the new time and does nothing. The claim and the deletes commit together,
 * so a replica dying mid-prune leaves the run to the next one.
 */
export async function pruneOnce(
  driver: SqlDriver,
  before: Date,
  once?: { now: Date; everyMs: number },
): Promise<PruneCounts | undefined> {
  return inTransaction<PruneCounts | undefined, undefined>(driver, async (tx) => {
    if (once) {
      const claimed = await tx.query(
        `INSERT INTO kv (ns, key, value) VALUES ('baton', 'retention-run', to_jsonb($1::text))
         ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value
          WHERE (kv.value #>> '{}')::timestamptz <= $2::timestamptz
         RETURNING 1`,
        [once.now.toISOString(), new Date(once.now.getTime() - once.everyMs).toISOString()],
      );
      if (claimed.rowCount === 0) throw new Rollback<undefined>(undefined);
    }
    return claims.prune(tx, before);
  });
}
