import Fuse from 'fuse.js';
import type { Customer } from '../domain/types.js';
import type { CustomerName, Store } from '../store/store.js';
import { fail, ok, type Result } from './deps.js';

/**
 * Finds a customer from what a person typed: an exact id, external id, name
 * or alias first; otherwise the closest names as "did you mean" suggestions.
 */
export async function resolveCustomer(store: Store, text: string): Promise<Result<Customer>> {
  const r = await resolveAny(store, text);
  // Erased customers are kept only as a record that they were erased.
  if (r.ok && r.value.erasedAt) return fail('CUSTOMER_NOT_FOUND', { customer: text.trim(), suggestions: '' });
  return r;
}

async function resolveAny(store: Store, text: string): Promise<Result<Customer>> {
  const needle = text.trim();
  if (needle.length === 0) return fail('INVALID_INPUT', { field: 'customer' });
  const direct = (await store.getCustomer(needle)) ?? (await store.findCustomerByEmailOrDomain(needle));
  if (direct) return ok(direct);
  const names = await store.customerNames();
  const index = nameIndex(names);
  const lower = needle.toLowerCase();
  const exact = index.exact.get(lower) ?? [];
  if (exact.length === 1 && exact[0]) {
    const c = await store.getCustomer(exact[0].id);
    if (c) return ok(c);
  }
  if (exact.length > 1) {
    return fail('CUSTOMER_AMBIGUOUS', { customer: needle, suggestions: exact.map((e) => e.name).join(', ') });
  }
  // "acme" for "Acme Corp": a name that only one customer starts with is meant. A
  // fuzzy match is never acted on: it is offered as "did you mean".
  if (lower.length >= 3) {
    let only: CustomerName | undefined;
    let count = 0;
    for (const [key, entries] of index.exact) {
      if (!key.startsWith(lower)) continue;
      for (const e of entries) {
        if (e.id !== only?.id) count++;
        only = e;
      }
      if (count > 1) break;
    }
    if (count === 1 && only) {
      const c = await store.getCustomer(only.id);
      if (c) return ok(c);
    }
  }
  const suggestions = suggestCustomers(names, needle);
  return fail('CUSTOMER_NOT_FOUND', {
    customer: needle,
    suggestions: suggestions.map((s) => s.name).join(', '),
  });
}

export function suggestCustomers(
  names: Array<{ id: string; name: string; aliases: string[] }>,
  needle: string,
  max = 3,
): Array<{ id: string; name: string; score: number }> {
  return nameIndex(names)
    .fuse.search(needle, { limit: max })
    .map((r) => ({ id: r.item.id, name: r.item.name, score: r.score ?? 1 }));
}

interface NameIndex {
  /** Lower-cased name or alias → the customers called that. */
  exact: Map<string, CustomerName[]>;
  fuse: Fuse<CustomerName>;
}

// Stores hand out the same names array until a customer changes; the index lives as long as it.
const indexes = new WeakMap<CustomerName[], NameIndex>();

function nameIndex(names: CustomerName[]): NameIndex {
  let index = indexes.get(names);
  if (index) return index;
  const exact = new Map<string, CustomerName[]>();
  for (const n of names) {
    for (const key of new Set([n.name.toLowerCase(), ...n.aliases.map((a) => a.toLowerCase())])) {
      const list = exact.get(key);
      if (list) list.push(n);
      else exact.set(key, [n]);
    }
  }
  const fuse = new Fuse(names, {
    keys: ['name', 'aliases'],
    includeScore: true,
    threshold: 0.4,
    ignoreLocation: true,
  });
  index = { exact, fuse };
  indexes.set(names, index);
  return index;
}
