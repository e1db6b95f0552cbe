import type { Erasure } from '../../../src/domain/erasure.js';
import type {
  CardRef,
  Customer,
  Delivery,
  FollowUp,
  Handoff,
  HistoryEntry,
  InboundEvent,
} from '../../../src/domain/types.js';
import { isClosedState } from '../../../src/domain/types.js';
import type {
  ChangeSet,
  ClaimOptions,
  CommitResult,
  CustomerFilter,
  FollowUpFilter,
  HandoffFilter,
  PruneCounts,
  StoreStats,
  TeamLanguageCount,
} from '../../../src/store/store.js';
import { checkChange } from './change-check.js';
import { customerLanguages } from './customer-languages.js';
import { CustomerLookups } from './customer-lookups.js';
import { DeliveryTable } from './delivery-table.js';
import { byCreation, matchesCustomer, matchesHandoff, sortByContactDue } from './filters.js';
import { FollowUpTable } from './follow-up-table.js';
import { HandoffIndex } from './handoff-index.js';
import { emptyHotData, type HotData } from './hot-data.js';
import { InboundTable } from './inbound-table.js';
import { IndexBacklog } from './index-backlog.js';
import { JourneyTable } from './journey-table.js';
import { KvTable } from './kv-table.js';
import { LiveLoad } from './live-load.js';
import { MultiIndex } from './multi-index.js';
import type { NameTable } from './name-table.js';
import { QueueIndex } from './queue-index.js';
import { recordsById, shareBeforeIndexing } from './shared-values.js';

/**
 * The in-memory engine shared by the memory store and the JSON file store:
 * validation of a change set (versions, duplicates), its atomic application,
 * the indexes behind the hot queries, and claims with leases.
 */
export class HotState {
  private readonly customers = new Map<string, Customer>();
  private readonly lookups = new CustomerLookups();
  private readonly handoffs = new Map<string, Handoff>();
  private readonly closedHandoffs = new Map<string, string>();
  private readonly handoffIndex = new HandoffIndex();
  private readonly load = new LiveLoad();
  private readonly queueIndex = new QueueIndex(
    (filter) => this.matchingHandoffs(filter),
    (id) => this.handoffs.get(id),
    () => this.followUps,
  );
  /** Loaded records not yet in the indexes above (see IndexBacklog); undefined once all are. */
  private backlog: IndexBacklog | undefined;
  private readonly followUps: FollowUpTable;
  private readonly deliveries: DeliveryTable;
  private readonly cardRefs = new Map<string, CardRef>();
  private readonly cardRefsByHandoff = new MultiIndex();
  private readonly inbound: InboundTable;
  private readonly kv: KvTable;
  readonly journey: JourneyTable;
  private readonly ids = recordsById(this.customers, this.handoffs);

  /** `deferIndexes`: records by id now, indexes (`shareValues`: after shareBeforeIndexing) in `indexSome` slices. */
  constructor(data: HotData = emptyHotData(), opts: { deferIndexes?: boolean; shareValues?: boolean } = {}) {
    const backlog = opts.deferIndexes ? new IndexBacklog() : undefined;
    if (backlog) {
      for (const c of data.customers) this.customers.set(c.id, c);
      for (const h of data.handoffs) this.handoffs.set(h.id, h);
      if (opts.shareValues) shareBeforeIndexing(backlog, data, this.ids);
      // A record stored twice in the file (edited by hand) is indexed as the one kept, once.
      backlog.add(data.customers, (c) => {
        if (this.customers.get(c.id) === c) this.lookups.put(c, undefined);
      });
      backlog.add(data.handoffs, (h) => {
        if (this.handoffs.get(h.id) === h) this.indexHandoff(h);
      });
    } else {
      for (const c of data.customers) this.putCustomer(c);
      for (const h of data.handoffs) this.putHandoff(h);
    }
    for (const [hid, cid] of Object.entries(data.closedHandoffs)) this.closedHandoffs.set(hid, cid);
    this.followUps = new FollowUpTable(data.followUps, (f) => this.queueIndex.followUp(f), backlog);
    this.backlog = backlog;
    this.deliveries = new DeliveryTable(data.deliveries, data.deliveryKeys);
    for (const r of data.cardRefs) this.putCardRef(r);
    this.inbound = new InboundTable(data.inbound);
    this.kv = new KvTable(data.kv);
    this.journey = new JourneyTable(data.journey, data.journeyLines, opts.shareValues ? this.ids : undefined);
  }

  toData(): HotData {
    return {
      customers: [...this.customers.values()],
      handoffs: [...this.handoffs.values()],
      closedHandoffs: Object.fromEntries(this.closedHandoffs),
      followUps: this.followUps.values(),
      deliveries: this.deliveries.values(),
      deliveryKeys: this.deliveries.keysData(),
      cardRefs: [...this.cardRefs.values()],
      inbound: this.inbound.values(),
      kv: this.kv.values(),
      journey: this.journey.parsedValues(),
      journeyLines: this.journey.unparsedLines(),
    };
  }

  /** Checks a change set against the current state without changing anything (change-check.ts). */
  validate(change: ChangeSet): CommitResult {
    const { customers, handoffs, closedHandoffs, followUps, inbound, kv } = this;
    return checkChange(change, { customers, handoffs, closedHandoffs, followUps, inbound, kv });
  }

  /**
   * Applies a validated change set. Returns the change as it was applied
   * (deliveries whose key was already used are dropped) and the history
   * entries it produced, for the caller to make durable.
   */
  apply(change: ChangeSet): { applied: ChangeSet; history: HistoryEntry[] } {
    // Only these records have indexes that may be waiting (a config record at start must not).
    if (change.customers || change.handoffs || change.followUps || change.followUpsSent) this.indexed();
    const history: HistoryEntry[] = [];
    for (const { value } of change.customers ?? []) this.putCustomer(value);
    for (const { value } of change.handoffs ?? []) {
      if (isClosedState(value.state)) {
        this.removeHandoff(value.id);
        this.closedHandoffs.set(value.id, value.customerId);
        history.push({ kind: 'handoff', at: value.closedAt ?? value.updatedAt, entry: value });
      } else {
        this.putHandoff(value);
      }
    }
    for (const f of change.followUps ?? []) this.followUps.put(f);
    for (const id of change.followUpsSent ?? []) this.followUps.remove(id);
    const deliveries = this.deliveries.apply(change.deliveries ?? []);
    for (const r of change.cardRefs ?? []) this.putCardRef(r);
    for (const t of change.touchpoints ?? []) history.push({ kind: 'touchpoint', at: t.at, entry: t });
    for (const a of change.audit ?? []) history.push({ kind: 'audit', at: a.at, entry: a });
    for (const { value } of change.inbound ?? []) this.inbound.put(value);
    this.kv.apply(change);
    if (change.journey) this.journey.apply(change.journey);
    for (const er of change.erasures ?? []) this.erase(er);
    const applied: ChangeSet = { ...change };
    if (change.deliveries) applied.deliveries = deliveries;
    return { applied, history };
  }

  /** Deliveries: see DeliveryTable.erase. */
  private erase(er: Erasure): void {
    this.deliveries.erase(er);
    this.inbound.erase(er);
  }

  /** Indexes the loaded records not yet indexed, all now: first thing of whatever reads or changes an index. */
  private indexed(): void {
    const backlog = this.backlog;
    this.backlog = undefined;
    backlog?.all();
  }

  /** Indexes up to `n` more of the records loaded at start; true once all are. */
  indexSome(n: number): boolean {
    if (this.backlog?.some(n) === false) return false;
    this.backlog = undefined;
    return true;
  }

  private putCustomer(c: Customer): void {
    this.lookups.put(c, this.customers.get(c.id));
    this.customers.set(c.id, c);
  }

  private putHandoff(h: Handoff): void {
    this.removeHandoff(h.id);
    this.handoffs.set(h.id, h);
    this.indexHandoff(h);
  }

  private indexHandoff(h: Handoff): void {
    this.handoffIndex.add(h);
    this.load.add(h);
    this.queueIndex.add(h);
  }

  private removeHandoff(id: string): void {
    const previous = this.handoffs.get(id);
    if (!previous) return;
    this.handoffs.delete(id);
    this.handoffIndex.remove(previous);
    this.load.remove(previous);
    this.queueIndex.remove(previous);
  }

  private putCardRef(r: CardRef): void {
    this.cardRefs.set(r.id, r);
    this.cardRefsByHandoff.add(r.handoffId, r.id);
  }

  getCustomer(id: string): Customer | undefined {
    return this.customers.get(id);
  }

  findCustomerByExternalId(system: string, externalId: string): Customer | undefined {
    this.indexed();
    const id = this.lookups.idByExternal(system, externalId);
    return id === undefined ? undefined : this.customers.get(id);
  }

  findCustomerByEmailOrDomain(emailOrDomain: string): Customer | undefined {
    this.indexed();
    const id = this.lookups.idByEmailOrDomain(emailOrDomain);
    return id === undefined ? undefined : this.customers.get(id);
  }

  /** In first-stored order unless a sort is asked for: only then are all matches collected and sorted. */
  listCustomers(filter: CustomerFilter = {}): Customer[] {
    const out: Customer[] = [];
    const dueBefore = filter.contactDueBefore ? Date.parse(filter.contactDueBefore) : undefined;
    const from = Math.max(0, Math.floor(filter.offset ?? 0));
    const to =
      filter.limit === undefined ? Number.POSITIVE_INFINITY : from + Math.max(0, Math.floor(filter.limit));
    const sorted = filter.order !== undefined;
    for (const c of this.customers.values()) {
      if (!matchesCustomer(c, filter, dueBefore)) continue;
      out.push(c);
      if (!sorted && out.length >= to) break;
    }
    return (sorted ? sortByContactDue(out) : out).slice(from, to);
  }

  countCustomers(filter: CustomerFilter): number {
    const dueBefore = filter.contactDueBefore ? Date.parse(filter.contactDueBefore) : undefined;
    let n = 0;
    for (const c of this.customers.values()) if (matchesCustomer(c, filter, dueBefore)) n++;
    return n;
  }

  /** Customers' names for search indexes: all of them (`all()`), or those changed (`since`). */
  get names(): NameTable {
    this.indexed();
    return this.lookups.names;
  }

  /** Queues by person and team (`Store.queuePage`), built on the indexes. */
  get queues(): QueueIndex {
    this.indexed();
    return this.queueIndex;
  }

  getHandoff(id: string): Handoff | undefined {
    return this.handoffs.get(id);
  }

  closedHandoffCustomer(id: string): string | undefined {
    return this.closedHandoffs.get(id);
  }

  /** Walks only the smallest index sets that can hold the answer, and sorts only the answer. */
  listHandoffs(filter: HandoffFilter): Handoff[] {
    return this.matchingHandoffs(filter).sort(byCreation);
  }

  /** `listHandoffs` in no particular order: for the queues, which sort in an order of their own. */
  private matchingHandoffs(filter: HandoffFilter): Handoff[] {
    this.indexed();
    const sets = this.handoffIndex.candidates(filter);
    const out: Handoff[] = [];
    const take = (h: Handoff | undefined) => {
      if (h && matchesHandoff(h, filter)) out.push(h);
    };
    if (!sets) for (const h of this.handoffs.values()) take(h);
    else for (const set of sets) for (const id of set) take(this.handoffs.get(id));
    return out;
  }

  customerLanguages(teams: readonly string[]): TeamLanguageCount[] {
    const live = (team: string) => this.listHandoffs({ to: team });
    return customerLanguages(teams, this.customers.values(), live, (id) => this.customers.get(id));
  }

  liveLoad(team: string, people: readonly string[]): Map<string, number> {
    this.indexed();
    return this.load.of(team, people);
  }

  listFollowUps(filter: FollowUpFilter): FollowUp[] {
    this.indexed();
    return this.followUps.list(filter);
  }

  listCardRefs(handoffId: string): CardRef[] {
    return [...this.cardRefsByHandoff.get(handoffId)]
      .map((id) => this.cardRefs.get(id))
      .filter((r): r is CardRef => r !== undefined)
      .sort((a, b) => a.postedAt.localeCompare(b.postedAt));
  }

  getCardRef(id: string): CardRef | undefined {
    return this.cardRefs.get(id);
  }

  getDelivery(id: string): Delivery | undefined {
    return this.deliveries.get(id);
  }

  listDeliveries(filter: { status?: Delivery['status']; limit?: number }): Delivery[] {
    return this.deliveries.list(filter);
  }

  getInbound(source: string, id: string): InboundEvent | undefined {
    return this.inbound.get(source, id);
  }

  getKv(ns: string, key: string): unknown {
    return this.kv.get(ns, key);
  }

  listKv(ns: string): Array<{ key: string; value: unknown }> {
    return this.kv.list(ns);
  }

  stats(): StoreStats {
    // Every /metrics scrape and the start's own check: counted without waiting for the indexes.
    let openHandoffs = 0;
    if (this.backlog) {
      for (const h of this.handoffs.values())
        if (h.state === 'open' || h.state === 'proposed') openHandoffs++;
    } else openHandoffs = this.handoffIndex.countInState('open') + this.handoffIndex.countInState('proposed');
    return {
      customers: this.customers.size,
      handoffs: this.handoffs.size + this.closedHandoffs.size,
      openHandoffs,
      pendingFollowUps: this.followUps.size,
      ...this.deliveries.stats(),
      pendingInbound: this.inbound.pending,
    };
  }

  claimDueFollowUps(now: Date, opts: ClaimOptions): FollowUp[] {
    return this.followUps.claim(now, opts);
  }

  claimDeliveries(now: Date, opts: ClaimOptions): Delivery[] {
    return this.deliveries.claim(now, opts);
  }

  renewDeliveryLeases(
    ids: readonly string[],
    now: Date,
    opts: { leaseMs: number; owner: string },
  ): Delivery[] {
    return this.deliveries.renew(ids, now, opts);
  }

  /** See `Store.markDeliveriesSending`: what `owner` still holds, to be marked by a commit. */
  heldDeliveries(ids: readonly string[], now: Date, owner: string): Delivery[] {
    return this.deliveries.held(ids, now, owner);
  }

  /** See `Store.settleClaims`: the claims still as their holder has them, to be written by a commit. */
  stillClaimed<T extends { delivery: Delivery; leaseUntil: string }>(
    claims: readonly T[],
    owner: string,
  ): T[] {
    return this.deliveries.stillClaimed(claims, owner);
  }

  deliverNotYetNow(platform: string, now: Date): number {
    return this.deliveries.notYetNow(platform, now);
  }

  /** Only for a store whose lock proves no other process runs on the same data (see DeliveryTable). */
  releaseDeliveryLeases(): number {
    return this.deliveries.releaseLeases();
  }

  claimInbound(now: Date, opts: ClaimOptions): InboundEvent[] {
    return this.inbound.claim(now, opts);
  }

  /** Drops remembered delivery keys and processed inbound ids older than `before`. */
  prune(before: Date): PruneCounts {
    const cutoff = before.toISOString();
    // Housekeeping of indexes still being built waits for a later prune: they hold nothing stale yet.
    if (!this.backlog) {
      this.handoffIndex.sweep();
      this.followUps.sweep();
    }
    this.cardRefsByHandoff.sweep();
    return { deliveries: this.deliveries.pruneKeys(cutoff), inbound: this.inbound.prune(cutoff) };
  }
}

export { emptyHotData, type HotData };
