import type { JourneyPatch } from '../../src/analytics/fact.js';
import type { Customer } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';

const HOUR = 3_600_000;

/** One handoff's outcome as a test states it: what happened and when, in plain numbers. */
export interface Outcome {
  id: string;
  from: string;
  to: string;
  /** Monday of the week it started (yyyy-MM-dd). */
  week: string;
  startedAt: string;
  /** Accepted this many hours after it started, or not at all. */
  acceptedAfterH?: number;
  /** The accept deadline, hours after the start. */
  acceptSlaH: number;
  /** First contact this many wall-clock hours after the start, taking `contactBusinessH` business hours. */
  contactedAfterH?: number;
  contactBusinessH?: number;
  /** The contact deadline, hours after the start. */
  contactSlaH: number;
}

const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

/**
 * The journey facts of these outcomes, as the analytics recorder keeps them:
 * for tests about when and to whom the report goes, where driving two weeks
 * of handoffs would only slow them down (weekly-plan.ts drives them).
 */
export function journeyPatches(outcomes: readonly Outcome[]): JourneyPatch[] {
  return outcomes.map((o) => {
    const acceptedAt = o.acceptedAfterH === undefined ? undefined : plus(o.startedAt, o.acceptedAfterH);
    const contactedAt = o.contactedAfterH === undefined ? undefined : plus(o.startedAt, o.contactedAfterH);
    const state = contactedAt ? 'contacted' : acceptedAt ? 'accepted' : 'open';
    return {
      handoffId: o.id,
      set: {
        customerId: `cus_${o.id}`,
        playbook: `${o.from}-to-${o.to}`,
        from: o.from,
        to: o.to,
        source: 'person',
        language: 'en',
        week: o.week,
        startedAt: o.startedAt,
        state,
        sender: 'dana',
        acceptDueAt: plus(o.startedAt, o.acceptSlaH),
        contactDueAt: plus(o.startedAt, o.contactSlaH),
        ...(acceptedAt ? { acceptedAt, acceptBusinessMs: (o.acceptedAfterH ?? 0) * HOUR } : {}),
        ...(contactedAt ? { contactedAt, contactBusinessMs: (o.contactBusinessH ?? 0) * HOUR } : {}),
        updatedAt: contactedAt ?? acceptedAt ?? o.startedAt,
      },
    };
  });
}

export async function seedJourney(store: Store, outcomes: readonly Outcome[]): Promise<void> {
  const r = await store.commit({ journey: journeyPatches(outcomes) });
  if (!r.ok) throw new Error(`could not seed journey facts: ${JSON.stringify(r)}`);
}

/**
 * What a week's report must say, computed here from the outcomes (not with
 * Baton's figures): counts, whole percentages, the nearest-rank median.
 */
export function expectedWeek(outcomes: readonly Outcome[], week: string, now: Date) {
  const of = outcomes.filter((o) => o.week === week);
  const nowH = (o: Outcome) => (now.getTime() - Date.parse(o.startedAt)) / HOUR;
  const acceptedInTime = of.filter((o) => o.acceptedAfterH !== undefined && o.acceptedAfterH <= o.acceptSlaH);
  const acceptKnown = of.filter((o) => o.acceptedAfterH !== undefined || nowH(o) > o.acceptSlaH);
  const contacted = of.filter((o) => o.contactedAfterH !== undefined);
  const contactedInTime = contacted.filter((o) => (o.contactedAfterH ?? 0) <= o.contactSlaH);
  const pastNow = of.filter((o) => o.contactedAfterH === undefined && nowH(o) > o.contactSlaH);
  const hours = contacted.map((o) => o.contactBusinessH ?? 0).sort((a, b) => a - b);
  const median = hours.length === 0 ? undefined : hours[Math.ceil(hours.length / 2) - 1];
  const pct = (n: number, d: number) => (d === 0 ? 'none' : `${Math.round((100 * n) / d)}%`);
  return {
    started: String(of.length),
    acceptSla: pct(acceptedInTime.length, acceptKnown.length),
    contactedInSla: `${contactedInTime.length} (${pct(contactedInTime.length, contacted.length + pastNow.length)})`,
    medianContact: median === undefined ? 'none' : `${Math.round(median * 10) / 10} h`,
    pastSla: String(pastNow.length),
    waiting: of.filter((o) => o.contactedAfterH === undefined).length,
    contactedInTime: contactedInTime.length,
    medianHours: median,
    count: of.length,
  };
}

/** Post-purchase customers whose contact was due `overdueH` hours before `now`: the gaps a report names. */
export function lateCustomers(now: Date, overdueH: readonly number[]): Customer[] {
  const at = now.toISOString();
  return overdueH.map((h, i) => ({
    id: `cus_late${i}`,
    name: `Late Co ${i}`,
    aliases: [],
    externalIds: {},
    contacts: [],
    stage: 'delivery',
    team: 'delivery',
    owner: 'tom',
    postPurchase: true,
    contactDueAt: new Date(now.getTime() - h * HOUR).toISOString(),
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
}
