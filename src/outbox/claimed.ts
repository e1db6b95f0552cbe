/** Helpers on claimed deliveries: hold-backs, releases and doubt. */
import type { Delivery } from '../domain/types.js';
import type { Store } from '../store/store.js';
import { conversationKey } from './conversation.js';

/** Per conversation of `claimed`, the first unclaimed delivery that failed and waits for its retry. */
export async function retryingFirst(
  store: Store,
  claimed: Delivery[],
  now: Date,
): Promise<Map<string, Delivery>> {
  const ids = new Set(claimed.map((d) => d.id));
  const keys = new Set(claimed.map(conversationKey));
  const out = new Map<string, Delivery>();
  for (const p of await store.listDeliveries({ status: 'pending' })) {
    if (ids.has(p.id) || p.attempts === 0 || Date.parse(p.nextAttemptAt) <= now.getTime()) continue;
    const key = conversationKey(p);
    if (!keys.has(key)) continue;
    const first = out.get(key);
    if (!first || queuedBefore(p, first)) out.set(key, p);
  }
  return out;
}

export function queuedBefore(a: Delivery, b: Delivery): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

export function release(d: Delivery, at: string): Delivery {
  return strip({ ...d, nextAttemptAt: at > d.nextAttemptAt ? at : d.nextAttemptAt });
}

export function strip(d: Delivery): Delivery {
  const { leaseUntil: _u, leaseOwner: _o, ...rest } = d;
  return rest;
}

/** Settled: the claim and any doubt cleared (a caller puts `sendingSince` back where it stays). */
export function settled(d: Delivery): Delivery {
  const { sendingSince: _s, ...rest } = strip(d);
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
