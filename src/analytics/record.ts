import type { Directory } from '../config/directory.js';
import type { Customer, Handoff } from '../domain/types.js';
import type { ChangeSet, Store } from '../store/store.js';
import { withCommit } from '../store/with-commit.js';
import type { WorkCalendar } from '../time/calendar.js';
import type { JourneyPatch } from './fact.js';
import { countAudit, type JourneyCounts, journeyPatch, noCounts, startedAt } from './journey-of.js';

/**
 * The store every part of Baton writes through, keeping the journey rollup
 * current: each commit that carries handoffs also carries their journey
 * patches, so the fact moves in the same atomic commit as the handoff,
 * whichever path wrote it (a service, a scheduler escalation, a webhook, an
 * import). Every other method is the store's own.
 *
 * Cost per commit: a pass over the change's handoffs and audit entries, and
 * at most one batched customer read, skipped when the change carries the
 * customers (a handoff's start always does). An erasure also reads the
 * customer's finished handoffs, so their facts lose the decline reasons. Reads happen before the commit,
 * never inside a transaction.
 */
export function recordingJourney(store: Store, dir: Directory): Store {
  const calendars = new Map<string, WorkCalendar>();
  const calendarOf = (team: string): WorkCalendar => {
    let cal = calendars.get(team);
    if (!cal) {
      cal = dir.calendar(team);
      calendars.set(team, cal);
    }
    return cal;
  };

  const recorded: Store['commit'] = async (change) => {
    const patches = await journeyPatches(store, change, calendarOf);
    if (patches.length === 0) return store.commit(change);
    return store.commit({ ...change, journey: [...(change.journey ?? []), ...patches] });
  };

  return withCommit(store, recorded);
}

/** The patches for the started handoffs a change writes (the last value of each), unless the change brings its own. */
export async function journeyPatches(
  store: Pick<Store, 'getCustomers' | 'getHandoffs'>,
  change: ChangeSet,
  calendarOf: (team: string) => WorkCalendar,
): Promise<JourneyPatch[]> {
  const written = change.handoffs ?? [];
  const erased = erasedHandoffIds(change);
  if (written.length === 0 && erased.size === 0) return [];
  const handoffs = new Map<string, Handoff>();
  for (const { value } of written) if (startedAt(value) !== undefined) handoffs.set(value.id, value);
  // An erasure also reaches the facts of the customer's finished handoffs, which the change does not carry.
  const closed = [...erased].filter((id) => !handoffs.has(id));
  if (closed.length > 0)
    for (const h of await store.getHandoffs(closed)) if (startedAt(h) !== undefined) handoffs.set(h.id, h);
  for (const p of change.journey ?? []) handoffs.delete(p.handoffId);
  if (handoffs.size === 0) return [];

  const counts = new Map<string, JourneyCounts>();
  const countsOf = (id: string) => {
    if (!handoffs.has(id)) return undefined;
    let c = counts.get(id);
    if (!c) {
      c = noCounts();
      counts.set(id, c);
    }
    return c;
  };
  for (const e of change.audit ?? []) countAudit(e, countsOf);

  const customers = new Map<string, Customer>();
  for (const c of change.customers ?? []) customers.set(c.value.id, c.value);
  const missing = new Set<string>();
  for (const h of handoffs.values()) if (!customers.has(h.customerId)) missing.add(h.customerId);
  if (missing.size > 0) for (const c of await store.getCustomers([...missing])) customers.set(c.id, c);

  const out: JourneyPatch[] = [];
  for (const h of handoffs.values()) {
    const p = journeyPatch(h, customers.get(h.customerId), calendarOf(h.to), counts.get(h.id));
    if (!p) continue;
    if (erased.has(h.id)) p.eraseReasons = true;
    out.push(p);
  }
  return out;
}

/** Handoffs of customers this change erases: their facts lose the decline reasons people wrote. */
function erasedHandoffIds(change: ChangeSet): Set<string> {
  const ids = new Set<string>();
  for (const e of change.erasures ?? []) for (const id of e.handoffIds) ids.add(id);
  return ids;
}
