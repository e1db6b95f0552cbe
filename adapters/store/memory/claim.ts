import type { ClaimOptions } from '../../../src/store/store.js';
import type { DueQueue } from './due-queue.js';

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
  deferred: Array<{ at: number; id: string }>,
): T | undefined {
  if (r?.status !== 'pending') return undefined;
  const due = dueOf(r);
  // An entry earlier than the record's due time was superseded by a reschedule.
  if (due !== undefined && entry.at < due) return undefined;
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
): T[] {
  const t = now.getTime();
  const claimed: T[] = [];
  const deferred: Array<{ at: number; id: string }> = [];
  const leaseUntil = t + opts.leaseMs;
  const leaseIso = new Date(leaseUntil).toISOString();
  while (claimed.length < opts.limit) {
    const entry = queue.popDue(t);
    if (!entry) break;
    const r = claimable(entry, records.get(entry.id), t, dueOf, deferred);
    if (!r) continue;
    const leased = lease(r, leaseIso, opts.owner);
    records.set(entry.id, leased);
    deferred.push({ id: entry.id, at: leaseUntil });
    claimed.push(leased);
  }
  for (const d of deferred) queue.pushLeaseEnd(d.id, d.at);
  return claimed;
}
