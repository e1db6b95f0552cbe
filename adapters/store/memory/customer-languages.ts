import type { Customer, Handoff } from '../../../src/domain/types.js';
import type { TeamLanguageCount } from '../../../src/store/store.js';

/**
 * `Store.customerLanguages` over the hot state: one pass over the customers
 * (no team index: a few milliseconds at 50k) and over the live handoffs to
 * these teams. A customer is counted once per team however many of their
 * handoffs go there.
 */
export function customerLanguages(
  teams: readonly string[],
  customers: Iterable<Customer>,
  liveHandoffsTo: (team: string) => Iterable<Handoff>,
  customer: (id: string) => Customer | undefined,
): TeamLanguageCount[] {
  const wanted = new Set(teams);
  const seen = new Map<string, Set<string>>();
  const counts = new Map<string, TeamLanguageCount>();
  const count = (team: string, c: Customer) => {
    if (c.erasedAt !== undefined) return;
    const ids = seen.get(team) ?? new Set<string>();
    seen.set(team, ids);
    if (ids.has(c.id)) return;
    ids.add(c.id);
    const key = `${team}\u0000${c.language ?? ''}`;
    const row = counts.get(key);
    if (row) row.customers++;
    else
      counts.set(key, { team, ...(c.language !== undefined ? { language: c.language } : {}), customers: 1 });
  };
  for (const c of customers) if (wanted.has(c.team)) count(c.team, c);
  for (const team of wanted) {
    for (const h of liveHandoffsTo(team)) {
      const c = customer(h.customerId);
      if (c) count(team, c);
    }
  }
  return [...counts.values()];
}
