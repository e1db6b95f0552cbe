import type { Delivery, Handoff, HistoryEntry } from '../../../src/domain/types.js';
import { errorMessage } from '../../../src/errors.js';
import { checkSchemaName, connectError, parseDatabaseUrl } from './connection.js';
import { inTransaction, type SqlClient, type SqlDriver } from './driver.js';
import { openLowdbSource } from './lowdb-source.js';
import { runMigrations } from './migrate.js';
import { pgDriver } from './pg-driver.js';
import type { StoreLogger } from './postgres-store.js';
import {
  CARD_REF,
  type Columns,
  CUSTOMER,
  cardRefValues,
  chunks,
  customerValues,
  DELIVERY,
  deliveryValues,
  FOLLOW_UP,
  followUpValues,
  HANDOFF,
  HISTORY,
  handoffValues,
  historyValues,
  INBOUND,
  inboundValues,
  toJson,
  valuesList,
} from './rows.js';

export interface MigrateDataOptions {
  /** The data file (BATON_DATA_FILE) of the embedded deployment. */
  from: string;
  /** The PostgreSQL URL (DATABASE_URL). */
  to: string;
  schema?: string;
  /** Progress for a person, one line at a time. */
  log: (line: string) => void;
  logger?: StoreLogger;
}

export interface MigrateDataReport {
  ok: boolean;
  /** Per kind of record: how many the file holds and how many of those PostgreSQL now holds. */
  counts: Record<string, { source: number; target: number }>;
}

const PROGRESS_NS = 'baton.migrate-data';
const quiet: StoreLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * `baton migrate-data`: copies an embedded deployment into PostgreSQL. Rows
 * already there are kept (ON CONFLICT DO NOTHING) and each history file goes
 * in one transaction with a progress mark, so a run cut short is simply run
 * again. It ends by counting, per kind, that every record of the file is in
 * the database.
 */
export async function migrateData(opts: MigrateDataOptions): Promise<MigrateDataReport> {
  const logger = opts.logger ?? quiet;
  const address = parseDatabaseUrl(opts.to);
  const schema = opts.schema === undefined ? undefined : checkSchemaName(opts.schema);
  const driver = pgDriver({ url: opts.to, address, schema, poolSize: 2 });
  try {
    await driver.query('SELECT 1').catch((err: unknown) => {
      throw connectError(err, address);
    });
    await runMigrations(driver, { schema });
    const source = await openLowdbSource(opts.from, logger);
    try {
      opts.log(`Moving ${opts.from} to PostgreSQL at ${address.where}${schema ? ` (schema ${schema})` : ''}`);
      return await copyAll(driver, source, opts.log);
    } finally {
      await source.close();
    }
  } catch (err) {
    opts.log(`migrate-data failed: ${errorMessage(err)}`);
    throw err;
  } finally {
    await driver.close();
  }
}

async function copyAll(
  driver: SqlDriver,
  source: Awaited<ReturnType<typeof openLowdbSource>>,
  log: (line: string) => void,
): Promise<MigrateDataReport> {
  const { hot } = source;
  const sentKeys = Object.entries(hot.deliveryKeys);
  await copy(driver, 'customers', CUSTOMER, hot.customers.map(customerValues));
  await copy(driver, 'handoffs', HANDOFF, hot.handoffs.map(handoffValues));
  await copy(driver, 'follow_ups', FOLLOW_UP, hot.followUps.map(followUpValues));
  await copy(driver, 'deliveries', DELIVERY, [
    ...hot.deliveries.map(deliveryValues),
    ...sentKeys.map(sentKeyValues),
  ]);
  await copy(driver, 'card_refs', CARD_REF, hot.cardRefs.map(cardRefValues));
  await copy(driver, 'inbound', INBOUND, hot.inbound.map(inboundValues));
  await copy(
    driver,
    'kv',
    { names: ['ns', 'key', 'value'], casts: ['', '', '::jsonb'] },
    hot.kv
      .filter((e) => e.value !== null && e.value !== undefined)
      .map((e) => [e.ns, e.key, toJson(e.value)]),
  );
  // A file written before the journey rollup existed has none.
  const journey = hot.journey ?? [];
  await copy(
    driver,
    'journey_facts',
    { names: ['handoff_id', 'week', 'to_team', 'from_team', 'data'], casts: ['', '', '', '', '::jsonb'] },
    journey.map((f) => [f.handoffId, f.week, f.to, f.from, toJson(f)]),
  );

  // History, one file (one transaction) at a time; closed handoffs become tombstones from their last entry.
  const closed = new Map<string, Handoff>();
  let historySource = 0;
  for await (const { bucket, entries } of source.historyBuckets()) {
    historySource += entries.length;
    for (const e of entries) if (e.kind === 'handoff') closed.set(e.entry.id, e.entry);
    const done = await copyHistoryBucket(driver, bucket, entries);
    if (entries.length > 0)
      log(`history file ${bucket}: ${entries.length} entries ${done ? 'already moved' : 'moved'}`);
  }
  const tombstones = Object.keys(hot.closedHandoffs).flatMap((id) => {
    const h = closed.get(id);
    return h ? [handoffValues(h)] : [];
  });
  await copy(driver, 'handoffs', HANDOFF, tombstones);

  const counts: MigrateDataReport['counts'] = {
    customers: await present(
      driver,
      'customers',
      'id',
      hot.customers.map((c) => c.id),
    ),
    handoffs: await present(driver, 'handoffs', 'id', [
      ...hot.handoffs.map((h) => h.id),
      ...Object.keys(hot.closedHandoffs),
    ]),
    followUps: await present(
      driver,
      'follow_ups',
      'id',
      hot.followUps.map((f) => f.id),
    ),
    deliveries: await present(driver, 'deliveries', 'key', [
      ...hot.deliveries.map((d) => d.key),
      ...sentKeys.map(([k]) => k),
    ]),
    cardRefs: await present(
      driver,
      'card_refs',
      'id',
      hot.cardRefs.map((r) => r.id),
    ),
    inbound: await present(
      driver,
      'inbound',
      "source || E'\\n' || id",
      hot.inbound.map((e) => `${e.source}\n${e.id}`),
    ),
    kv: await present(
      driver,
      'kv',
      "ns || E'\\n' || key",
      hot.kv.filter((e) => e.value !== null && e.value !== undefined).map((e) => `${e.ns}\n${e.key}`),
    ),
    journeyFacts: await present(
      driver,
      'journey_facts',
      'handoff_id',
      journey.map((f) => f.handoffId),
    ),
    history: { source: historySource, target: await historyMoved(driver) },
  };
  let ok = true;
  for (const [kind, { source: s, target: t }] of Object.entries(counts)) {
    log(`${kind}: ${s} in the file, ${t} of them in PostgreSQL${s === t ? '' : '  <-- MISSING'}`);
    if (s !== t) ok = false;
  }
  log(
    ok ? 'Done: every record is in PostgreSQL.' : 'Not complete: run it again; rows already moved are kept.',
  );
  return { ok, counts };
}

/** A delivery sent before the move: only its key matters, so the same message is never sent again. */
function sentKeyValues([key, at]: [string, string]): unknown[] {
  const stub = { id: `sent:${key}`, key, status: 'sent', sentAt: at } as Partial<Delivery>;
  return [stub.id, key, 'sent', at, at, at, null, null, JSON.stringify(stub)];
}

async function copy(driver: SqlDriver, table: string, columns: Columns, rows: unknown[][]): Promise<void> {
  for (const batch of chunks(rows, 1000)) {
    await driver.query(
      `INSERT INTO ${table} (${columns.names.join(', ')}) VALUES ${valuesList(columns, batch.length)} ON CONFLICT DO NOTHING`,
      batch.flat(),
    );
  }
}

/** True when the bucket had been moved by an earlier run. */
async function copyHistoryBucket(
  driver: SqlDriver,
  bucket: number,
  entries: HistoryEntry[],
): Promise<boolean> {
  return inTransaction(driver, async (tx: SqlClient) => {
    const mark = await tx.query(
      'INSERT INTO kv (ns, key, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING',
      [PROGRESS_NS, `history:${bucket}`, JSON.stringify(entries.length)],
    );
    if (mark.rowCount === 0) return true;
    for (const batch of chunks(entries, 1000)) {
      await tx.query(
        `INSERT INTO history (${HISTORY.names.join(', ')}) VALUES ${valuesList(HISTORY, batch.length)}`,
        batch.flatMap(historyValues),
      );
    }
    return false;
  });
}

async function present(driver: SqlDriver, table: string, keyExpr: string, keys: string[]) {
  let target = 0;
  for (const batch of chunks(keys, 5000)) {
    const { rows } = await driver.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${keyExpr} = ANY($1::text[])`,
      [batch],
    );
    target += rows[0]?.n ?? 0;
  }
  return { source: keys.length, target };
}

/** What the progress marks say was moved: history rows have no key of their own to count by. */
async function historyMoved(driver: SqlDriver): Promise<number> {
  const { rows } = await driver.query<{ n: number }>(
    'SELECT COALESCE(sum((value::text)::int), 0)::int AS n FROM kv WHERE ns = $1',
    [PROGRESS_NS],
  );
  return rows[0]?.n ?? 0;
}
