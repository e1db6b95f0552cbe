import type { Customer, Delivery, Handoff, HistoryEntry } from '../../../src/domain/types.js';
import { isClosedState } from '../../../src/domain/types.js';
import type { ChangeSet, CommitResult } from '../../../src/store/store.js';
import { CHANGE_STAMP } from './change-reads.js';
import { inTransaction, Rollback, type SqlClient, type SqlDriver } from './driver.js';
import { eraseHistory, eraseOutboxAndInbound } from './erase.js';
import { applyJourney } from './journey.js';
import { insertAndTakeKeys } from './kv-once.js';
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
  lastByKey,
  toJson,
  updateFromExcluded,
  valuesList,
} from './rows.js';

/** Deadlock and serialisation failures: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Applies a change set in ONE transaction. A version mismatch or a known
 * inbound id rolls everything back and is returned, not thrown; any other
 * error rolls back and is thrown. Nothing but the database is touched here.
 */
export async function commitChange(driver: SqlDriver, change: ChangeSet): Promise<CommitResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction<CommitResult, CommitResult>(driver, (tx) => applyChange(tx, change));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
    }
  }
}

async function applyChange(tx: SqlClient, change: ChangeSet): Promise<CommitResult> {
  // What can refuse the commit goes first, in the order the other stores check it.
  for (const { value, expectedVersion } of change.customers ?? []) {
    if (!(await putVersioned(tx, 'customers', CUSTOMER, customerValues(value), value, expectedVersion))) {
      throw new Rollback<CommitResult>({ ok: false, reason: 'conflict', entity: 'customer', id: value.id });
    }
  }
  const history: HistoryEntry[] = [];
  for (const { value, expectedVersion } of change.handoffs ?? []) {
    if (!(await putVersioned(tx, 'handoffs', HANDOFF, handoffValues(value), value, expectedVersion))) {
      throw new Rollback<CommitResult>({ ok: false, reason: 'conflict', entity: 'handoff', id: value.id });
    }
    if (isClosedState(value.state))
      history.push({ kind: 'handoff', at: value.closedAt ?? value.updatedAt, entry: value });
  }
  for (const { value, expectExisting } of change.inbound ?? []) {
    const values = inboundValues(value);
    const onConflict = expectExisting
      ? `ON CONFLICT (source, id) DO UPDATE SET ${updateFromExcluded(INBOUND, ['source', 'id'])}`
      : 'ON CONFLICT DO NOTHING';
    const r = await tx.query(
      `INSERT INTO inbound (${INBOUND.names.join(', ')}) VALUES ${valuesList(INBOUND, 1)} ${onConflict}`,
      values,
    );
    if (r.rowCount === 0) {
      throw new Rollback<CommitResult>({
        ok: false,
        reason: 'duplicate',
        source: value.source,
        id: value.id,
      });
    }
  }

  const taken = await sendFollowUps(tx, change.followUpsSent ?? []);
  if (taken) throw new Rollback<CommitResult>(taken);
  const keyed = await insertAndTakeKeys(tx, change);
  if (keyed) throw new Rollback<CommitResult>(keyed);
  await putFollowUps(tx, change.followUps ?? []);
  await putDeliveries(tx, change.deliveries ?? []);
  const cardRefs = lastByKey(change.cardRefs ?? [], (r) => r.id);
  for (const batch of chunks(cardRefs)) {
    await tx.query(
      `INSERT INTO card_refs (${CARD_REF.names.join(', ')}) VALUES ${valuesList(CARD_REF, batch.length)}
       ON CONFLICT (id) DO UPDATE SET ${updateFromExcluded(CARD_REF, ['id'])}`,
      batch.flatMap(cardRefValues),
    );
  }

  for (const t of change.touchpoints ?? []) history.push({ kind: 'touchpoint', at: t.at, entry: t });
  for (const a of change.audit ?? []) history.push({ kind: 'audit', at: a.at, entry: a });
  for (const batch of chunks(history)) {
    await tx.query(
      `INSERT INTO history (${HISTORY.names.join(', ')}) VALUES ${valuesList(HISTORY, batch.length)}`,
      batch.flatMap(historyValues),
    );
  }

  for (const e of change.kv ?? []) {
    if (e.value === null || e.value === undefined) {
      await tx.query('DELETE FROM kv WHERE ns = $1 AND key = $2', [e.ns, e.key]);
    } else {
      await tx.query(
        'INSERT INTO kv (ns, key, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value',
        [e.ns, e.key, toJson(e.value)],
      );
    }
  }
  await applyJourney(tx, change.journey ?? []);
  // After the history inserts, so entries written by this very commit are erased too.
  for (const customerId of change.eraseHistoryOf ?? []) await eraseHistory(tx, customerId);
  for (const er of change.erasures ?? []) await eraseOutboxAndInbound(tx, er);
  return { ok: true };
}

/**
 * Optimistic concurrency in SQL: a new record is an INSERT that a concurrent
 * insert of the same id turns into nothing; a change is an UPDATE guarded by
 * the version read. Either touching no row is a conflict. Closed handoffs are
 * tombstones that no update matches.
 */
async function putVersioned(
  tx: SqlClient,
  table: 'customers' | 'handoffs',
  columns: Columns,
  values: unknown[],
  value: Customer | Handoff,
  expectedVersion: number | null,
): Promise<boolean> {
  if (value.version !== (expectedVersion ?? 0) + 1) return false;
  if (expectedVersion === null) {
    const r = await tx.query(
      `INSERT INTO ${table} (${columns.names.join(', ')}) VALUES ${valuesList(columns, 1)} ON CONFLICT (id) DO NOTHING`,
      values,
    );
    return r.rowCount === 1;
  }
  const sets = columns.names.map((n, i) => `${n} = $${i + 1}${columns.casts[i]}`).slice(1);
  const guard = table === 'handoffs' ? ' AND NOT closed' : '';
  // The stamp tells the per-process caches this row changed (language-cache.ts).
  const r = await tx.query(
    `UPDATE ${table} SET ${sets.join(', ')}, changed = ${CHANGE_STAMP}
     WHERE id = $1 AND version = $${values.length + 1}${guard}`,
    [...values, expectedVersion],
  );
  return r.rowCount === 1;
}

/**
 * Only the scheduler marks follow-ups sent, with the message that carries
 * them, and only while they are still pending: a replica whose claim ran out
 * mid-tick, and was taken over and sent by another, gets a conflict back
 * rather than a second message for the same reminder.
 */
async function sendFollowUps(tx: SqlClient, ids: readonly string[]): Promise<CommitResult | undefined> {
  if (ids.length === 0) return undefined;
  const { rows } = await tx.query<{ id: string }>(
    'DELETE FROM follow_ups WHERE id = ANY($1::text[]) RETURNING id',
    [ids],
  );
  if (rows.length === new Set(ids).size) return undefined;
  const deleted = new Set(rows.map((r) => r.id));
  return { ok: false, reason: 'conflict', entity: 'followUp', id: ids.find((id) => !deleted.has(id)) ?? '' };
}

/** Pending follow-ups are upserted; sent and cancelled ones leave the table. */
async function putFollowUps(tx: SqlClient, followUps: NonNullable<ChangeSet['followUps']>): Promise<void> {
  const latest = lastByKey(followUps, (f) => f.id);
  const pending = latest.filter((f) => f.status === 'pending');
  const closed = latest.filter((f) => f.status !== 'pending').map((f) => f.id);
  if (closed.length > 0) await tx.query('DELETE FROM follow_ups WHERE id = ANY($1::text[])', [closed]);
  for (const batch of chunks(pending)) {
    await tx.query(
      `INSERT INTO follow_ups (${FOLLOW_UP.names.join(', ')}) VALUES ${valuesList(FOLLOW_UP, batch.length)}
       ON CONFLICT (id) DO UPDATE SET ${updateFromExcluded(FOLLOW_UP, ['id'])}`,
      batch.flatMap(followUpValues),
    );
  }
}

/**
 * An update when the id is known and not yet sent; otherwise an insert that
 * the unique key turns into nothing when a delivery with that key exists,
 * also one sent long ago (until pruned), also one another replica is
 * inserting right now. New deliveries (the usual case) go in one statement.
 */
async function putDeliveries(tx: SqlClient, deliveries: readonly Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const { rows } = await tx.query<{ id: string }>(
    "SELECT id FROM deliveries WHERE id = ANY($1::text[]) AND status <> 'sent' FOR UPDATE",
    [deliveries.map((d) => d.id)],
  );
  const existing = new Set(rows.map((r) => r.id));
  // A delivery's message is written once, when it is queued; only an erasure rewrites it. An
  // update (a send settled, a retry, a sending mark) carries the message as it was claimed,
  // perhaps before an erasure committed meanwhile: the stored message wins, so erased text
  // cannot come back with the settle.
  const sets = DELIVERY.names
    .map((n, i) =>
      n === 'data'
        ? `data = $${i + 1}${DELIVERY.casts[i]} || jsonb_build_object('message', deliveries.data -> 'message')`
        : `${n} = $${i + 1}${DELIVERY.casts[i]}`,
    )
    .slice(1);
  const inserts: Delivery[] = [];
  for (const d of deliveries) {
    if (existing.has(d.id)) {
      await tx.query(`UPDATE deliveries SET ${sets.join(', ')} WHERE id = $1`, deliveryValues(d));
    } else {
      inserts.push(d);
    }
  }
  // DO NOTHING also skips a second row of this same batch with a key already used.
  for (const batch of chunks(inserts)) {
    await tx.query(
      `INSERT INTO deliveries (${DELIVERY.names.join(', ')}) VALUES ${valuesList(DELIVERY, batch.length)}
       ON CONFLICT DO NOTHING`,
      batch.flatMap(deliveryValues),
    );
  }
}
