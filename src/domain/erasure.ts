import { createHash } from 'node:crypto';
import type { Customer, Delivery, InboundEvent, NoteEvent } from './types.js';

/**
 * What a store needs to erase one customer from the records a service cannot
 * list itself (sent deliveries, webhook events): the ids that point at the
 * customer, and digests of the values that identify them. Digests, not the
 * values: an erasure is journaled and replayed, and must not itself carry
 * what it erases.
 */
export interface Erasure {
  customerId: string;
  /** Live and finished handoffs of the customer. */
  handoffIds: string[];
  /** `valueDigest` of each name, alias, domain, contact name, email and phone, and external id. */
  valueDigests: string[];
}

/** Note details that are a person key, a contact channel or a time: never personal data. */
const SAFE_NOTE_DETAIL: ReadonlySet<NoteEvent> = new Set(['reassigned', 'escalated', 'contacted', 'snoozed']);

/** Case and spacing do not make a different person. */
export function valueDigest(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase()).digest('hex');
}

export function erasureOf(c: Customer, handoffIds: Iterable<string>): Erasure {
  const values = new Set<string>([c.name, ...c.aliases, ...Object.values(c.externalIds)]);
  if (c.domain) values.add(c.domain);
  for (const k of c.contacts) {
    values.add(k.name);
    if (k.email) values.add(k.email);
    if (k.phone) values.add(k.phone);
  }
  // A short number (an external id like 77) also appears in payloads as an amount or a count:
  // matching it would drop another customer's pending event.
  const digests = [...values]
    .filter((v) => v.trim().length > 0 && !/^\d{1,5}$/.test(v.trim()))
    .map(valueDigest);
  return { customerId: c.id, handoffIds: [...new Set(handoffIds)], valueDigests: [...new Set(digests)] };
}

/**
 * A delivery (of any status) about the erased customer, rewritten without
 * what it carries itself: free text in notes (a decline reason, a note) and
 * this customer's items in reminders, so nobody is nudged about them (an
 * emptied reminder is skipped when due). Cards, updates and proposals carry
 * only ids and are rendered from the current (erased) state when sent (a
 * proposal of a cancelled handoff is skipped). Undefined when unchanged.
 */
export function erasedDelivery(d: Delivery, er: Erasure): Delivery | undefined {
  const m = d.message;
  if (
    m.type === 'note' &&
    er.handoffIds.includes(m.handoffId) &&
    m.detail &&
    !SAFE_NOTE_DETAIL.has(m.event)
  ) {
    const { detail: _detail, ...message } = m;
    return { ...d, message };
  }
  // A write-back keeps the record's id (an identifying value) and perhaps a reason: both go.
  if (m.type === 'crm-record' && er.handoffIds.includes(m.handoffId)) {
    const { detail: _detail, ...message } = m;
    return { ...d, message: { ...message, recordId: '' } };
  }
  if (m.type === 'reminder' && m.followUps.some((f) => f.customerId === er.customerId)) {
    return { ...d, message: { ...m, followUps: m.followUps.filter((f) => f.customerId !== er.customerId) } };
  }
  return undefined;
}

/**
 * A webhook event about the erased customer, in any status, without its
 * payload and without free text in its outcome. One still pending is settled
 * as dropped: processing it later would bring the erased data back as a new
 * customer. Undefined when the event is not about this customer.
 */
export function erasedInbound(e: InboundEvent, er: Erasure): InboundEvent | undefined {
  const about = e.customerId === er.customerId || mentions(e.payload, new Set(er.valueDigests));
  if (!about) return undefined;
  const { payload: _payload, leaseUntil: _lease, leaseOwner: _owner, ...rest } = e;
  if (e.status === 'pending')
    return { ...rest, status: 'processed', outcome: 'dropped: its customer was erased' };
  if (e.status === 'failed') {
    // A code is kept for the operator; words (from before failures were coded) may quote the payload.
    const coded = e.outcome !== undefined && /^failed: [A-Z][A-Z0-9_]*$/.test(e.outcome);
    return coded ? rest : { ...rest, outcome: 'failed (details erased with the customer)' };
  }
  return 'payload' in e ? rest : undefined;
}

/**
 * True when any string (or number) in the payload is one of the values, or an
 * e-mail address at the customer's domain. Whole values only, so an unrelated
 * event that merely contains a short id somewhere is not taken for this customer.
 */
function mentions(payload: unknown, digests: ReadonlySet<string>): boolean {
  const stack: unknown[] = [payload];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' || typeof v === 'number') {
      const s = String(v);
      if (digests.has(valueDigest(s))) return true;
      const at = s.lastIndexOf('@');
      if (at > 0 && digests.has(valueDigest(s.slice(at + 1)))) return true;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (v && typeof v === 'object') {
      stack.push(...Object.values(v));
    }
  }
  return false;
}
