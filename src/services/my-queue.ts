import type { Customer, FollowUp, Handoff } from '../domain/types.js';
import type { ServiceDeps } from './deps.js';

/**
 * How many handoffs (and follow-ups) a queue shows, most urgent first; the
 * rest is a count. A chat message holds about this many anyway, and building
 * (and fetching the customers of) what no one is shown was most of a long
 * queue's cost.
 */
export const QUEUE_PAGE = 20;

export interface QueueItem {
  handoff: Handoff;
  customer: Customer | undefined;
  /** Why it is in the queue: I own it, I am asked to accept it, or my team may claim it. */
  role: 'owner' | 'assignee' | 'claimable' | 'sender';
}

export interface QueuedFollowUp {
  followUp: FollowUp;
  customer: Customer | undefined;
}

export interface MyQueue {
  /** The most urgent handoffs, at most a page. */
  items: QueueItem[];
  /** Queued handoffs beyond the page. */
  moreItems: number;
  /** Due follow-ups, one line per subject, earliest first, at most a page. */
  followUps: QueuedFollowUp[];
  moreFollowUps: number;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function urgency(h: Handoff): string {
  return (h.state === 'open' ? h.acceptDueAt : h.contactDueAt) ?? h.createdAt;
}

/**
 * One per handoff (or per customer, for check-ins), whatever number of nudges
 * and escalations it has pending: they share one deadline. Handoffs already
 * in the queue are left out; the earliest pending step stands for the rest.
 */
function oneLinePerSubject(list: readonly FollowUp[], queued: ReadonlySet<string>): FollowUp[] {
  const subject = (f: FollowUp) =>
    f.handoffId && f.window !== 'cadence' ? `h:${f.handoffId}` : `c:${f.customerId}:${f.window}`;
  const out = new Map<string, FollowUp>();
  for (const f of list) {
    if (f.handoffId && f.window !== 'cadence' && queued.has(f.handoffId)) continue;
    const key = subject(f);
    const kept = out.get(key);
    if (!kept || f.deadline < kept.deadline) out.set(key, f);
  }
  return [...out.values()].sort((a, b) => byText(a.deadline, b.deadline));
}

/** `/cx mine` and the App Home: what waits for this person, most urgent first, a page of it. */
export async function myQueue(deps: ServiceDeps, person: string, page = QUEUE_PAGE): Promise<MyQueue> {
  const team = deps.dir.person(person)?.team;
  const mine = await deps.store.listHandoffs({ owner: person });
  const asked = await deps.store.listHandoffs({ assignee: person, states: ['open'] });
  const sent = await deps.store.listHandoffs({ sender: person, states: ['proposed', 'declined'] });
  const claimable = team
    ? await deps.store.listHandoffs({ to: team, states: ['open'], unassigned: true })
    : [];
  const due = await deps.store.listFollowUps({ person });
  const seen = new Set<string>();
  const queued: Array<{ handoff: Handoff; role: QueueItem['role']; at: string; order: number }> = [];
  const add = (list: Handoff[], role: QueueItem['role']) => {
    for (const h of list) {
      if (seen.has(h.id) || h.state === 'done' || h.state === 'cancelled') continue;
      seen.add(h.id);
      queued.push({ handoff: h, role, at: urgency(h), order: queued.length });
    }
  };
  add(mine, 'owner');
  add(asked, 'assignee');
  add(sent, 'sender');
  add(claimable, 'claimable');
  // Equally urgent handoffs keep the order above (owned, asked, sent, claimable).
  queued.sort((a, b) => byText(a.at, b.at) || a.order - b.order);
  const shown = queued.slice(0, page);
  // Every queued handoff, shown or counted, stands for its follow-ups.
  const lines = oneLinePerSubject(due, seen);
  const shownLines = lines.slice(0, page);
  // One read for the customers shown: a round trip each, or all of them, would grow with the queue.
  const customers = new Map(
    (
      await deps.store.getCustomers([
        ...shown.map((q) => q.handoff.customerId),
        ...shownLines.map((f) => f.customerId),
      ])
    ).map((c) => [c.id, c]),
  );
  return {
    items: shown.map((q) => ({
      handoff: q.handoff,
      role: q.role,
      customer: customers.get(q.handoff.customerId),
    })),
    moreItems: queued.length - shown.length,
    followUps: shownLines.map((f) => ({ followUp: f, customer: customers.get(f.customerId) })),
    moreFollowUps: lines.length - shownLines.length,
  };
}
