import type { Customer, FollowUp, Handoff, HistoryEntry } from '../domain/types.js';
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

export interface QueueItem {
  handoff: Handoff;
  customer: Customer | undefined;
  /** Why it is in the queue: I own it, I am asked to accept it, or my team may claim it. */
  role: 'owner' | 'assignee' | 'claimable' | 'sender';
}

export interface MyQueue {
  items: QueueItem[];
  followUps: Array<{ followUp: FollowUp; customer: Customer | undefined }>;
}

/** `/cx mine` and the App Home: what waits for this person, most urgent first. */
export async function myQueue(deps: ServiceDeps, person: string): Promise<MyQueue> {
  const team = deps.dir.person(person)?.team;
  const mine = await deps.store.listHandoffs({ owner: person });
  const asked = await deps.store.listHandoffs({ assignee: person, states: ['open'] });
  const sent = await deps.store.listHandoffs({ sender: person, states: ['proposed', 'declined'] });
  const claimable = team
    ? await deps.store.listHandoffs({ to: team, states: ['open'], unassigned: true })
    : [];
  const due = await deps.store.listFollowUps({ person });
  const seen = new Set<string>();
  const queued: Array<{ handoff: Handoff; role: QueueItem['role'] }> = [];
  const add = (list: Handoff[], role: QueueItem['role']) => {
    for (const h of list) {
      if (seen.has(h.id) || h.state === 'done' || h.state === 'cancelled') continue;
      seen.add(h.id);
      queued.push({ handoff: h, role });
    }
  };
  add(mine, 'owner');
  add(asked, 'assignee');
  add(sent, 'sender');
  add(claimable, 'claimable');
  // One read for every customer named: a round trip each would grow with the queue.
  const customers = new Map(
    (
      await deps.store.getCustomers([
        ...queued.map((q) => q.handoff.customerId),
        ...due.map((f) => f.customerId),
      ])
    ).map((c) => [c.id, c]),
  );
  const items: QueueItem[] = queued.map((q) => ({ ...q, customer: customers.get(q.handoff.customerId) }));
  // Stable: equally urgent handoffs keep the order above (owned, asked, sent, claimable).
  items.sort((a, b) => byText(urgency(a.handoff), urgency(b.handoff)));
  const followUps = due.map((f) => ({ followUp: f, customer: customers.get(f.customerId) }));
  return { items, followUps };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function urgency(h: Handoff): string {
  return (h.state === 'open' ? h.acceptDueAt : h.contactDueAt) ?? h.createdAt;
}

export interface Gap {
  customer: Customer;
  overdueMs: number;
  daysSinceContact: number | undefined;
}

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
    .map((c) => ({
      customer: c,
      overdueMs: now.getTime() - Date.parse(c.contactDueAt ?? now.toISOString()),
      daysSinceContact: daysSince(c.lastContactAt, now),
    }))
    .sort((a, b) => b.overdueMs - a.overdueMs || a.customer.name.localeCompare(b.customer.name));
}
