import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../src/services/audit.js';
import { mayReadCustomer } from '../../src/services/read-access.js';
import type { AuditQuery, Customer } from '../../src/store/store.js';
import { zonedInstant } from '../../src/time/calendar.js';
import { dayNumber } from '../../src/time/weeks.js';
import { AUDIT_COLUMNS, auditPages } from '../export/audit-rows.js';
import type { ExportSource } from '../export/stream.js';
import type { PageContext } from './page.js';
import { field, format, isoDate, queryObject } from './query.js';

export const auditQuery = z.object({
  since: field(isoDate),
  until: field(isoDate),
  action: field(z.enum(AUDIT_ACTIONS)),
  actor: field(z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/)),
  customer: field(z.string().trim().min(1).max(200)),
  cursor: field(z.string().max(300)),
  format,
});
export type AuditFilters = z.infer<typeof auditQuery>;

export type AuditScope =
  | { kind: 'forbidden' }
  /** The customer filter names no customer the reader may read. */
  | { kind: 'noCustomer'; filters: AuditFilters }
  | {
      kind: 'scope';
      filters: AuditFilters;
      query: Omit<AuditQuery, 'limit' | 'cursor'>;
    };

/**
 * Which audit entries a reader may list with these filters. An admin or a
 * lead reads all; a member reads the entries about customers of their team:
 * those the team holds and those a handoff moved from or to it. Dates are
 * days in the reader's zone, the until day included.
 */
export async function auditScope(ctx: PageContext): Promise<AuditScope> {
  const filters = auditQuery.parse(queryObject(ctx.query));
  const zone = ctx.reader.timeZone;
  const query: Omit<AuditQuery, 'limit' | 'cursor'> = {
    ...(filters.since
      ? { since: new Date(zonedInstant(zone, dayNumber(filters.since), 0)).toISOString() }
      : {}),
    ...(filters.until
      ? { until: new Date(zonedInstant(zone, dayNumber(filters.until) + 1, 0)).toISOString() }
      : {}),
    ...(filters.action ? { actions: [filters.action] } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
  };
  const { readsEverything } = ctx.reader;
  if (filters.customer === undefined) {
    if (readsEverything) return { kind: 'scope', filters, query };
    return { kind: 'scope', filters, query: { ...query, customerIds: [...(await teamCustomers(ctx))] } };
  }

  const customer = await findCustomer(ctx, filters.customer);
  if (!customer) return { kind: 'noCustomer', filters };
  // The cheap rule first; the team's customers (every fact of the team) only when it did not decide.
  if (
    !readsEverything &&
    !(await mayReadCustomer(ctx.services.deps, ctx.reader.person, customer)) &&
    !(await teamCustomers(ctx)).has(customer.id)
  )
    return { kind: 'forbidden' };
  return { kind: 'scope', filters, query: { ...query, customerIds: [customer.id] } };
}

async function findCustomer(ctx: PageContext, text: string): Promise<Customer | undefined> {
  const byId = await ctx.services.deps.store.getCustomer(text);
  if (byId) return byId;
  const found = await ctx.services.resolveCustomer(text);
  return found.ok ? found.value : undefined;
}

/** The customers of a member's team: held by it now, or moved from or to it by a handoff. */
async function teamCustomers(ctx: PageContext): Promise<Set<string>> {
  const { store } = ctx.services.deps;
  const ids = new Set<string>();
  for (const c of await store.listCustomers({ teams: ctx.reader.teams })) ids.add(c.id);
  for (const f of await store.journeyFacts({ teams: ctx.reader.teams })) ids.add(f.customerId);
  return ids;
}

/** Every entry in scope, newest first, read from the store a page at a time with its cursor. */
export function auditExport(ctx: PageContext, query: Omit<AuditQuery, 'limit' | 'cursor'>): ExportSource {
  return {
    name: `baton-audit-${ctx.now.toISOString().slice(0, 10)}`,
    columns: AUDIT_COLUMNS,
    pages: auditPages(ctx.services.deps.store, query),
  };
}
