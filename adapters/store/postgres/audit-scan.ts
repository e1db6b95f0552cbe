import type { AuditEntry } from '../../../src/domain/types.js';
import type { AuditPage, AuditQuery } from '../../../src/store/store.js';
import { checkAuditQuery } from '../memory/audit-query.js';
import { auditCursor } from '../memory/audit-scan.js';
import type { SqlClient } from './driver.js';

/**
 * Audit entries newest first, read off the (at desc, id desc) index of audit
 * rows, ids in code-unit order ("C") as the cursor compares them. Erasure
 * rewrote the rows in place, so erased entries come back erased.
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
  if (q.customerIds) where.push(`customer_id = ANY(${param([...q.customerIds])}::text[])`);
  if (q.actions) where.push(`data->'entry'->>'action' = ANY(${param([...q.actions])}::text[])`);
  if (q.actor !== undefined) where.push(`data->'entry'->>'actor' = ${param(q.actor)}`);
  const c = checked.cursor;
  if (c) {
    where.push(
      `(at, entry_id COLLATE "C") < (${instant(c.ms)}::timestamptz, ${param(c.id)}::text COLLATE "C")`,
    );
  }
  const { limit } = q;
  const { rows } = await db.query<{ entry: AuditEntry }>(
    `SELECT data->'entry' AS entry FROM history WHERE ${where.join(' AND ')}
     ORDER BY at DESC, entry_id COLLATE "C" DESC LIMIT ${limit + 1}`,
    params,
  );
  const entries = rows.slice(0, limit).map((r) => r.entry);
  const last = entries[entries.length - 1];
  return rows.length > limit && last ? { entries, next: auditCursor(last) } : { entries };
}
