import type { Customer, FollowUp, Handoff, Recipient } from '../../../src/domain/types.js';
import type { HotData } from './hot-data.js';

/**
 * Records read from a data file each get their own copy of every string,
 * where the running process that wrote them had one: a follow-up's handoff id
 * is its handoff's, a team's name is the team's, a state is one of six. At
 * 50k handoffs and 100k follow-ups those copies are tens of megabytes, so
 * loading points the fields that repeat (references and categories, never
 * times or free text) at one instance each.
 *
 * Records are never changed in place once stored, so sharing is safe; this
 * runs on freshly parsed records, before anything else holds them.
 */
export function shareRepeatedValues(data: HotData): void {
  const pool = new Map<string, string>();
  const one = <T extends string | undefined>(s: T): T => {
    if (s === undefined) return s;
    const held = pool.get(s);
    if (held !== undefined) return held as T;
    pool.set(s, s);
    return s;
  };
  const people = new Map<string, Recipient>();
  const recipient = (r: Recipient): Recipient => {
    // Only the plain shape: a recipient with anything more keeps its own object.
    if (r.kind !== 'person' || Object.keys(r).length !== 2) return r;
    const held = people.get(r.person);
    if (held) return held;
    const shared = { kind: 'person' as const, person: one(r.person) };
    people.set(r.person, shared);
    return shared;
  };
  for (const c of data.customers) {
    // Ids first: the handoffs and follow-ups below then share them.
    one(c.id);
    shareCustomer(c, one);
  }
  for (const h of data.handoffs) {
    one(h.id);
    shareHandoff(h, one);
  }
  for (const f of data.followUps) shareFollowUp(f, one, recipient);
}

type One = <T extends string | undefined>(s: T) => T;

function shareCustomer(c: Customer, one: One): void {
  c.stage = one(c.stage);
  c.team = one(c.team);
  if (c.owner !== undefined) c.owner = one(c.owner);
  if (c.language !== undefined) c.language = one(c.language);
}

function shareHandoff(h: Handoff, one: One): void {
  h.customerId = one(h.customerId);
  h.playbook = one(h.playbook);
  h.from = one(h.from);
  h.to = one(h.to);
  h.sender = one(h.sender);
  h.state = one(h.state);
  if (h.assignee !== undefined) h.assignee = one(h.assignee);
  if (h.owner !== undefined) h.owner = one(h.owner);
  const source = h.source as { kind: string; system?: string };
  source.kind = one(source.kind);
  if (source.system !== undefined) source.system = one(source.system);
}

function shareFollowUp(f: FollowUp, one: One, recipient: (r: Recipient) => Recipient): void {
  f.customerId = one(f.customerId);
  if (f.handoffId !== undefined) f.handoffId = one(f.handoffId);
  f.window = one(f.window);
  f.kind = one(f.kind);
  f.step = one(f.step);
  f.status = one(f.status);
  f.recipient = recipient(f.recipient);
}
