import { isAway, personToday, standInFor } from '../domain/away.js';
import type { Customer, FollowUp, Handoff } from '../domain/types.js';
import type { QueuePage, QueueRole } from '../store/queue.js';
import type { ServiceDeps } from './deps.js';

/**
 * How many handoffs (and follow-ups) a queue shows, most urgent first; the
 * rest is a count. A chat message holds about this many anyway, and building
 * (and fetching the customers of) what no one is shown was most of a long
 * queue's cost.
 */
export const QUEUE_PAGE = 20;

/** How much of each colleague's queue their stand-in sees beside their own: the most urgent. */
export const COVERING_PAGE = 5;

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
  /** Pending follow-ups, due or not yet, one line per subject, earliest deadline first, at most a page. */
  followUps: QueuedFollowUp[];
  moreFollowUps: number;
  /**
   * The queues of colleagues away today whom this person stands in for (their reminders come
   * here), a short page each, so the stand-in sees what they cover without asking for it.
   */
  covering?: CoveredQueue[];
}

export interface CoveredQueue {
  person: string;
  /** Their last day away (YYYY-MM-DD). */
  until: string;
  items: QueueItem[];
  moreItems: number;
  followUps: QueuedFollowUp[];
  moreFollowUps: number;
}

/** `/cx mine` and the App Home: what waits for this person, most urgent first, a page of it. */
export async function myQueue(deps: ServiceDeps, person: string, page = QUEUE_PAGE): Promise<MyQueue> {
  const team = deps.dir.person(person)?.team;
  // The store reads the page from an index in queue order: the work grows with the page, not the queue.
  const queue = await deps.store.queuePage({ person, ...(team ? { team } : {}), limit: page });
  const covered = coveredBy(deps, person);
  // Their own handoffs and reminders, not their team's to claim: the stand-in has a team of their own.
  const pages = await Promise.all(
    covered.map((c) => deps.store.queuePage({ person: c.person, limit: Math.min(page, COVERING_PAGE) })),
  );
  // One read for the customers shown: a round trip each, or all of them, would grow with the queue.
  const ids = [queue, ...pages].flatMap((q) => [
    ...q.items.map((i) => i.handoff.customerId),
    ...q.followUps.map((f) => f.customerId),
  ]);
  const customers = new Map((await deps.store.getCustomers(ids)).map((c) => [c.id, c]));
  return {
    ...shownOf(queue, customers),
    covering: covered.map((c, i) => ({ ...c, ...shownOf(pages[i] as QueuePage, customers) })),
  };
}

function shownOf(queue: QueuePage, customers: Map<string, Customer>) {
  return {
    items: queue.items.map((q) => ({
      handoff: q.handoff,
      role: q.role,
      customer: customers.get(q.handoff.customerId),
    })),
    moreItems: queue.total - queue.items.length,
    followUps: queue.followUps.map((f) => ({ followUp: f, customer: customers.get(f.customerId) })),
    moreFollowUps: queue.followUpLines - queue.followUps.length,
  };
}

/** The colleagues away today whose reminders go to `person`, by name order. */
function coveredBy(deps: ServiceDeps, person: string): Array<{ person: string; until: string }> {
  const { dir, clock } = deps;
  const now = clock.now();
  const out: Array<{ person: string; until: string }> = [];
  for (const key of Object.keys(dir.config.people)) {
    const until = dir.person(key)?.away?.until;
    if (key === person || !until || !isAway(dir, key, personToday(dir, key, now))) continue;
    if (standInFor(dir, key, now) === person) out.push({ person: key, until });
  }
  return out.sort((a, b) => dir.personName(a.person).localeCompare(dir.personName(b.person)));
}
