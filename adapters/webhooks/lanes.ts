import PQueue from 'p-queue';
import type { CustomerData } from '../../src/services/customer-upsert.js';

/**
 * What a customer can be matched by (see `matchCustomer`): two events that
 * share none of these cannot be about the same customer record, so they may
 * settle side by side. An email also stands for its domain, which it matches
 * through. Conservative: events of one mail domain wait for each other.
 */
export function customerKeys(c: CustomerData): string[] {
  const keys = Object.entries(c.externalIds ?? {}).map(([system, id]) => `id:${system}:${id}`);
  const domain = (d: string) => `at:${d.trim().toLowerCase()}`;
  if (c.domain) keys.push(domain(c.domain));
  for (const contact of c.contacts ?? []) {
    if (!contact.email) continue;
    const email = contact.email.trim().toLowerCase();
    keys.push(`mail:${email}`);
    const at = email.lastIndexOf('@');
    if (at >= 0) keys.push(domain(email.slice(at + 1)));
  }
  return keys;
}

/**
 * Runs tasks at most `limit` at a time, each one only after every earlier
 * task that shares a key with it has finished: events about one customer
 * settle in the order they were claimed, other customers' meanwhile, and the
 * store's journal gets commits to write together.
 */
export class Lanes {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly queue: PQueue;

  constructor(limit: number) {
    this.queue = new PQueue({ concurrency: Math.max(1, limit) });
  }

  /** Runs `task` under the limit only (no ordering). */
  slot<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.add(task, { throwOnTimeout: true });
  }

  /** Call in order: a task waits for the tasks given earlier with any of its keys. `task` must not reject. */
  run(keys: readonly string[], task: () => Promise<void>): Promise<void> {
    const before = [...new Set(keys)].flatMap((k) => {
      const tail = this.tails.get(k);
      return tail ? [tail] : [];
    });
    const done = Promise.all(before).then(() => this.slot(task));
    for (const k of keys) this.tails.set(k, done);
    void done.then(() => {
      for (const k of keys) if (this.tails.get(k) === done) this.tails.delete(k);
    });
    return done;
  }
}
