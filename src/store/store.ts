import type { JourneyFact, JourneyPatch, JourneyQuery } from '../analytics/fact.js';
import type { Erasure } from '../domain/erasure.js';
import type {
  AuditEntry,
  CardRef,
  Customer,
  Delivery,
  FollowUp,
  Handoff,
  HandoffState,
  HistoryEntry,
  InboundEvent,
  Platform,
  Touchpoint,
} from '../domain/types.js';
import type { QueuePage, QueueQuery } from './queue.js';

/**
 * What one state change writes, applied atomically by `Store.commit`: either
 * all of it is durable when the promise resolves, or none of it is.
 *
 * Customers and handoffs carry optimistic concurrency: `expectedVersion` is the
 * version the caller read (`null`: the record must not exist yet), and the
 * stored value's `version` must be `expectedVersion + 1` (or 1 when new).
 */
export interface ChangeSet {
  customers?: Array<{ value: Customer; expectedVersion: number | null }>;
  handoffs?: Array<{ value: Handoff; expectedVersion: number | null }>;
  /** Upserts by id; a sent or cancelled follow-up leaves the pending set. */
  followUps?: FollowUp[];
  /**
   * Pending follow-ups that went out with this commit's message: they leave
   * the pending set. Ids only, because the scheduler closes a thousand at a
   * time. One that is no longer pending (cancelled by an accept meanwhile,
   * sent by another replica) makes the whole commit a conflict, so a
   * reminder is never queued twice or after its window was satisfied.
   */
  followUpsSent?: string[];
  /** Inserted unless a delivery with the same key exists; updated when the id exists. */
  deliveries?: Delivery[];
  /** Upserts by id. */
  cardRefs?: CardRef[];
  touchpoints?: Touchpoint[];
  audit?: AuditEntry[];
  /**
   * Webhook deliveries. A new `(source, id)` is inserted; an existing one with
   * `expectExisting` unset makes the whole commit a `duplicate`. With
   * `expectExisting: true` it is an update of a record this process claimed.
   */
  inbound?: Array<{ value: InboundEvent; expectExisting?: boolean }>;
  /** Small keyed values: a platform's conversation references, round-robin cursors. `null` deletes. */
  kv?: Array<{ ns: string; key: string; value: unknown }>;
  /**
   * Keyed values that must not exist yet (a generated key, a one-time token):
   * one that exists makes the whole commit a `kv` conflict, so of two
   * replicas writing the same key at once exactly one wins.
   */
  kvInsert?: Array<{ ns: string; key: string; value: unknown }>;
  /**
   * Keyed values taken (deleted) that must exist: one already gone makes the
   * whole commit a `kv` conflict, so a one-time token is redeemed once.
   */
  kvTake?: Array<{ ns: string; key: string }>;
  /** The journey rollup: each patch merged into its handoff's fact with `mergeJourneyPatch`. */
  journey?: JourneyPatch[];
  /** Personal-data erasure: history entries of this customer are rewritten without personal data. */
  eraseHistoryOf?: string[];
  /**
   * Personal-data erasure of what no service can list: deliveries of every
   * status (sent ones too) lose the text they carry about the customer, and
   * webhook events about them lose their payload (a pending one is settled as
   * dropped). Applied after everything else in the change.
   */
  erasures?: Erasure[];
}

export type CommitResult =
  | { ok: true }
  | { ok: false; reason: 'conflict'; entity: 'customer' | 'handoff' | 'followUp' | 'kv'; id: string }
  | { ok: false; reason: 'duplicate'; source: string; id: string };

export interface ClaimOptions {
  limit: number;
  /** How long the claim holds; an unfinished claim is taken again after it. */
  leaseMs: number;
  /** Who claims (a replica id), kept with the lease. */
  owner: string;
  /**
   * Deliveries only: claim those for these platforms; the others wait in the
   * queue, untouched, for a process that can send them. Unset: every platform.
   */
  platforms?: readonly Platform[];
  /**
   * Deliveries only: at most this many of one conversation (`conversationKey`),
   * none of a conversation that has a delivery under an unexpired lease, and
   * none queued after a delivery of its conversation that waits for a retry
   * (attempted, next attempt later). So a conversation is sent by one claimer
   * at a time, in order, and a busy one cannot fill a claim that other
   * conversations wait for. Unset: no cap, no hold-back.
   */
  perConversation?: number;
}

export interface HandoffFilter {
  customerId?: string;
  owner?: string;
  assignee?: string;
  sender?: string;
  to?: string;
  from?: string;
  states?: HandoffState[];
  /** true: only handoffs no one was asked to accept (no assignee); false: only those with one. */
  unassigned?: boolean;
}

export interface CustomerFilter {
  team?: string;
  /** Only customers of one of these teams (an empty list matches none). */
  teams?: readonly string[];
  owner?: string;
  postPurchase?: boolean;
  /** Only customers whose next contact was owed before this instant. */
  contactDueBefore?: string;
  /**
   * `contactDue`: the longest owed first, the same in every store: by
   * `contactDueAt` as an instant, earliest first (customers without one
   * last), then by name, then by id, both in code-unit order (PostgreSQL's
   * `COLLATE "C"`). Unset: the order customers were first stored.
   */
  order?: 'contactDue';
  /** Skip this many of the matches in that order (a later page). */
  offset?: number;
  limit?: number;
}

export interface FollowUpFilter {
  handoffId?: string;
  customerId?: string;
  person?: string;
  status?: FollowUp['status'];
}

export interface StoreStats {
  customers: number;
  handoffs: number;
  openHandoffs: number;
  pendingFollowUps: number;
  pendingDeliveries: number;
  /** Pending deliveries by platform (platforms with none may be left out). */
  pendingDeliveriesByPlatform: Partial<Record<Platform, number>>;
  failedDeliveries: number;
  /** Pending deliveries already tried and waiting for another try (their `lastError` says why). */
  retryingDeliveries: number;
  /** The same by platform (platforms with none may be left out). */
  retryingDeliveriesByPlatform: Partial<Record<Platform, number>>;
  pendingInbound: number;
}

/** Which audit entries `scanAudit` reads, newest first. */
export interface AuditQuery {
  /** Entries at or after this instant. */
  since?: string;
  /** Entries before this instant. */
  until?: string;
  /** Only entries about these customers. */
  customerIds?: readonly string[];
  /** Only these actions (`handoff.accepted`, ...). */
  actions?: readonly string[];
  actor?: string;
  /** Where the previous page stopped (its `next`). */
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `cursor` for the next page; unset when there is none. */
  next?: string;
}

export interface PruneCounts {
  deliveries: number;
  inbound: number;
}

/** Customers of one team in one recorded language (`Store.customerLanguages`). */
export interface TeamLanguageCount {
  team: string;
  /** As recorded on the customer, not normalised (`ko`, `ko-KR`); unset when none is. */
  language?: string;
  customers: number;
}

export interface CustomerName {
  id: string;
  name: string;
  aliases: string[];
}

/** What changed among the customers' names since a version: every name, or those changed. */
export type NameChanges = { version: number } & ({ all: CustomerName[] } | { changed: CustomerName[] });

/**
 * The one storage contract. Implementations: in-memory (tests), the lowdb
 * JSON file (default) and PostgreSQL (several replicas). Every one of them
 * runs the same contract suite in test/adapters/store/contract.ts.
 */
export interface Store {
  readonly kind: 'memory' | 'lowdb' | 'postgres';

  getCustomer(id: string): Promise<Customer | undefined>;
  findCustomerByExternalId(system: string, externalId: string): Promise<Customer | undefined>;
  /** Matches a contact email exactly or the customer's domain (case-insensitive). */
  findCustomerByEmailOrDomain(emailOrDomain: string): Promise<Customer | undefined>;
  listCustomers(filter?: CustomerFilter): Promise<Customer[]>;
  /** How many customers match the filter, all pages (its `order`, `offset` and `limit` are ignored). */
  countCustomers(filter: CustomerFilter): Promise<number>;
  /**
   * How many customers each of these teams serves, per recorded language: a
   * customer counts for a team they are with now and for a team a handoff not
   * closed goes to, once per team. Erased customers are left out; rows with
   * no customers too. Counted by the store, so a page of coverage reads a few
   * rows, not every customer.
   */
  customerLanguages(teams: readonly string[]): Promise<TeamLanguageCount[]>;
  /** Names and aliases of every customer, for fuzzy look-up. */
  customerNames(): Promise<CustomerName[]>;
  /**
   * The names changed since `version` (a number this method returned before), or all of them
   * when it cannot say (no version, or one it no longer remembers). Optional: a search index
   * over the names then asks for them all each time (a store answering from memory has it,
   * so a look-up after a new customer costs that customer, not a walk over every name).
   */
  customerNamesSince?(version: number | undefined): Promise<NameChanges>;

  /** The customers of these ids that exist, each once, in no particular order: one query where a query is a round trip. */
  getCustomers(ids: readonly string[]): Promise<Customer[]>;

  getHandoff(id: string): Promise<Handoff | undefined>;
  /** The handoffs of these ids that exist, closed ones too (as `getHandoff` returns them), each once, in no particular order. */
  getHandoffs(ids: readonly string[]): Promise<Handoff[]>;
  /** Handoffs not closed, oldest first (by createdAt, then id, in code-unit order). */
  listHandoffs(filter: HandoffFilter): Promise<Handoff[]>;
  /**
   * Live (open or accepted) handoffs to `team` per person who holds them (the
   * owner, else the assignee), for each of `people` (0 when none): the load
   * least-loaded assignment weighs, read without listing the team's handoffs.
   */
  liveLoad(team: string, people: readonly string[]): Promise<Map<string, number>>;
  /**
   * The first `limit` handoffs of a person's queue in its order and how many
   * it holds (what, and in which order: `src/store/queue.ts`), read without
   * listing everything the person holds.
   */
  queuePage(query: QueueQuery): Promise<QueuePage>;

  /** Pending follow-ups, soonest due first (by dueAt, then id, in code-unit order). */
  listFollowUps(filter: FollowUpFilter): Promise<FollowUp[]>;
  listCardRefs(handoffId: string): Promise<CardRef[]>;
  getCardRef(id: string): Promise<CardRef | undefined>;

  getDelivery(id: string): Promise<Delivery | undefined>;
  listDeliveries(filter: { status?: Delivery['status']; limit?: number }): Promise<Delivery[]>;

  getInbound(source: string, id: string): Promise<InboundEvent | undefined>;
  getKv(ns: string, key: string): Promise<unknown>;
  listKv(ns: string): Promise<Array<{ key: string; value: unknown }>>;

  /** Audit entries, touchpoints and closed handoffs of one customer, oldest first. */
  history(customerId: string, opts?: { limit?: number }): Promise<HistoryEntry[]>;

  stats(): Promise<StoreStats>;

  /** The journey rollup rows (one per handoff ever started) of these weeks and teams, in no particular order. */
  journeyFacts(query: JourneyQuery): Promise<JourneyFact[]>;
  /** Audit entries across customers, newest first, a page at a time (erased customers' entries as erased). */
  scanAudit(query: AuditQuery): Promise<AuditPage>;

  commit(change: ChangeSet): Promise<CommitResult>;

  /** Pending follow-ups due at `now`, leased to the caller. */
  claimDueFollowUps(now: Date, opts: ClaimOptions): Promise<FollowUp[]>;
  /** Pending deliveries whose next attempt is due, leased to the caller, oldest first. */
  claimDeliveries(now: Date, opts: ClaimOptions): Promise<Delivery[]>;
  /**
   * Extends the leases `owner` still holds on these deliveries (pending, lease
   * not yet run out) to `now + leaseMs`; returns those renewed. One missing was
   * lost (settled, or its lease ran out and it may be another's now).
   */
  renewDeliveryLeases(
    ids: readonly string[],
    now: Date,
    opts: { leaseMs: number; owner: string },
  ): Promise<Delivery[]>;
  /**
   * Records, durably, that these deliveries are being posted (`sendingSince`),
   * each only while `owner` still holds its lease at `now` (pending, lease not
   * run out); returns the ids marked. A mark must never land on a delivery
   * another replica took over meanwhile: written whatever the lease, a late
   * mark would give the row back its old, expired lease, and a third replica
   * could claim it while the second is still posting, look for the post too
   * early, and post again.
   */
  markDeliveriesSending(
    marks: ReadonlyArray<{ id: string; sendingSince: string }>,
    now: Date,
    opts: { owner: string },
  ): Promise<string[]>;
  /**
   * Writes the outcome of a claim (given back, held back behind a retry, to be retried, failed
   * for good), each delivery only while its claim is still the one the writer holds: pending,
   * leased to `owner` until exactly `leaseUntil` (run out or not: nobody claimed it since).
   * Returns the ids written. Written whatever the lease, an outcome landing after another
   * replica (or this one, once the lease ran out) claimed the delivery again would strip that
   * claim's lease, and a third claim could post while the second is still posting. A post that
   * went out is recorded with `commit` instead: that it is on the platform is true whoever holds
   * the claim now.
   */
  settleClaims(
    claims: ReadonlyArray<{ delivery: Delivery; leaseUntil: string }>,
    opts: { owner: string },
  ): Promise<string[]>;
  /**
   * Makes the platform's pending deliveries that wait because their conversation could not be
   * reached yet (`notYet`) due at `now`, except those leased: Baton just learned a conversation,
   * which may reach them. Returns how many. Not journaled (like leases): after a restart they
   * wait for their next try as before.
   */
  deliverNotYetNow(platform: Platform, now: Date): Promise<number>;
  /** Pending inbound events (accepted but not yet processed), leased to the caller. */
  claimInbound(now: Date, opts: ClaimOptions): Promise<InboundEvent[]>;

  /**
   * Retention: forgets sent deliveries and finished (processed or failed)
   * webhook events from before `before`. With `once`, replicas sharing the
   * store prune once per `everyMs`: the first to ask prunes, the others get
   * `undefined`.
   */
  prune(before: Date, once?: { now: Date; everyMs: number }): Promise<PruneCounts | undefined>;

  /** True while the store can take writes (PostgreSQL reachable, file open). */
  ready(): Promise<boolean>;
  /**
   * Optional: builds in the background, in slices, what the store left for later when it
   * opened (the file store's indexes), once Baton answers. Reads never wait for it: one
   * that needs what is not built yet builds it first.
   */
  warmUp?(): Promise<void>;
  /**
   * Optional: builds these people's queues ahead of their first look-up, one a turn of the
   * event loop, for a store that keeps queues in memory once built. A queue's first build is
   * the costliest read of a look-up (for an owner of 1,250 handoffs, 5-50 ms): after a restart
   * a team's first `/cx mine` of the morning held the event loop for each of them in turn.
   */
  warmQueues?(people: ReadonlyArray<Omit<QueueQuery, 'limit'>>): Promise<void>;
  close(): Promise<void>;
}

export type { AuditEntry, CardRef, Customer, Delivery, FollowUp, Handoff, InboundEvent, Touchpoint };
