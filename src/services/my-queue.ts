import type { Customer, FollowUp, Handoff } from '../domain/types.js';
import type { QueueRole } from '../store/queue.js';
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
  /** Why it is in the queue: I own it, I am asked to accept it, I sent it, or my team may claim it. */
  role: QueueRole;
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

/** `/cx mine` and the App Home: what waits for this person, most urgent first, a page of it. */
export async function myQueue(deps: ServiceDeps, person: string, page = QUEUE_PAGE): Promise<MyQueue> {
  const team = deps.dir.person(person)?.team;
  // The store reads the page from an index in queue order: the work grows with the page, not the queue.
  const queue = await deps.store.queuePage({ person, ...(team ? { team } : {}), limit: page });
  const shown = queue.items;
  const shownLines = queue.followUps;
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
    moreItems: queue.total - shown.length,
    followUps: shownLines.map((f) => ({ followUp: f, customer: customers.get(f.customerId) })),
    moreFollowUps: queue.followUpLines - shownLines.length,
  };
}
