import type { AuditEntry, Customer, Handoff, HandoffSource } from '../domain/types.js';
import { businessTimeBetween } from '../time/business-time.js';
import type { WorkCalendar } from '../time/calendar.js';
import { weekOf } from '../time/weeks.js';
import type { JourneyPatch } from './fact.js';

/**
 * A handoff counts as started when it is opened (`openedAt`): a detected
 * moment that is only proposed and never confirmed was not handed over, so it
 * has no fact. A resend after a decline keeps `openedAt`, so it is the same
 * handoff, started once.
 */
export function startedAt(h: Handoff): string | undefined {
  return h.openedAt;
}

/** `person`, `phrase`, `silence`, or for an event the system of record's name. */
export function sourceName(s: HandoffSource): string {
  return s.kind === 'event' ? s.system.toLowerCase() : s.kind;
}

/** The primary subtag of a BCP 47 tag, lower case; `und` when there is none. */
export function languageOf(tag: string | undefined): string {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,8}$/.test(primary) ? primary : 'und';
}

/** What the audit entries say happened to one handoff: the fact's counters. */
export interface JourneyCounts {
  declines: number;
  declineReasons: string[];
  reassigns: number;
  escalations: number;
}

export const noCounts = (): JourneyCounts => ({
  declines: 0,
  declineReasons: [],
  reassigns: 0,
  escalations: 0,
});

/**
 * Adds one audit entry to the counts of the handoff it is about, if any.
 * An escalation writes `followup.escalated` (about the follow-up, whose id
 * starts with the handoff's) and, when it marks the card, `handoff.escalated`
 * too: only the first is counted, so each escalation counts once.
 */
export function countAudit(e: AuditEntry, counts: (handoffId: string) => JourneyCounts | undefined): void {
  if (e.action === 'followup.escalated') {
    const id = e.subject.id;
    const cut = id.indexOf(':r');
    const c = cut > 0 ? counts(id.slice(0, cut)) : undefined;
    if (c) c.escalations++;
    return;
  }
  if (e.subject.type !== 'handoff') return;
  if (e.action === 'handoff.declined') {
    const c = counts(e.subject.id);
    if (!c) return;
    c.declines++;
    const reason = e.details?.reason;
    c.declineReasons.push(typeof reason === 'string' ? reason : '');
  } else if (e.action === 'handoff.reassigned') {
    const c = counts(e.subject.id);
    if (c) c.reassigns++;
  }
}

/**
 * The patch that brings a handoff's fact up to date: `set` from the handoff as
 * it is now and its customer (creation fields count only on the first write),
 * `add` from what happened in this commit. Undefined for a handoff not started.
 * Durations are business time in the receiving team's calendar.
 */
export function journeyPatch(
  h: Handoff,
  customer: Customer | undefined,
  calendar: WorkCalendar,
  counts: JourneyCounts | undefined,
): JourneyPatch | undefined {
  const start = startedAt(h);
  if (start === undefined) return undefined;
  const startMs = new Date(start);
  const set: JourneyPatch['set'] = {
    customerId: h.customerId,
    playbook: h.playbook,
    from: h.from,
    to: h.to,
    source: sourceName(h.source),
    language: languageOf(customer?.language),
    week: weekOf(start, calendar.timeZone),
    startedAt: start,
    state: h.state,
    sender: h.sender,
    updatedAt: h.updatedAt,
  };
  if (customer?.purchasedAt !== undefined) set.purchasedAt = customer.purchasedAt;
  if (h.assignee !== undefined) set.assignee = h.assignee;
  if (h.owner !== undefined) set.owner = h.owner;
  if (h.acceptDueAt !== undefined) set.acceptDueAt = h.acceptDueAt;
  if (h.acceptedAt !== undefined) {
    set.acceptedAt = h.acceptedAt;
    set.acceptBusinessMs = businessTimeBetween(calendar, startMs, new Date(h.acceptedAt));
  }
  if (h.contactDueAt !== undefined) set.contactDueAt = h.contactDueAt;
  if (h.contactedAt !== undefined) {
    set.contactedAt = h.contactedAt;
    set.contactBusinessMs = businessTimeBetween(calendar, startMs, new Date(h.contactedAt));
  }
  if (h.closedAt !== undefined) set.closedAt = h.closedAt;
  if (h.pulse !== undefined) set.pulseAnswer = h.pulse.answer;
  const patch: JourneyPatch = { handoffId: h.id, set };
  if (counts && (counts.declines || counts.reassigns || counts.escalations)) {
    patch.add = {};
    if (counts.declines) {
      patch.add.declines = counts.declines;
      patch.add.declineReasons = counts.declineReasons;
    }
    if (counts.reassigns) patch.add.reassigns = counts.reassigns;
    if (counts.escalations) patch.add.escalations = counts.escalations;
  }
  return patch;
}
