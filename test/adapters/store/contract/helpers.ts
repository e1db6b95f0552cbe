import { expect } from 'vitest';
import type { ChangeSet, Store } from '../../../../src/store/store.js';

export type GetStore = () => Store;

export async function commitOk(store: Store, change: ChangeSet): Promise<void> {
  expect(await store.commit(change)).toEqual({ ok: true });
}

/** Only the records this test made: other tests' records may share the store. */
export function mine<T>(
  list: T[],
  ids: Iterable<string>,
  idOf: (r: T) => string = (r) => (r as { id: string }).id,
): T[] {
  const wanted = new Set(ids);
  return list.filter((r) => wanted.has(idOf(r)));
}

export const idsOf = (list: Array<{ id: string }>): string[] => list.map((r) => r.id);

/**
 * A moment far from every other test's, so follow-ups, deliveries and inbound
 * events that another test left due never crowd this test's claims.
 */
export function farFuture(): Date {
  const days = 3650 + Math.floor(Math.random() * 3650 * 20);
  return new Date(Date.UTC(2030, 0, 1) + days * 86_400_000);
}

export const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
export const iso = (d: Date, ms = 0): string => plus(d, ms).toISOString();
