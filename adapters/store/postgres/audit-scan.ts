import type { AuditEntry } from '../../../src/domain/types.js';
import type { AuditPage, AuditQuery } from '../../../src/store/store.js';
import { checkAuditQuery } from '../memory/audit-query.js';
import { auditCursor } from '../memory/audit-scan.js';
import type { SqlClient } from './driver.js';

const ORDER = 'at DESC, entry_id COLLATE "C" DESC';
const ACTION = "data->'entry'->>'action'";
/** Up to this many customers, each one's newest entries are read off its own index and merged. */
const FEW_CUSTOMERS = 200;

/**
 * Audit entries newest first, ids in code-unit order ("C") as the cursor
 * compares them. Without a list filter the page reads the (at, id) index of
 * audit rows from its cursor down. A list of actions or of a few customers
 * instead reads each value's newest rows off its own index (at most a page
 * each) and merges them: a rare action or a quiet customer never walks every
 * audit row. Erasure rewrote the rows in place, so erased entries come back
 * erased.
 */
export async function scanAudit(db: SqlClient, q: AuditQuery): Promise<AuditPage> {
  const checked = checkAuditQuery(q);
  const where = ["kind = 'audit'"];
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // As the instants the other stores compare with, whatever way of writing them JavaScript accepted.
  const instant = (ms: number) => param(new Date(ms).toISOString());
  if (q.since !== undefined) where.push(`at >= ${instant(checked.sinceMs)}::timestamptz`);
  if (q.until !== undefined) where.push(`at < ${instant(checked.untilMs)}::timestamptz`);
  if (q.actor !== undefined) where.push(`data->'entry'->>'actor' = ${param(q.actor)}`);
  const c = checked.cursor;
  if (c) {
    where.push(
      `(at, entry_id COLLATE "C") < (${instant(c.ms)}::timestamptz, ${param(c.id)}::text COLLATE "C")`,
    );
  }
  let driver: { column: string; values: string[] } | undefined;
  if (q.actions) driver = { column: ACTION, values: [...new Set(q.actions)] };
  if (q.customerIds) {
    if (!driver && q.customerIds.length <= FEW_CUSTOMERS)
      driver = { column: 'customer_id', values: [...new Set(q.customerIds)] };
    else where.push(`customer_id = ANY(${param([...q.customerIds])}::text[])`);
  }
  const limit = q.limit + 1;
  const sql = driver
    ? `SELECT entry FROM unnest(${param(driver.values)}::text[]) AS f(v) CROSS JOIN LATERAL (
         SELECT data->'entry' AS entry, at, entry_id FROM history
         WHERE ${driver.column} = f.v AND ${where.join(' AND ')} ORDER BY ${ORDER} LIMIT ${limit}) h
       ORDER BY ${ORDER} LIMIT ${limit}`
    : `SELECT data->'entry' AS entry FROM history WHERE ${where.join(' AND ')} ORDER BY ${ORDER} LIMIT ${limit}`;
  const { rows } = await db.query<{ entry: AuditEntry }>(sql, params);
  const entries = rows.slice(0, q.limit).map((r) => r.entry);
  const last = entries[entries.length - 1];
  return rows.length > q.limit && last ? { entries, next: auditCursor(last) } : { entries };
}
