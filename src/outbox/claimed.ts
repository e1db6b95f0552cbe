/** Helpers on claimed deliveries: hold-backs, releases and doubt. */
import type { Delivery } from '../domain/types.js';

/** Queue order within a conversation: created first, then by id. */
export function queuedBefore(
  a: Pick<Delivery, 'createdAt' | 'id'>,
  b: Pick<Delivery, 'createdAt' | 'id'>,
): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/** `queuedBefore` as a sort comparator. */
export const byQueueOrder = (
  a: Pick<Delivery, 'createdAt' | 'id'>,
  b: Pick<Delivery, 'createdAt' | 'id'>,
): number => (queuedBefore(a, b) ? -1 : queuedBefore(b, a) ? 1 : 0);

export function release(d: Delivery, at: string): Delivery {
  return strip({ ...d, nextAttemptAt: at > d.nextAttemptAt ? at : d.nextAttemptAt });
}

export function strip(d: Delivery): Delivery {
  const { leaseUntil: _u, leaseOwner: _o, ...rest } = d;
  return rest;
}

/**
 * Settled: the claim, any doubt and the last try's "not reachable yet" cleared (a caller puts
 * `sendingSince` or `notYet` back where it stays).
 */
export function settled(d: Delivery): Delivery {
  const { sendingSince: _s, notYet: _n, ...rest } = strip(d);
  return rest;
}

/**
 * A post of it may have reached the platform unseen: it was being sent when
 * its process died (`sendingSince`), or an earlier attempt got no answer (a
 * timeout, a 5xx; on PostgreSQL also a claim whose lease ran out).
 */
export function inDoubt(d: Delivery): boolean {
  return d.sendingSince !== undefined || (d.lastError?.startsWith('unknown outcome') ?? false);
}
