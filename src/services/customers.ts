import Fuse from 'fuse.js';
import type { Customer } from '../domain/types.js';
import type { Store } from '../store/store.js';
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
  const lower = needle.toLowerCase();
  const exact = names.filter(
    (n) => n.name.toLowerCase() === lower || n.aliases.some((a) => a.toLowerCase() === lower),
  );
  if (exact.length === 1 && exact[0]) {
    const c = await store.getCustomer(exact[0].id);
    if (c) return ok(c);
  }
  if (exact.length > 1) {
    return fail('CUSTOMER_AMBIGUOUS', { customer: needle, suggestions: exact.map((e) => e.name).join(', ') });
  }
  // "acme" for "Acme Corp": a name that only one customer starts with is meant. A
  // fuzzy match is never acted on: it is offered as "did you mean".
  const prefixed = names.filter(
    (n) => n.name.toLowerCase().startsWith(lower) || n.aliases.some((a) => a.toLowerCase().startsWith(lower)),
  );
  if (prefixed.length === 1 && prefixed[0] && lower.length >= 3) {
    const c = await store.getCustomer(prefixed[0].id);
    if (c) return ok(c);
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
  const fuse = new Fuse(names, {
    keys: ['name', 'aliases'],
    includeScore: true,
    threshold: 0.4,
    ignoreLocation: true,
  });
  return fuse
    .search(needle, { limit: max })
    .map((r) => ({ id: r.item.id, name: r.item.name, score: r.score ?? 1 }));
}
