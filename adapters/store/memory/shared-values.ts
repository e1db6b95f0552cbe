import type { Customer, FollowUp, Handoff, Recipient } from '../../../src/domain/types.js';
import type { HotData } from './hot-data.js';
import type { IndexBacklog } from './index-backlog.js';

/**
 * Records read from a data file each get their own copy of every string,
 * where the running process that wrote them had one: a follow-up's handoff id
 * is its handoff's, a team's name is the team's, a state is one of six. At
 * 50k handoffs and 100k follow-ups those copies are tens of megabytes, so
 * loaded records have the fields that repeat (references and categories, never
 * times or free text) pointed at one instance each.
 *
 * It runs once Baton answers, record by record just before each is indexed
 * (HotState's backlog), so index keys are the shared instances: at start-up it
 * was a tenth of the time to ready. A record is only ever given an equal string,
 * so one read meanwhile sees no change. Customers go first: their ids are the
 * instances handoffs and follow-ups then point at.
 */
class ValueSharing {
  private readonly pool = new Map<string, string>();
  private readonly people = new Map<string, Recipient>();

  private readonly one = <T extends string | undefined>(s: T): T => {
    if (s === undefined) return s;
    const held = this.pool.get(s);
    if (held !== undefined) return held as T;
    this.pool.set(s, s);
    return s;
  };

  private recipient(r: Recipient): Recipient {
    // Only the plain shape: a recipient with anything more keeps its own object.
    if (r.kind !== 'person' || Object.keys(r).length !== 2) return r;
    const held = this.people.get(r.person);
    if (held) return held;
    const shared = { kind: 'person' as const, person: this.one(r.person) };
    this.people.set(r.person, shared);
    return shared;
  }

  customer(c: Customer): void {
    this.one(c.id);
    shareCustomer(c, this.one);
  }

  handoff(h: Handoff): void {
    this.one(h.id);
    shareHandoff(h, this.one);
  }

  followUp(f: FollowUp): void {
    shareFollowUp(f, this.one, (r) => this.recipient(r));
  }
}

/** The loaded records' sharing as the first steps of the backlog: before any record is indexed. */
export function shareBeforeIndexing(backlog: IndexBacklog, data: HotData): void {
  const sharing = new ValueSharing();
  backlog.add(data.customers, (c) => sharing.customer(c));
  backlog.add(data.handoffs, (h) => sharing.handoff(h));
  backlog.add(data.followUps, (f) => sharing.followUp(f));
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
