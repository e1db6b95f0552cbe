import type { Customer, Handoff } from '../../../src/domain/types.js';
import type { TeamLanguageCount } from '../../../src/store/store.js';

/** What the count reads of a customer (the PostgreSQL store's cache keeps only this). */
export type ServedCustomer = Pick<Customer, 'id' | 'team' | 'language' | 'erasedAt'>;

/**
 * `Store.customerLanguages` over the hot state: one pass over the customers
 * (no team index), counting into nested maps with no per-customer key or set
 * entry, then the live handoffs to these teams. A customer is counted once per
 * team: a handoff to the team they are already with, or a second handoff to
 * the same team, adds nothing. The PostgreSQL store counts its cache with it.
 */
export function customerLanguages(
  teams: readonly string[],
  customers: Iterable<ServedCustomer>,
  liveHandoffsTo: (team: string) => Iterable<Pick<Handoff, 'customerId'>>,
  customer: (id: string) => ServedCustomer | undefined,
): TeamLanguageCount[] {
  const counts = new Map<string, Map<string | undefined, number>>(teams.map((t) => [t, new Map()]));
  const add = (byLanguage: Map<string | undefined, number>, language: string | undefined) =>
    byLanguage.set(language, (byLanguage.get(language) ?? 0) + 1);
  for (const c of customers) {
    const byLanguage = counts.get(c.team);
    if (byLanguage && c.erasedAt === undefined) add(byLanguage, c.language);
  }
  for (const [team, byLanguage] of counts) {
    const handedTo = new Set<string>();
    for (const h of liveHandoffsTo(team)) {
      const c = customer(h.customerId);
      if (!c || c.erasedAt !== undefined || c.team === team || handedTo.has(c.id)) continue;
      handedTo.add(c.id);
      add(byLanguage, c.language);
    }
  }
  return [...counts].flatMap(([team, byLanguage]) =>
    [...byLanguage].map(([language, n]) => ({
      team,
      ...(language !== undefined ? { language } : {}),
      customers: n,
    })),
  );
}
