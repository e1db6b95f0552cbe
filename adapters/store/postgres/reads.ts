import type {
  CardRef,
  Customer,
  Delivery,
  FollowUp,
  Handoff,
  HistoryEntry,
  InboundEvent,
} from '../../../src/domain/types.js';
import type {
  CustomerFilter,
  CustomerName,
  FollowUpFilter,
  HandoffFilter,
  StoreStats,
} from '../../../src/store/store.js';
import type { SqlClient } from './driver.js';

type DataRow<T> = { data: T };
const data = <T>(rows: Array<DataRow<T>>): T[] => rows.map((r) => r.data);
const first = <T>(rows: Array<DataRow<T>>): T | undefined => rows[0]?.data;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The same order as every other store: by a time written as ISO text, then by
 * id, in code-unit order (the database's collation may order ids otherwise).
 */
const byTimeThenId =
  <T extends { id: string }>(time: (r: T) => string) =>
  (a: T, b: T): number =>
    byText(time(a), time(b)) || byText(a.id, b.id);

/** Collects `column = $n` conditions with their parameters. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(sql: (param: string) => string, value: unknown): this {
    this.params.push(value);
    this.parts.push(sql(`$${this.params.length}`));
    return this;
  }

  eq(column: string, value: unknown): this {
    return value === undefined ? this : this.add((p) => `${column} = ${p}`, value);
  }

  get sql(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

export async function getCustomer(db: SqlClient, id: string): Promise<Customer | undefined> {
  return first((await db.query<DataRow<Customer>>('SELECT data FROM customers WHERE id = $1', [id])).rows);
}

export async function getCustomers(db: SqlClient, ids: readonly string[]): Promise<Customer[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<DataRow<Customer>>(
    'SELECT data FROM customers WHERE id = ANY($1::text[])',
    [[...new Set(ids)]],
  );
  return rows.map((r) => r.data);
}

export async function findCustomerByExternalId(
  db: SqlClient,
  system: string,
  externalId: string,
): Promise<Customer | undefined> {
  const { rows } = await db.query<DataRow<Customer>>(
    // MATERIALIZED keeps the planner on the GIN index: with ORDER BY seq LIMIT 1 it
    // walks the seq index backwards through every customer instead.
    `WITH found AS MATERIALIZED (SELECT seq, data FROM customers WHERE external_ids @> $1::jsonb)
     SELECT data FROM found ORDER BY seq DESC LIMIT 1`,
    [JSON.stringify({ [system]: externalId })],
  );
  return first(rows);
}

export async function findCustomerByEmailOrDomain(
  db: SqlClient,
  emailOrDomain: string,
): Promise<Customer | undefined> {
  const key = emailOrDomain.trim().toLowerCase();
  const at = key.lastIndexOf('@');
  const keys = at >= 0 ? [key, key.slice(at + 1)] : [key];
  // An exact email beats its domain, as in the other stores.
  const { rows } = await db.query<DataRow<Customer>>(
    `WITH found AS MATERIALIZED (SELECT seq, data, match_keys FROM customers WHERE match_keys && $1::text[])
     SELECT data FROM found ORDER BY (CASE WHEN $2::text = ANY(match_keys) THEN 0 ELSE 1 END), seq DESC LIMIT 1`,
    [keys, key],
  );
  return first(rows);
}

function customerWhere(filter: CustomerFilter): Where {
  const w = new Where()
    .eq('team', filter.team)
    .eq('owner', filter.owner)
    .eq('post_purchase', filter.postPurchase);
  if (filter.teams !== undefined) w.add((p) => `team = ANY(${p}::text[])`, [...filter.teams]);
  if (filter.contactDueBefore !== undefined)
    w.add((p) => `contact_due_at < ${p}::timestamptz`, filter.contactDueBefore);
  return w;
}

/** `order: 'contactDue'` as the other stores sort it: NULLs last, names and ids byte by byte. */
const CUSTOMER_ORDER = {
  contactDue: 'contact_due_at, name COLLATE "C", id COLLATE "C"',
} as const;

export async function listCustomers(db: SqlClient, filter: CustomerFilter = {}): Promise<Customer[]> {
  const w = customerWhere(filter);
  let sql = `SELECT data FROM customers ${w.sql} ORDER BY ${filter.order ? CUSTOMER_ORDER[filter.order] : 'seq'}`;
  if (filter.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
  if (filter.offset !== undefined) sql += ` OFFSET ${Math.max(0, Math.floor(filter.offset))}`;
  return data((await db.query<DataRow<Customer>>(sql, w.params)).rows);
}

export async function countCustomers(db: SqlClient, filter: CustomerFilter): Promise<number> {
  const w = customerWhere(filter);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM customers ${w.sql}`,
    w.params,
  );
  return rows[0]?.n ?? 0;
}

export async function customerNames(db: SqlClient): Promise<CustomerName[]> {
  const { rows } = await db.query<CustomerName>(
    "SELECT id, name, COALESCE(data->'aliases', '[]'::jsonb) AS aliases FROM customers ORDER BY seq",
  );
  return rows;
}

/** An open handoff from its row, a closed one from its last history entry. */
export async function getHandoff(db: SqlClient, id: string): Promise<Handoff | undefined> {
  return (await getHandoffs(db, [id]))[0];
}

/** Open handoffs from their row; a closed one (a tombstone row) from its last history entry. */
export async function getHandoffs(db: SqlClient, ids: readonly string[]): Promise<Handoff[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ data: Handoff | null; closed_data: Handoff | null }>(
    `SELECT h.data, CASE WHEN h.data IS NULL THEN
              (SELECT x.data->'entry' FROM history x
                WHERE x.kind = 'handoff' AND x.entry_id = h.id ORDER BY x.seq DESC LIMIT 1) END AS closed_data
     FROM handoffs h WHERE h.id = ANY($1::text[])`,
    [[...new Set(ids)]],
  );
  const out: Handoff[] = [];
  for (const r of rows) {
    const h = r.data ?? r.closed_data;
    if (h) out.push(h);
  }
  return out;
}

export async function listHandoffs(db: SqlClient, filter: HandoffFilter): Promise<Handoff[]> {
  const w = new Where()
    .eq('customer_id', filter.customerId)
    .eq('owner', filter.owner)
    .eq('assignee', filter.assignee)
    .eq('sender', filter.sender)
    .eq('to_team', filter.to)
    .eq('from_team', filter.from);
  if (filter.states !== undefined) w.add((p) => `state = ANY(${p}::text[])`, filter.states);
  if (filter.unassigned !== undefined)
    w.parts.push(filter.unassigned ? 'assignee IS NULL' : 'assignee IS NOT NULL');
  w.parts.push('NOT closed');
  const { rows } = await db.query<DataRow<Handoff>>(
    `SELECT data FROM handoffs ${w.sql} ORDER BY created_at, id`,
    w.params,
  );
  return data(rows).sort(byTimeThenId((h) => h.createdAt));
}

export async function listFollowUps(db: SqlClient, filter: FollowUpFilter): Promise<FollowUp[]> {
  // Only pending follow-ups are kept, as in the other stores.
  if (filter.status !== undefined && filter.status !== 'pending') return [];
  const w = new Where()
    .eq('handoff_id', filter.handoffId)
    .eq('customer_id', filter.customerId)
    .eq('person', filter.person);
  const { rows } = await db.query<DataRow<FollowUp>>(
    `SELECT data FROM follow_ups ${w.sql} ORDER BY due_at, id`,
    w.params,
  );
  return data(rows).sort(byTimeThenId((f) => f.dueAt));
}

export async function listCardRefs(db: SqlClient, handoffId: string): Promise<CardRef[]> {
  const { rows } = await db.query<DataRow<CardRef>>(
    'SELECT data FROM card_refs WHERE handoff_id = $1 ORDER BY posted_at, id',
    [handoffId],
  );
  return data(rows);
}

export async function getCardRef(db: SqlClient, id: string): Promise<CardRef | undefined> {
  return first((await db.query<DataRow<CardRef>>('SELECT data FROM card_refs WHERE id = $1', [id])).rows);
}

/** Sent deliveries only keep their key (against a second send): they are not listed, as elsewhere. */
export async function getDelivery(db: SqlClient, id: string): Promise<Delivery | undefined> {
  const { rows } = await db.query<DataRow<Delivery>>(
    "SELECT data FROM deliveries WHERE id = $1 AND status <> 'sent'",
    [id],
  );
  return first(rows);
}

export async function listDeliveries(
  db: SqlClient,
  filter: { status?: Delivery['status']; limit?: number },
): Promise<Delivery[]> {
  if (filter.status === 'sent') return [];
  const w = new Where().eq('status', filter.status);
  w.parts.push("status <> 'sent'");
  let sql = `SELECT data FROM deliveries ${w.sql} ORDER BY created_at, id`;
  if (filter.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
  return data((await db.query<DataRow<Delivery>>(sql, w.params)).rows).sort(byTimeThenId((d) => d.createdAt));
}

export async function getInbound(
  db: SqlClient,
  source: string,
  id: string,
): Promise<InboundEvent | undefined> {
  const { rows } = await db.query<DataRow<InboundEvent>>(
    'SELECT data FROM inbound WHERE source = $1 AND id = $2',
    [source, id],
  );
  return first(rows);
}

export async function getKv(db: SqlClient, ns: string, key: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>('SELECT value FROM kv WHERE ns = $1 AND key = $2', [
    ns,
    key,
  ]);
  return rows[0]?.value;
}

export async function listKv(db: SqlClient, ns: string): Promise<Array<{ key: string; value: unknown }>> {
  return (
    await db.query<{ key: string; value: unknown }>('SELECT key, value FROM kv WHERE ns = $1 ORDER BY seq', [
      ns,
    ])
  ).rows;
}

/** Oldest first; with a limit, the most recent `limit` entries. */
export async function history(
  db: SqlClient,
  customerId: string,
  opts?: { limit?: number },
): Promise<HistoryEntry[]> {
  const limit = opts?.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
  const { rows } = await db.query<DataRow<HistoryEntry>>(
    `SELECT data FROM (SELECT data, at, seq FROM history WHERE customer_id = $1 ORDER BY at DESC, seq DESC${limit}) h
     ORDER BY at, seq`,
    [customerId],
  );
  return data(rows);
}

type ByPlatform = StoreStats['pendingDeliveriesByPlatform'];
const total = (by: ByPlatform): number => Object.values(by).reduce<number>((a, n) => a + (n ?? 0), 0);

export async function stats(db: SqlClient): Promise<StoreStats> {
  // Pending deliveries are read once, grouped by platform, with those already tried counted
  // beside them; the totals are the sums.
  const { rows } = await db.query<
    Omit<StoreStats, 'pendingDeliveries' | 'retryingDeliveries'> & {
      pendingDeliveriesByPlatform: ByPlatform;
      retryingDeliveriesByPlatform: ByPlatform;
    }
  >(
    `SELECT
       (SELECT count(*)::int FROM customers) AS customers,
       (SELECT count(*)::int FROM handoffs) AS handoffs,
       (SELECT count(*)::int FROM handoffs WHERE NOT closed AND state IN ('open', 'proposed')) AS "openHandoffs",
       (SELECT count(*)::int FROM follow_ups WHERE status = 'pending') AS "pendingFollowUps",
       pending.by AS "pendingDeliveriesByPlatform",
       pending.retrying AS "retryingDeliveriesByPlatform",
       (SELECT count(*)::int FROM deliveries WHERE status = 'failed') AS "failedDeliveries",
       (SELECT count(*)::int FROM inbound WHERE status = 'pending') AS "pendingInbound"
     FROM (
       SELECT coalesce(jsonb_object_agg(p, n), '{}'::jsonb) AS by,
              coalesce(jsonb_object_agg(p, r) FILTER (WHERE r > 0), '{}'::jsonb) AS retrying
         FROM (SELECT data->>'platform' AS p, count(*)::int AS n,
                      (count(*) FILTER (WHERE (data->>'attempts')::int > 0))::int AS r
                 FROM deliveries WHERE status = 'pending' GROUP BY 1) x
     ) pending`,
  );
  const row = rows[0];
  if (!row) throw new Error('stats query returned no row');
  return {
    ...row,
    pendingDeliveries: total(row.pendingDeliveriesByPlatform),
    retryingDeliveries: total(row.retryingDeliveriesByPlatform),
  };
}
