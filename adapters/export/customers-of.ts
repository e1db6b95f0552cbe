import type { Customer, Store } from '../../src/store/store.js';

/** The customers named on one page of rows, read in one go. */
export async function customersOf(store: Store, ids: readonly string[]): Promise<Map<string, Customer>> {
  const found = await store.getCustomers([...new Set(ids)]);
  return new Map(found.map((c) => [c.id, c]));
}

/** A customer's name as an export shows it: an erased customer's is gone, the row stays anonymous. */
export const exportedName = (c: Customer | undefined): string | null => (c && !c.erasedAt ? c.name : null);
