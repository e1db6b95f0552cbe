import type { JourneyFact } from './fact.js';

/** What the journey figures can be grouped by. `team` is the receiving team, `from` the sending one. */
export const JOURNEY_DIMENSIONS = ['week', 'team', 'from', 'playbook', 'source', 'language'] as const;
export type JourneyDimension = (typeof JOURNEY_DIMENSIONS)[number];

export interface JourneyFigures {
  /** Handoffs started. */
  started: number;
  accepted: number;
  acceptedWithinSla: number;
  /**
   * Accepted by their accept deadline, of those whose outcome is known: the
   * accepted plus the unaccepted whose deadline has passed. null when none.
   */
  acceptSlaRate: number | null;
  /** Business time from start to accept, nearest-rank median and 90th percentile, ms. */
  acceptMedianMs: number | null;
  acceptP90Ms: number | null;
  contacted: number;
  contactedWithinSla: number;
  /** Contacted by the contact deadline, of those contacted or past it. null when none. */
  contactSlaRate: number | null;
  /** Business time from start to first contact, ms. */
  contactMedianMs: number | null;
  contactP90Ms: number | null;
  /** Wall-clock time from purchase to first human contact, for customers with a purchase date, ms. */
  purchaseToContactMedianMs: number | null;
  purchaseToContactP90Ms: number | null;
  declines: number;
  /** Decline reasons, most frequent first (ties by reason); an empty reason is ''. */
  declineReasons: Array<{ reason: string; count: number }>;
  reassigns: number;
  escalations: number;
  /** Missed the contact deadline: contacted after it, or not contacted and past it now. */
  missedContactSla: number;
  /** Not contacted (and not cancelled or declined for good) and past the contact deadline now. */
  pastContactSlaNow: number;
  /** Not contacted yet and still live (open, accepted, or declined and not yet sent again). */
  waiting: number;
  /** Handoffs whose customer answered the pulse mail (their latest answer counts). */
  pulseAnswered: number;
  /** Of those, the customer said someone had been in touch (`helped` or `need-help`). */
  pulseConfirmed: number;
  /** Customer-confirmed contact rate: `pulseConfirmed / pulseAnswered`; null when nobody answered. */
  pulseRate: number | null;
}

export interface JourneyRow {
  /** The group's value for each dimension asked for. */
  key: Partial<Record<JourneyDimension, string>>;
  figures: JourneyFigures;
}

/** Nearest-rank percentile of an ascending list: the smallest value with at least p of the list at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** A declined handoff still holds its customer (the sender sends it again or elsewhere): they still wait. */
const LIVE = new Set(['open', 'accepted', 'proposed', 'declined']);

/** The figures of a set of facts, as of `now`. */
export function figuresOf(facts: readonly JourneyFact[], now: Date): JourneyFigures {
  const at = now.toISOString();
  const acceptMs: number[] = [];
  const contactMs: number[] = [];
  const purchaseMs: number[] = [];
  const reasons = new Map<string, number>();
  let accepted = 0;
  let acceptedWithinSla = 0;
  let acceptKnown = 0;
  let contacted = 0;
  let contactedWithinSla = 0;
  let contactKnown = 0;
  let declines = 0;
  let reassigns = 0;
  let escalations = 0;
  let missed = 0;
  let pastNow = 0;
  let waiting = 0;
  let pulseAnswered = 0;
  let pulseConfirmed = 0;
  for (const f of facts) {
    if (f.pulseAnswer !== undefined) {
      pulseAnswered++;
      if (f.pulseAnswer !== 'not-yet') pulseConfirmed++;
    }
    if (f.acceptedAt !== undefined) {
      accepted++;
      acceptKnown++;
      if (f.acceptDueAt === undefined || f.acceptedAt <= f.acceptDueAt) acceptedWithinSla++;
      if (f.acceptBusinessMs !== undefined) acceptMs.push(f.acceptBusinessMs);
    } else if (f.acceptDueAt !== undefined && f.acceptDueAt < at && LIVE.has(f.state)) {
      acceptKnown++;
    }
    if (f.contactedAt !== undefined) {
      contacted++;
      contactKnown++;
      const inTime = f.contactDueAt === undefined || f.contactedAt <= f.contactDueAt;
      if (inTime) contactedWithinSla++;
      else missed++;
      if (f.contactBusinessMs !== undefined) contactMs.push(f.contactBusinessMs);
      if (f.purchasedAt !== undefined) purchaseMs.push(Date.parse(f.contactedAt) - Date.parse(f.purchasedAt));
    } else if (LIVE.has(f.state)) {
      waiting++;
      if (f.contactDueAt !== undefined && f.contactDueAt < at) {
        contactKnown++;
        missed++;
        pastNow++;
      }
    }
    declines += f.declines;
    for (const r of f.declineReasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    reassigns += f.reassigns;
    escalations += f.escalations;
  }
  // A typed array sorts numbers natively, several times faster than Array#sort with a comparator.
  const acceptSorted = Float64Array.from(acceptMs).sort();
  const contactSorted = Float64Array.from(contactMs).sort();
  const purchaseSorted = Float64Array.from(purchaseMs).sort();
  return {
    started: facts.length,
    accepted,
    acceptedWithinSla,
    acceptSlaRate: acceptKnown === 0 ? null : acceptedWithinSla / acceptKnown,
    acceptMedianMs: percentile(acceptSorted, 0.5),
    acceptP90Ms: percentile(acceptSorted, 0.9),
    contacted,
    contactedWithinSla,
    contactSlaRate: contactKnown === 0 ? null : contactedWithinSla / contactKnown,
    contactMedianMs: percentile(contactSorted, 0.5),
    contactP90Ms: percentile(contactSorted, 0.9),
    purchaseToContactMedianMs: percentile(purchaseSorted, 0.5),
    purchaseToContactP90Ms: percentile(purchaseSorted, 0.9),
    declines,
    declineReasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)),
    reassigns,
    escalations,
    missedContactSla: missed,
    pastContactSlaNow: pastNow,
    waiting,
    pulseAnswered,
    pulseConfirmed,
    pulseRate: pulseAnswered === 0 ? null : pulseConfirmed / pulseAnswered,
  };
}

/** The figures grouped by `by` (none: one row for all), groups in ascending key order. */
export function summarize(
  facts: readonly JourneyFact[],
  opts: { now: Date; by?: readonly JourneyDimension[] },
): JourneyRow[] {
  const by = opts.by ?? [];
  const groups = new Map<string, { key: JourneyRow['key']; facts: JourneyFact[] }>();
  for (const f of facts) {
    const key: JourneyRow['key'] = {};
    for (const d of by) key[d] = d === 'team' ? f.to : f[d];
    const id = by.map((d) => key[d]).join('\u0000');
    let g = groups.get(id);
    if (!g) {
      g = { key, facts: [] };
      groups.set(id, g);
    }
    g.facts.push(f);
  }
  if (by.length === 0 && groups.size === 0) groups.set('', { key: {}, facts: [] });
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ key: g.key, figures: figuresOf(g.facts, opts.now) }));
}
