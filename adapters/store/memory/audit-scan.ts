import type { AuditEntry } from '../../../src/domain/types.js';
import type { AuditPage, AuditQuery } from '../../../src/store/store.js';

/** The cursor of an entry: its instant and id, the order pages are read in (newest first). */
export const auditCursor = (e: Pick<AuditEntry, 'at' | 'id'>): string => `${e.at}|${e.id}`;

const newestFirst = (a: AuditEntry, b: AuditEntry): number =>
  a.at === b.at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.at < b.at ? 1 : -1;

export function auditMatches(e: AuditEntry, q: AuditQuery, customers?: ReadonlySet<string>): boolean {
  if (q.since !== undefined && e.at < q.since) return false;
  if (q.until !== undefined && e.at >= q.until) return false;
  if (customers && (e.customerId === undefined || !customers.has(e.customerId))) return false;
  if (q.actions && !q.actions.includes(e.action)) return false;
  if (q.actor !== undefined && e.actor !== q.actor) return false;
  if (q.cursor !== undefined && auditCursor(e) >= q.cursor) return false;
  return true;
}

/** One page of `entries` (any order) for `q`: a scan, for the memory store and tests. */
export function pageAudit(entries: Iterable<AuditEntry>, q: AuditQuery): AuditPage {
  const customers = q.customerIds ? new Set(q.customerIds) : undefined;
  const hits: AuditEntry[] = [];
  for (const e of entries) if (auditMatches(e, q, customers)) hits.push(e);
  hits.sort(newestFirst);
  const page = hits.slice(0, q.limit);
  const last = page[page.length - 1];
  return hits.length > q.limit && last ? { entries: page, next: auditCursor(last) } : { entries: page };
}
