import type { ClaimOptions } from '../../../src/store/store.js';
import type { DueQueue } from './due-queue.js';

/** How long a record the claimer may not take stays out of its way before it is looked at again. */
const INELIGIBLE_RECHECK_MS = 60_000;

interface Leasable {
  status: string;
  leaseUntil?: string;
  leaseOwner?: string;
}

/**
 * The record a popped queue entry stands for, when it may be claimed now;
 * otherwise undefined, with the entry pushed to `deferred` when it must be
 * looked at again later.
 */
function claimable<T extends Leasable>(
  entry: { at: number; id: string },
  r: T | undefined,
  t: number,
  dueOf: (record: T) => number | undefined,
  eligible: ((record: T) => boolean) | undefined,
  deferred: Array<{ at: number; id: string }>,
): T | undefined {
  if (r?.status !== 'pending') return undefined;
  const due = dueOf(r);
  // An entry earlier than the record's due time was superseded by a reschedule.
  if (due !== undefined && entry.at < due) return undefined;
  if (eligible && !eligible(r)) {
    // Not this claimer's to take (a platform it cannot send to): looked at again later, so
    // another caller of the same store still finds it.
    deferred.push({ id: entry.id, at: t + INELIGIBLE_RECHECK_MS });
    return undefined;
  }
  if (r.leaseUntil && Date.parse(r.leaseUntil) > t) {
    deferred.push({ id: entry.id, at: Date.parse(r.leaseUntil) });
    return undefined;
  }
  return r;
}

/**
 * Claims due records for `opts.owner` until `opts.limit`: pops the queue only
 * as far as it must (a tick costs what it takes, not what is due), skips
 * entries a reschedule superseded, defers records leased to someone else to
 * their lease end, and queues each claimed record again at its own lease end
 * so a claim that is never finished is taken again. Leases live in memory
 * only: a process that dies loses its claims with it.
 */
export function claimDue<T extends Leasable>(
  queue: DueQueue,
  records: Map<string, T>,
  now: Date,
  opts: ClaimOptions,
  dueOf: (record: T) => number | undefined,
  lease: (record: T, until: string, owner: string) => T,
  eligible?: (record: T) => boolean,
): T[] {
  const t = now.getTime();
  const claimed: T[] = [];
  const deferred: Array<{ at: number; id: string }> = [];
  const leaseUntil = t + opts.leaseMs;
  const leaseIso = new Date(leaseUntil).toISOString();
  while (claimed.length < opts.limit) {
    const entry = queue.popDue(t);
    if (!entry) break;
    const r = claimable(entry, records.get(entry.id), t, dueOf, eligible, deferred);
    if (!r) continue;
    const leased = lease(r, leaseIso, opts.owner);
    records.set(entry.id, leased);
    deferred.push({ id: entry.id, at: leaseUntil });
    claimed.push(leased);
  }
  for (const d of deferred) queue.pushLeaseEnd(d.id, d.at);
  return claimed;
}

/** A per-group cap on a claim (deliveries: per conversation). */
export interface GroupCap<T> {
  key: (record: T) => string;
  cap: number;
  /** True when the group has a record under an unexpired lease: then none of it is claimed. */
  busy: (key: string, now: number) => boolean;
  /** When a record waits for another of its group (a retry queued before it): until when. */
  heldUntil?: (key: string, record: T, now: number) => number | undefined;
  /** Queue order within a group: the first `cap` in this order are claimed. */
  before: (a: T, b: T) => number;
}

/**
 * `claimDue` with at most `group.cap` records of one group, the first in queue
 * order (not in due order: a lapsed claim's records fall due again at their
 * lease end, after later ones of their group). It looks at every due entry,
 * so its cost is what is due, not what it claims; what it does not take goes
 * back to the queue as it was.
 */
export function claimDueByGroup<T extends Leasable>(
  queue: DueQueue,
  records: Map<string, T>,
  now: Date,
  opts: ClaimOptions,
  dueOf: (record: T) => number | undefined,
  lease: (record: T, until: string, owner: string) => T,
  eligible: ((record: T) => boolean) | undefined,
  group: GroupCap<T>,
): T[] {
  const t = now.getTime();
  const deferred: Array<{ at: number; id: string }> = [];
  const candidates = new Map<string, Array<{ at: number; id: string; record: T }>>();
  const seen = new Set<string>();
  for (let entry = queue.popDue(t); entry; entry = queue.popDue(t)) {
    if (seen.has(entry.id)) continue;
    const r = claimable(entry, records.get(entry.id), t, dueOf, eligible, deferred);
    if (!r) continue;
    seen.add(entry.id);
    const k = group.key(r);
    const held = group.heldUntil?.(k, r, t);
    if (held !== undefined) {
      deferred.push({ id: entry.id, at: held });
      continue;
    }
    const list = candidates.get(k) ?? [];
    list.push({ at: entry.at, id: entry.id, record: r });
    candidates.set(k, list);
  }
  const chosen: Array<{ at: number; id: string; record: T }> = [];
  const requeued: Array<{ at: number; id: string }> = [];
  for (const [k, list] of candidates) {
    if (group.busy(k, t)) {
      requeued.push(...list);
      continue;
    }
    list.sort((a, b) => group.before(a.record, b.record));
    chosen.push(...list.slice(0, group.cap));
    requeued.push(...list.slice(group.cap));
  }
  chosen.sort((a, b) => a.at - b.at);
  requeued.push(...chosen.slice(opts.limit));
  const leaseUntil = t + opts.leaseMs;
  const leaseIso = new Date(leaseUntil).toISOString();
  const claimed: T[] = [];
  for (const c of chosen.slice(0, opts.limit)) {
    const leased = lease(c.record, leaseIso, opts.owner);
    records.set(c.id, leased);
    deferred.push({ id: c.id, at: leaseUntil });
    claimed.push(leased);
  }
  for (const d of deferred) queue.pushLeaseEnd(d.id, d.at);
  for (const e of requeued) queue.push(e.id, e.at);
  return claimed;
}
