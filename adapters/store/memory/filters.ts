import type { Customer, FollowUp, Handoff } from '../../../src/domain/types.js';
import type { CustomerFilter, FollowUpFilter, HandoffFilter } from '../../../src/store/store.js';

/**
 * The store contract's filters over records already narrowed by an index:
 * what every condition means lives here once, the engine only picks the
 * cheapest index to start from.
 */
export function matchesCustomer(c: Customer, filter: CustomerFilter, dueBefore: number | undefined): boolean {
  if (filter.team !== undefined && c.team !== filter.team) return false;
  if (filter.teams !== undefined && !filter.teams.includes(c.team)) return false;
  if (filter.owner !== undefined && c.owner !== filter.owner) return false;
  if (filter.postPurchase !== undefined && c.postPurchase !== filter.postPurchase) return false;
  return dueBefore === undefined || (c.contactDueAt !== undefined && Date.parse(c.contactDueAt) < dueBefore);
}

export function matchesHandoff(h: Handoff, filter: HandoffFilter): boolean {
  return (
    (filter.customerId === undefined || h.customerId === filter.customerId) &&
    (filter.owner === undefined || h.owner === filter.owner) &&
    (filter.assignee === undefined || h.assignee === filter.assignee) &&
    (filter.sender === undefined || h.sender === filter.sender) &&
    (filter.to === undefined || h.to === filter.to) &&
    (filter.from === undefined || h.from === filter.from) &&
    (filter.states === undefined || filter.states.includes(h.state)) &&
    (filter.unassigned === undefined || (h.assignee === undefined) === filter.unassigned)
  );
}

export function matchesFollowUp(f: FollowUp, filter: FollowUpFilter): boolean {
  return (
    (filter.handoffId === undefined || f.handoffId === filter.handoffId) &&
    (filter.customerId === undefined || f.customerId === filter.customerId) &&
    (filter.person === undefined || (f.recipient.kind === 'person' && f.recipient.person === filter.person))
  );
}

/** Code-unit order, as PostgreSQL's `COLLATE "C"`: the same in every engine and ~10x cheaper than localeCompare. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byCreation = (a: Handoff, b: Handoff) => byText(a.createdAt, b.createdAt) || byText(a.id, b.id);
export const byDue = (a: FollowUp, b: FollowUp) => byText(a.dueAt, b.dueAt) || byText(a.id, b.id);

/** An ISO instant's time, those without one after every other (as NULLs sort last in PostgreSQL). */
const dueTime = (c: Customer): number =>
  c.contactDueAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(c.contactDueAt);

/**
 * `CustomerFilter.order = 'contactDue'`: the longest owed first, then by
 * name, then by id. Each due time is parsed once, not in every comparison
 * (12k late customers took ~35 ms to sort otherwise).
 */
export function sortByContactDue(list: readonly Customer[]): Customer[] {
  const keyed = list.map((c) => ({ c, t: dueTime(c) }));
  keyed.sort((a, b) => a.t - b.t || byText(a.c.name, b.c.name) || byText(a.c.id, b.c.id));
  return keyed.map((k) => k.c);
}
