import { AUDIT_COLUMNS, auditPages } from '../../adapters/export/audit-rows.js';
import { CUSTOMER_COLUMNS, customerPages } from '../../adapters/export/customer-rows.js';
import { HANDOFF_COLUMNS, handoffPages, newestFirst } from '../../adapters/export/handoff-rows.js';
import type { ExportRow, ExportSource } from '../../adapters/export/stream.js';
import type { Store } from '../../src/store/store.js';
import { addDays, weekOf } from '../../src/time/weeks.js';

export const EXPORT_KINDS = ['audit', 'handoffs', 'customers'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const DAY_MS = 86_400_000;
/**
 * Audit entries per page: a page's fixed cost on the file store (a look at
 * each of 64 history files) is spread over more rows than the dashboard's
 * 500, and 2000 rows are still a few MB.
 */
const AUDIT_PAGE = 2000;

/**
 * What `baton export <kind>` writes, read a page at a time:
 * - audit: entries at or after `since`, newest first (the store's cursor);
 * - handoffs: one row per handoff started at or after `since`, newest first,
 *   read a week of the journey rollup at a time;
 * - customers: those added or changed at or after `since`, in the order
 *   they were first stored.
 * An erased customer's name and contact data appear in none of them.
 */
export function exportSource(store: Store, kind: ExportKind, now: Date, since?: Date): ExportSource {
  const name = `baton-${kind}-${now.toISOString().slice(0, 10)}`;
  const sinceIso = since?.toISOString();
  if (kind === 'audit')
    return {
      name,
      columns: AUDIT_COLUMNS,
      pages: auditPages(store, sinceIso ? { since: sinceIso } : {}, AUDIT_PAGE),
    };
  if (kind === 'customers')
    return {
      name,
      columns: CUSTOMER_COLUMNS,
      pages: customerPages(store, sinceIso ? (c) => c.updatedAt >= sinceIso : undefined),
    };
  return { name, columns: HANDOFF_COLUMNS, pages: handoffWeeks(store, now, since) };
}

/**
 * Handoffs week by week, newest week first, so memory holds one week of the
 * rollup. Without `since`, back to the week before the first customer was
 * stored: no handoff can have started before its customer existed.
 */
async function* handoffWeeks(store: Store, now: Date, since?: Date): AsyncGenerator<ExportRow[]> {
  const floor = since ?? (await firstCustomerAt(store));
  if (!floor) return;
  const sinceIso = since?.toISOString();
  // Weeks are Mondays in the receiving team's zone: a zone ahead of UTC may already be in next week,
  // and one behind may file a start in the week before the UTC one.
  const first = weekOf(new Date(floor.getTime() - 2 * DAY_MS), 'UTC');
  for (
    let week = weekOf(new Date(now.getTime() + 2 * DAY_MS), 'UTC');
    week >= first;
    week = addDays(week, -7)
  ) {
    const facts = (await store.journeyFacts({ fromWeek: week, toWeek: week })).filter(
      (f) => sinceIso === undefined || f.startedAt >= sinceIso,
    );
    facts.sort(newestFirst);
    yield* handoffPages(store, facts);
  }
}

/** When the earliest customer was stored, read a page at a time (undefined: none yet). */
async function firstCustomerAt(store: Store): Promise<Date | undefined> {
  let first: string | undefined;
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listCustomers({ offset, limit: 1000 });
    for (const c of page) if (first === undefined || c.createdAt < first) first = c.createdAt;
    if (page.length < 1000) break;
  }
  return first === undefined ? undefined : new Date(first);
}
