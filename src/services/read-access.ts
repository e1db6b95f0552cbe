import type { Customer, Handoff } from '../domain/types.js';
import type { CustomerName } from '../store/store.js';
import { customersNamed, suggestCustomers } from './customers.js';
import { type Failure, fail, type Result, type ServiceDeps } from './deps.js';

/** A closed handoff keeps its teams able to read the customer this long after it closed. */
export const RECENT_HANDOFF_MS = 30 * 86_400_000;

/**
 * Who may read a customer's journey, the same on every platform and the
 * dashboard (spec: admins and leads see everything, members their own
 * teams): an admin or any team's lead reads every customer; a member reads
 * the customers of their team, those a handoff in flight (or closed in the
 * last 30 days) moves from or to their team, and those they own or took
 * part in a handoff of (sent, were asked to accept, accepted).
 */
export function readsEverything(deps: Pick<ServiceDeps, 'dir'>, person: string): boolean {
  const { dir } = deps;
  return dir.isAdmin(person) || Object.keys(dir.config.teams).some((team) => dir.isLeadOf(person, team));
}

export function mayRead(
  deps: Pick<ServiceDeps, 'dir' | 'clock'>,
  person: string,
  customer: Customer,
  handoffs: readonly Handoff[],
): boolean {
  const me = deps.dir.person(person);
  if (!me) return false;
  if (readsEverything(deps, person)) return true;
  if (customer.team === me.team || customer.owner === person) return true;
  const since = deps.clock.now().getTime() - RECENT_HANDOFF_MS;
  return handoffs.some((h) => {
    if (h.customerId !== customer.id) return false;
    if (h.sender === person || h.assignee === person || h.owner === person) return true;
    const live = !h.closedAt || Date.parse(h.closedAt) >= since;
    return live && (h.from === me.team || h.to === me.team);
  });
}

/** The rule above for one customer, reading its handoffs only when the cheap checks did not decide. */
export async function mayReadCustomer(
  deps: ServiceDeps,
  person: string,
  customer: Customer,
): Promise<boolean> {
  if (mayRead(deps, person, customer, [])) return true;
  if (!deps.dir.person(person)) return false;
  return mayRead(deps, person, customer, await deps.store.listHandoffs({ customerId: customer.id }));
}

/** The refusal a reader gets for a customer outside what they may read: who can, in words. */
export function readRefusal(customer: Customer): Result<never> {
  return fail('NOT_ALLOWED', { roles: 'receiving-team,receiving-lead', to: customer.team });
}

/**
 * A "did you mean" or "matches several" answer with only the customers this
 * reader may read: a suggestion would otherwise name a customer of another
 * team to anyone who types something close.
 */
export async function readableFailure(deps: ServiceDeps, person: string, f: Failure): Promise<Failure> {
  if (f.code !== 'CUSTOMER_NOT_FOUND' && f.code !== 'CUSTOMER_AMBIGUOUS') return f;
  if (!f.vars.suggestions || readsEverything(deps, person)) return f;
  const query = String(f.vars.customer ?? '');
  // The same look-ups that produced the failure, answered again from the name index's memory.
  const candidates: ReadonlyArray<Pick<CustomerName, 'id' | 'name'>> =
    f.code === 'CUSTOMER_AMBIGUOUS'
      ? await customersNamed(deps.store, query)
      : await suggestCustomers(deps.store, query);
  const readable: string[] = [];
  for (const c of candidates) {
    const customer = await deps.store.getCustomer(c.id);
    if (customer && !customer.erasedAt && (await mayReadCustomer(deps, person, customer)))
      readable.push(c.name);
  }
  if (readable.length === 0)
    return { code: 'CUSTOMER_NOT_FOUND', vars: { customer: query, suggestions: '' } };
  return { ...f, vars: { ...f.vars, suggestions: [...new Set(readable)].join(', ') } };
}
