import type { ChangeSet, CommitResult } from '../../../src/store/store.js';
import type { SqlClient } from './driver.js';
import { toJson } from './rows.js';

const conflict = (ns: string, key: string): CommitResult => ({
  ok: false,
  reason: 'conflict',
  entity: 'kv',
  id: `${ns}/${key}`,
});

/**
 * Keys that must not exist (inserted) and keys that must exist (taken), in the
 * commit's transaction. The first that fails is returned and the caller rolls
 * the whole commit back: of two replicas inserting one key, or redeeming one
 * token, the unique key makes exactly one win.
 */
export async function insertAndTakeKeys(tx: SqlClient, change: ChangeSet): Promise<CommitResult | undefined> {
  for (const e of change.kvInsert ?? []) {
    const r = await tx.query(
      'INSERT INTO kv (ns, key, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT (ns, key) DO NOTHING',
      [e.ns, e.key, toJson(e.value ?? null)],
    );
    if (r.rowCount === 0) return conflict(e.ns, e.key);
  }
  for (const e of change.kvTake ?? []) {
    const r = await tx.query('DELETE FROM kv WHERE ns = $1 AND key = $2', [e.ns, e.key]);
    if (r.rowCount === 0) return conflict(e.ns, e.key);
  }
  return undefined;
}
