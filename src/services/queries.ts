import type { Customer, FollowUp, Handoff, HistoryEntry } from '../domain/types.js';
import type { CustomerFilter } from '../store/store.js';
import { resolveCustomer } from './customers.js';
import { ok, type Result, type ServiceDeps } from './deps.js';
import { mayRead, mayReadCustomer, readableFailure, readRefusal } from './read-access.js';

export interface CustomerView {
  customer: Customer;
  /** Handoffs still in flight. */
  handoffs: Handoff[];
  /** Touchpoints, handoffs and audit entries, oldest first. */
  timeline: HistoryEntry[];
  /** Whole days since the last logged contact; undefined when never contacted. */
  daysSinceContact: number | undefined;
  followUps: FollowUp[];
}

const DAY = 86_400_000;

/**
 * `/cx <customer>`: the single view of one customer. With a `reader` (a
 * person's key) it is what that person may read (`read-access.ts`): a
 * customer outside it is refused, and suggestions name only readable ones.
 */
export async function customerView(
  deps: ServiceDeps,
  text: string,
  opts: { limit?: number; reader?: string } = {},
): Promise<Result<CustomerView>> {
  const found = await resolveCustomer(deps.store, text);
  if (!found.ok) {
    if (opts.reader === undefined) return found;
    return { ok: false, failure: await readableFailure(deps, opts.reader, found.failure) };
  }
  const customer = found.value;
  const handoffs = await deps.store.listHandoffs({ customerId: customer.id });
  if (opts.reader !== undefined && !mayRead(deps, opts.reader, customer, handoffs))
    return readRefusal(customer);
  const [timeline, followUps] = await Promise.all([
    deps.store.history(customer.id, { limit: opts.limit ?? 50 }),
    deps.store.listFollowUps({ customerId: customer.id }),
  ]);
  return ok({
    customer,
    handoffs,
    timeline,
    daysSinceContact: daysSince(customer.lastContactAt, deps.clock.now()),
    followUps,
  });
}

export function daysSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY));
}

export interface Gap {
  customer: Customer;
  overdueMs: number;
  daysSinceContact: number | undefined;
}

/** One collator for every sort: `localeCompare` builds one per call, which showed with 12k gaps to order. */
const byName = new Intl.Collator();

/** `/cx gaps`: post-purchase customers past their contact SLA, worst first; with a `reader`, those they may read. */
export async function gaps(deps: ServiceDeps, opts: { reader?: string } = {}): Promise<Gap[]> {
  const now = deps.clock.now();
  const late = await deps.store.listCustomers({ postPurchase: true, contactDueBefore: now.toISOString() });
  const readable: Customer[] = [];
  for (const c of late) {
    if (c.erasedAt) continue;
    if (opts.reader === undefined || (await mayReadCustomer(deps, opts.reader, c))) readable.push(c);
  }
  return readable
    .map((c) => gapOf(c, now))
    .sort((a, b) => b.overdueMs - a.overdueMs || byName.compare(a.customer.name, b.customer.name));
}

function gapOf(c: Customer, now: Date): Gap {
  return {
    customer: c,
    overdueMs: now.getTime() - Date.parse(c.contactDueAt ?? now.toISOString()),
    daysSinceContact: daysSince(c.lastContactAt, now),
  };
}

/**
 * One page of the dashboard's gaps and how many there are in all, read and
 * counted by the store (12k late customers are not listed to show 50): the
 * longest overdue first, ties by name and id in code-unit order (the store's
 * `contactDue` order). Given a list of teams, only customers those teams hold now.
 * Erased customers never show: erasure drops `contactDueAt` (`forget.ts`),
 * so none is owed a contact.
 */
export async function gapsPage(
  deps: ServiceDeps,
  opts: { teams?: readonly string[]; offset: number; limit: number },
): Promise<{ gaps: Gap[]; total: number }> {
  const now = deps.clock.now();
  const filter: CustomerFilter = {
    postPurchase: true,
    contactDueBefore: now.toISOString(),
    ...(opts.teams !== undefined ? { teams: opts.teams } : {}),
  };
  const [late, total] = await Promise.all([
    deps.store.listCustomers({ ...filter, order: 'contactDue', offset: opts.offset, limit: opts.limit }),
    deps.store.countCustomers(filter),
  ]);
  return { gaps: late.map((c) => gapOf(c, now)), total };
}

/** The `limit` worst gaps across the organisation, read as a page from the store (the weekly report's five). */
export async function worstGaps(deps: ServiceDeps, limit: number): Promise<Gap[]> {
  const now = deps.clock.now();
  const late = await deps.store.listCustomers({
    postPurchase: true,
    contactDueBefore: now.toISOString(),
    order: 'contactDue',
    limit,
  });
  return late.map((c) => gapOf(c, now));
}
