import type { AuditEntry } from '../../../src/domain/types.js';
import { BatonError } from '../../../src/errors.js';
import type { AuditPage, AuditQuery } from '../../../src/store/store.js';
import { auditCursor } from '../memory/audit-scan.js';
import type { SqlClient } from './driver.js';

/** `at|id` of the entry a page ended with (see `auditCursor`). */
export function parseAuditCursor(cursor: string): { at: string; id: string } {
  const bar = cursor.indexOf('|');
  const at = cursor.slice(0, bar);
  if (bar < 0 || Number.isNaN(Date.parse(at))) {
    throw new BatonError(
      'AUDIT_CURSOR_INVALID',
      `The audit page cursor ${JSON.stringify(cursor)} is not one a page returned: pass the "next" of the previous page, or no cursor for the first page.`,
    );
  }
  return { at, id: cursor.slice(bar + 1) };
}

/**
 * Audit entries newest first, read off the (at desc, id desc) index of audit
 * rows, ids in code-unit order ("C") as the cursor compares them. Erasure
 * rewrote the rows in place, so erased entries come back erased.
 */
export async function scanAudit(db: SqlClient, q: AuditQuery): Promise<AuditPage> {
  const where = ["kind = 'audit'"];
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.since !== undefined) where.push(`at >= ${param(q.since)}::timestamptz`);
  if (q.until !== undefined) where.push(`at < ${param(q.until)}::timestamptz`);
  if (q.customerIds) where.push(`customer_id = ANY(${param([...q.customerIds])}::text[])`);
  if (q.actions) where.push(`data->'entry'->>'action' = ANY(${param([...q.actions])}::text[])`);
  if (q.actor !== undefined) where.push(`data->'entry'->>'actor' = ${param(q.actor)}`);
  if (q.cursor !== undefined) {
    const c = parseAuditCursor(q.cursor);
    where.push(
      `(at, entry_id COLLATE "C") < (${param(c.at)}::timestamptz, ${param(c.id)}::text COLLATE "C")`,
    );
  }
  const limit = Math.max(0, Math.floor(q.limit));
  const { rows } = await db.query<{ entry: AuditEntry }>(
    `SELECT data->'entry' AS entry FROM history WHERE ${where.join(' AND ')}
     ORDER BY at DESC, entry_id COLLATE "C" DESC LIMIT ${limit + 1}`,
    params,
  );
  const entries = rows.slice(0, limit).map((r) => r.entry);
  const last = entries[entries.length - 1];
  return rows.length > limit && last ? { entries, next: auditCursor(last) } : { entries };
}
