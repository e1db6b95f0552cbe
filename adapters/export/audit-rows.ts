import type { AuditEntry } from '../../src/domain/types.js';
import type { AuditQuery, Customer, Store } from '../../src/store/store.js';
import { customersOf, exportedName } from './customers-of.js';
import type { ExportRow } from './stream.js';

export const AUDIT_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'subject_type',
  'subject_id',
  'customer_id',
  'customer',
  'details',
] as const;

const EXPORT_PAGE = 500;

/** Every entry the query matches, newest first, read from the store a page at a time with its cursor. */
export async function* auditPages(
  store: Store,
  query: Omit<AuditQuery, 'limit' | 'cursor'>,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<ExportRow[]> {
  let cursor: string | undefined;
  do {
    const page = await store.scanAudit({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) });
    const customers = await customersOf(
      store,
      page.entries.flatMap((e) => (e.customerId ? [e.customerId] : [])),
    );
    yield page.entries.map((e) => auditRow(e, e.customerId ? customers.get(e.customerId) : undefined));
    cursor = page.next;
  } while (cursor);
}

/** Details of an erased customer's entries are already blanked by the store (`scanAudit`). */
export function auditRow(e: AuditEntry, c: Customer | undefined): ExportRow {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject_type: e.subject.type,
    subject_id: e.subject.id,
    customer_id: e.customerId ?? null,
    customer: exportedName(c),
    details: e.details ? JSON.stringify(e.details) : null,
  };
}
