import type { JourneyFact } from '../../../src/analytics/fact.js';
import type { Customer, FollowUp, Handoff, Recipient } from '../../../src/domain/types.js';
import type { HotData } from './hot-data.js';
import type { IndexBacklog } from './index-backlog.js';

/**
 * Records read from a data file each get their own copy of every string,
 * where the running process that wrote them had one: a follow-up's handoff id
 * is its handoff's, a team's name is the team's, a state is one of six. At
 * 50k handoffs and 100k follow-ups those copies are tens of megabytes, so
 * loaded records have the fields that repeat (references, categories and
 * times, never free text) pointed at one instance each. Times repeat because
 * one commit writes one instant in many places: a handoff's createdAt and
 * openedAt, its follow-ups' window start and deadline, its journey fact's.
 * Read back, the bench's 1M times were 40 MB of separate strings. A time is
 * matched only against its own customer's and handoff's (`Instants`): a pool of
 * every distinct time would itself hold hundreds of thousands of entries while
 * it runs, raising the start's peak (measured: +50 MB).
 *
 * It runs once Baton answers, record by record just before each is indexed
 * (HotState's backlog), so index keys are the shared instances: at start-up it
 * was a tenth of the time to ready. A record is only ever given an equal string,
 * so one read meanwhile sees no change. Customers go first: their ids are the
 * instances handoffs and follow-ups then point at.
 */
class ValueSharing {
  constructor(private readonly records: RecordsById) {}

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
    shareCustomer(c, this.one, instantsOf(undefined, undefined));
  }

  handoff(h: Handoff): void {
    this.one(h.id);
    shareHandoff(h, this.one, instantsOf(this.records.customerOf(h.customerId), undefined));
  }

  followUp(f: FollowUp): void {
    const h = f.handoffId === undefined ? undefined : this.records.handoffOf(f.handoffId);
    shareFollowUp(
      f,
      this.one,
      (r) => this.recipient(r),
      instantsOf(this.records.customerOf(f.customerId), h),
    );
  }
}

/** The times of one customer's records seen so far: an equal time is given the one seen first. */
class Instants {
  private readonly seen: string[] = [];

  readonly one = <T extends string | undefined>(s: T): T => {
    if (s === undefined) return s;
    for (const t of this.seen) if (t === s) return t as T;
    this.seen.push(s);
    return s;
  };
}

/** The times already held by a customer and its handoff, for an equal time to be given one of them. */
function instantsOf(c: Customer | undefined, h: Handoff | undefined): Instants {
  const instants = new Instants();
  if (c) for (const t of [c.createdAt, c.updatedAt, c.purchasedAt, c.contactDueAt]) instants.one(t);
  if (h)
    for (const t of [h.createdAt, h.updatedAt, h.acceptedAt, h.acceptDueAt, h.contactDueAt, h.contactedAt])
      instants.one(t);
  return instants;
}

/** The store's records by id, for their values to be shared with. */
export interface RecordsById {
  customerOf(id: string): Customer | undefined;
  handoffOf(id: string): Handoff | undefined;
}

export const recordsById = (
  customers: Map<string, Customer>,
  handoffs: Map<string, Handoff>,
): RecordsById => ({
  customerOf: (id) => customers.get(id),
  handoffOf: (id) => handoffs.get(id),
});

/** The loaded records' sharing as the first steps of the backlog: before any record is indexed. */
export function shareBeforeIndexing(backlog: IndexBacklog, data: HotData, records: RecordsById): void {
  const sharing = new ValueSharing(records);
  backlog.add(data.customers, (c) => sharing.customer(c));
  backlog.add(data.handoffs, (h) => sharing.handoff(h));
  backlog.add(data.followUps, (f) => sharing.followUp(f));
}

type One = <T extends string | undefined>(s: T) => T;

function shareCustomer(c: Customer, one: One, at: Instants): void {
  c.stage = one(c.stage);
  c.team = one(c.team);
  if (c.owner !== undefined) c.owner = one(c.owner);
  if (c.language !== undefined) c.language = one(c.language);
  c.createdAt = at.one(c.createdAt);
  c.updatedAt = at.one(c.updatedAt);
  if (c.purchasedAt !== undefined) c.purchasedAt = at.one(c.purchasedAt);
  if (c.lastContactAt !== undefined) c.lastContactAt = at.one(c.lastContactAt);
  if (c.contactDueAt !== undefined) c.contactDueAt = at.one(c.contactDueAt);
}

function shareHandoff(h: Handoff, one: One, at: Instants): void {
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
  h.createdAt = at.one(h.createdAt);
  if (h.openedAt !== undefined) h.openedAt = at.one(h.openedAt);
  if (h.acceptedAt !== undefined) h.acceptedAt = at.one(h.acceptedAt);
  if (h.contactedAt !== undefined) h.contactedAt = at.one(h.contactedAt);
  if (h.closedAt !== undefined) h.closedAt = at.one(h.closedAt);
  if (h.acceptDueAt !== undefined) h.acceptDueAt = at.one(h.acceptDueAt);
  if (h.contactDueAt !== undefined) h.contactDueAt = at.one(h.contactDueAt);
  h.updatedAt = at.one(h.updatedAt);
}

function shareFollowUp(f: FollowUp, one: One, recipient: (r: Recipient) => Recipient, at: Instants): void {
  f.customerId = one(f.customerId);
  if (f.handoffId !== undefined) f.handoffId = one(f.handoffId);
  f.window = one(f.window);
  f.kind = one(f.kind);
  f.step = one(f.step);
  f.status = one(f.status);
  f.recipient = recipient(f.recipient);
  f.windowStart = at.one(f.windowStart);
  f.deadline = at.one(f.deadline);
  f.dueAt = at.one(f.dueAt);
  if (f.sentAt !== undefined) f.sentAt = at.one(f.sentAt);
}

/**
 * A journey fact's repeated values pointed at its handoff's and customer's, when they are in
 * memory (a closed handoff's are not: its fact keeps its own). Facts have one fixed shape
 * (fixedShape), every field present, so assigning keeps it.
 */
export const factSharing =
  (records: RecordsById) =>
  (f: JourneyFact): void =>
    shareFactWith(f, records.handoffOf(f.handoffId), records.customerOf(f.customerId));

function shareFactWith(f: JourneyFact, h: Handoff | undefined, c: Customer | undefined): void {
  if (!h) return;
  const same = <T extends string | undefined>(s: T, held: string | undefined): T =>
    s !== undefined && s === held ? (held as T) : s;
  f.handoffId = same(f.handoffId, h.id);
  f.customerId = same(f.customerId, c?.id ?? h.customerId);
  f.playbook = same(f.playbook, h.playbook);
  f.from = same(f.from, h.from);
  f.to = same(f.to, h.to);
  f.state = same(f.state, h.state);
  f.sender = same(f.sender, h.sender);
  f.assignee = same(f.assignee, h.assignee);
  f.owner = same(f.owner, h.owner);
  const at = instantsOf(c, h);
  f.startedAt = at.one(f.startedAt);
  f.acceptDueAt = at.one(f.acceptDueAt);
  f.acceptedAt = at.one(f.acceptedAt);
  f.contactDueAt = at.one(f.contactDueAt);
  f.contactedAt = at.one(f.contactedAt);
  f.purchasedAt = at.one(f.purchasedAt);
  f.closedAt = at.one(f.closedAt);
  f.updatedAt = at.one(f.updatedAt);
}
