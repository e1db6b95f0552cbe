import type { Clock } from '../clock.js';
import type { Directory } from '../config/directory.js';
import type { AuditEntry, Customer, Handoff } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { WorkCalendar } from '../time/calendar.js';
import type { JourneyPatch } from './fact.js';
import { countAudit, type JourneyCounts, journeyPatch, noCounts, startedAt } from './journey-of.js';

/** Where the backfill leaves its marks (kv): done once, and claimed while it runs. */
export const BACKFILL_NS = 'journey';
/** Set once every handoff has its fact: by the backfill, or by a writer that recorded facts from the start. */
export const BACKFILL_DONE = 'backfilled';
const DONE = BACKFILL_DONE;
const CLAIM = 'backfill-claim';
/** A claim older than this is taken to be from a process that died mid-way. */
const CLAIM_TTL_MS = 60 * 60_000;
/** Facts per commit: small, so no commit (and no stretch of work between yields) stalls the server. */
const CHUNK = 50;
/** Work between yields to the event loop, ms. */
const SLICE_MS = 10;

export interface BackfillDeps {
  store: Store;
  dir: Directory;
  clock: Clock;
  log: Logger;
  /** Who runs it (the replica), kept in the claim. */
  owner: string;
  /** Stops between chunks when aborted (the server is stopping); the next start carries on. */
  signal?: AbortSignal;
}

export type BackfillOutcome =
  | { ran: true; facts: number; open: number; closed: number; customers: number }
  | { ran: false; why: 'done' | 'claimed' | 'stopped' };

/**
 * Data written before the journey rollup existed has no facts. Once per
 * store, this writes the missing ones: open handoffs from `listHandoffs`,
 * closed ones from each customer's history, with their decline, reassign and
 * escalation counts from the audit entries there. It runs in the background
 * after the server listens, a chunk at a time, yielding to the event loop.
 *
 * A handoff that already has a fact is left alone, and so is one that changed
 * between being read and its chunk's commit (checked just before), so a rerun
 * after a crash adds nothing twice. Creation fields come from the customer as
 * they are now (language, purchase), the best the old data says. A handoff
 * from before the rollup acted on in the moments before the backfill reaches
 * it gets its fact from that action, with only the counts from then on.
 */
export async function backfillJourney(deps: BackfillDeps): Promise<BackfillOutcome> {
  const { store } = deps;
  if ((await store.getKv(BACKFILL_NS, DONE)) !== undefined) return { ran: false, why: 'done' };
  if (!(await claim(deps))) return { ran: false, why: 'claimed' };
  try {
    return await backfill(deps);
  } catch (err) {
    // Let the next start try again at once rather than wait out the claim.
    await release(deps).catch(() => {});
    throw err;
  }
}

async function backfill(deps: BackfillDeps): Promise<BackfillOutcome> {
  const { store, log } = deps;
  const calendars = new Map<string, WorkCalendar>();
  const calendarOf = (team: string) => {
    let cal = calendars.get(team);
    if (!cal) {
      cal = deps.dir.calendar(team);
      calendars.set(team, cal);
    }
    return cal;
  };
  // Monotonic time, not the injected clock: this measures how long the event loop was held.
  let sliceStart = performance.now();
  const yieldNow = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  const pause = () => (performance.now() - sliceStart < SLICE_MS ? undefined : yieldNow());
  // Each whole read is a turn of its own (tens of milliseconds at 50,000 handoffs on the file
  // store); the rest goes in slices (`pause`).
  // Handoffs before facts: a handoff and its fact are committed together, so one listed here
  // that already had a fact is in `has`.
  const live = await store.listHandoffs({});
  await yieldNow();
  const has = new Set((await store.journeyFacts({})).map((f) => f.handoffId));
  await yieldNow();
  const openByCustomer = new Map<string, Handoff[]>();
  for (const h of live) {
    await pause();
    if (has.has(h.id) || startedAt(h) === undefined) continue;
    const list = openByCustomer.get(h.customerId);
    if (list) list.push(h);
    else openByCustomer.set(h.customerId, [h]);
  }
  await yieldNow();
  const customers = await store.listCustomers({});
  await yieldNow();

  let pending: Versioned[] = [];
  const counted = { facts: 0, open: 0, closed: 0 };
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = [];
    // A handoff changed since it was read got its fact from that change (the recorder): leave it.
    const now = new Map(
      (await store.getHandoffs(chunk.map((c) => c.patch.handoffId))).map((h) => [h.id, h.version]),
    );
    const journey = chunk.filter((c) => now.get(c.patch.handoffId) === c.version).map((c) => c.patch);
    if (journey.length === 0) return;
    const r = await store.commit({ journey });
    if (!r.ok) throw new Error(`the journey backfill could not commit: ${JSON.stringify(r)}`);
    counted.facts += journey.length;
  };

  for (const customer of customers) {
    if (deps.signal?.aborted) {
      await flush();
      await release(deps);
      return { ran: false, why: 'stopped' };
    }
    const open = openByCustomer.get(customer.id) ?? [];
    openByCustomer.delete(customer.id);
    const history = await store.history(customer.id);
    const closed = new Map<string, Handoff>();
    const audit: AuditEntry[] = [];
    for (const e of history) {
      if (e.kind === 'handoff') {
        if (!has.has(e.entry.id) && startedAt(e.entry) !== undefined) closed.set(e.entry.id, e.entry);
      } else if (e.kind === 'audit') audit.push(e.entry);
    }
    for (const h of open) closed.delete(h.id);
    const handoffs = [...open, ...closed.values()];
    if (handoffs.length > 0) {
      pending.push(...patchesOf(handoffs, customer, audit, calendarOf));
      counted.open += open.length;
      counted.closed += closed.size;
      for (const h of handoffs) has.add(h.id);
    }
    if (pending.length >= CHUNK) await flush();
    await pause();
  }
  // Open handoffs of a customer the list did not return: facts without the customer's fields.
  for (const open of openByCustomer.values()) {
    pending.push(...patchesOf(open, undefined, [], calendarOf));
    counted.open += open.length;
  }
  await flush();
  const at = deps.clock.now().toISOString();
  await store.commit({
    kv: [
      { ns: BACKFILL_NS, key: DONE, value: { at, facts: counted.facts } },
      { ns: BACKFILL_NS, key: CLAIM, value: null },
    ],
  });
  const outcome = { ran: true as const, ...counted, customers: customers.length };
  log.info(outcome, 'journey facts backfilled for handoffs from before the rollup');
  return outcome;
}

/** A patch and the handoff version it was computed from. */
interface Versioned {
  patch: JourneyPatch;
  version: number;
}

function patchesOf(
  handoffs: readonly Handoff[],
  customer: Customer | undefined,
  audit: readonly AuditEntry[],
  calendarOf: (team: string) => WorkCalendar,
): Versioned[] {
  const counts = new Map<string, JourneyCounts>(handoffs.map((h) => [h.id, noCounts()]));
  for (const e of audit) countAudit(e, (id) => counts.get(id));
  const out: Versioned[] = [];
  for (const h of handoffs) {
    const patch = journeyPatch(h, customer, calendarOf(h.to), counts.get(h.id));
    if (patch) out.push({ patch, version: h.version });
  }
  return out;
}

/** One runner at a time across replicas: the first to insert the claim runs; a stale claim is taken over. */
async function claim(deps: BackfillDeps): Promise<boolean> {
  const now = deps.clock.now();
  const value = { owner: deps.owner, at: now.toISOString() };
  const r = await deps.store.commit({ kvInsert: [{ ns: BACKFILL_NS, key: CLAIM, value }] });
  if (r.ok) return true;
  const held = (await deps.store.getKv(BACKFILL_NS, CLAIM)) as { owner?: string; at?: string } | undefined;
  const heldAt = held?.at ? Date.parse(held.at) : Number.NaN;
  if (held?.owner !== deps.owner && now.getTime() - heldAt < CLAIM_TTL_MS) return false;
  const taken = await deps.store.commit({ kv: [{ ns: BACKFILL_NS, key: CLAIM, value }] });
  return taken.ok;
}

async function release(deps: BackfillDeps): Promise<void> {
  await deps.store.commit({ kv: [{ ns: BACKFILL_NS, key: CLAIM, value: null }] });
}
