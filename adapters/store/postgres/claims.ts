import type { Delivery, FollowUp, InboundEvent, Platform } from '../../../src/domain/types.js';
import type { ClaimOptions } from '../../../src/store/store.js';
import type { SqlClient } from './driver.js';
import { DELIVERY, deliveryValues } from './rows.js';

interface ClaimSpec {
  table: 'follow_ups' | 'deliveries' | 'inbound';
  /** The primary key columns, to find the picked rows again. */
  key: string;
  /** The time that makes a row due; it also orders the claim. */
  dueColumn: string;
  /** Merged into `data` when the row still holds an earlier claim's lease (`t` is the row before the claim). */
  whenReclaimed?: string;
}

const FOLLOW_UPS: ClaimSpec = { table: 'follow_ups', key: 'id', dueColumn: 'due_at' };
/**
 * Every way a delivery is settled clears its lease, so a lease still set when
 * it is claimed again means the last claimer died (or stalled) between posting
 * and recording the post. Its outcome is unknown: the dispatcher then asks the
 * platform whether the message is there before posting it again.
 */
const DELIVERIES: ClaimSpec = {
  table: 'deliveries',
  key: 'id',
  dueColumn: 'next_attempt_at',
  whenReclaimed: `jsonb_build_object('lastError',
      'unknown outcome: the lease of ' || coalesce(t.lease_owner, '?') || ' ran out before it recorded a result')`,
};
const INBOUND: ClaimSpec = { table: 'inbound', key: 'source, id', dueColumn: 'received_at' };

/**
 * One statement picks due, unleased rows and leases them: a row is claimable
 * once both its due time and any lease have passed. `FOR UPDATE SKIP
 * LOCKED` lets replicas claim side by side: a row another replica is leasing
 * right now is skipped, not waited for, and once that lease is committed the
 * re-checked `lease_until` keeps it out until the lease ends. A replica that
 * dies leaves its leases to run out, and the rows are claimed again.
 */
async function claim<T>(
  db: SqlClient,
  spec: ClaimSpec,
  now: Date,
  opts: ClaimOptions,
  platforms?: readonly string[],
): Promise<T[]> {
  const limit = Math.max(0, Math.floor(opts.limit));
  if (limit === 0 || platforms?.length === 0) return [];
  const leaseUntil = new Date(now.getTime() + opts.leaseMs).toISOString();
  // Must match the expression of the `*_claimable` indexes to use them.
  const claimableAt = `GREATEST(${spec.dueColumn}, lease_until)`;
  const { rows } = await db.query<{ data: T }>(
    `UPDATE ${spec.table} t
        SET lease_until = $2::timestamptz, lease_owner = $3::text,
            data = t.data || jsonb_build_object('leaseUntil', $4::text, 'leaseOwner', $5::text)${
              spec.whenReclaimed
                ? ` || CASE WHEN t.lease_until IS NULL THEN '{}'::jsonb ELSE ${spec.whenReclaimed} END`
                : ''
            }
      WHERE (${spec.key}) IN (
        SELECT ${spec.key} FROM ${spec.table}
         WHERE status = 'pending' AND ${claimableAt} <= $1::timestamptz${
           platforms ? " AND data->>'platform' = ANY($6::text[])" : ''
         }
         ORDER BY ${claimableAt}
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
      RETURNING t.data`,
    [now.toISOString(), leaseUntil, opts.owner, leaseUntil, opts.owner, ...(platforms ? [platforms] : [])],
  );
  return rows.map((r) => r.data);
}

// RETURNING gives no order: each claim sorts as the other stores return it.

export async function claimDueFollowUps(db: SqlClient, now: Date, opts: ClaimOptions): Promise<FollowUp[]> {
  const claimed = await claim<FollowUp>(db, FOLLOW_UPS, now, opts);
  return claimed.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
}

export async function claimDeliveries(db: SqlClient, now: Date, opts: ClaimOptions): Promise<Delivery[]> {
  // Deliveries for a platform this replica cannot send to stay pending and unleased, for one that can.
  const claimed =
    opts.perConversation === undefined
      ? await claim<Delivery>(db, DELIVERIES, now, opts, opts.platforms)
      : await claimPerConversation(db, now, { ...opts, perConversation: opts.perConversation });
  return claimed.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * `conversationKey` (src/outbox/conversation.ts) over a delivery's stored JSON.
 * Computed, not stored: only due and leased rows are grouped by it, and those
 * are few next to the rows the claimable index already skips.
 */
const CONVERSATION = `(d.data->>'platform') || ':' || CASE d.data->'target'->>'kind'
    WHEN 'team' THEN 'team:' || (d.data->'target'->>'team')
    WHEN 'person' THEN 'person:' || (d.data->'target'->>'person')
    WHEN 'card' THEN 'card:' || (d.data->'target'->>'cardRefId')
    ELSE 'conv:' || (d.data->'target'->>'conversationId') END`;

/**
 * The claim of `claim` with a cap per conversation: the first `perConversation`
 * due deliveries (queue order) of each conversation that has none under an
 * unexpired lease, none queued after one of its conversation that waits for
 * a retry. Rows another replica is claiming this instant are locked and
 * skipped; the later rows of their conversation are past the cap, so they are
 * not taken instead, and the next claim sees the conversation leased.
 */
async function claimPerConversation(
  db: SqlClient,
  now: Date,
  opts: ClaimOptions & { perConversation: number },
): Promise<Delivery[]> {
  const limit = Math.max(0, Math.floor(opts.limit));
  const cap = Math.max(1, Math.floor(opts.perConversation));
  const platforms = opts.platforms;
  if (limit === 0 || platforms?.length === 0) return [];
  const leaseUntil = new Date(now.getTime() + opts.leaseMs).toISOString();
  const claimableAt = 'GREATEST(d.next_attempt_at, d.lease_until)';
  const { rows } = await db.query<{ data: Delivery }>(
    `WITH busy AS (
        SELECT DISTINCT ${CONVERSATION} AS conv FROM deliveries d
         WHERE d.status = 'pending' AND d.lease_until > $1::timestamptz),
      retrying AS (
        SELECT DISTINCT ON (${CONVERSATION}) ${CONVERSATION} AS conv, d.created_at, d.id
          FROM deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at > $1::timestamptz
           AND (d.data->>'attempts')::int > 0
         ORDER BY ${CONVERSATION}, d.created_at, d.id),
      due AS (
        SELECT d.id, ${claimableAt} AS at,
               row_number() OVER (PARTITION BY ${CONVERSATION} ORDER BY d.created_at, d.id) AS n
          FROM deliveries d
         WHERE d.status = 'pending' AND ${claimableAt} <= $1::timestamptz${
           platforms ? " AND d.data->>'platform' = ANY($6::text[])" : ''
         }
           AND ${CONVERSATION} NOT IN (SELECT conv FROM busy)
           AND NOT EXISTS (SELECT 1 FROM retrying r WHERE r.conv = ${CONVERSATION}
                             AND (r.created_at, r.id) < (d.created_at, d.id)))
     UPDATE deliveries t
        SET lease_until = $2::timestamptz, lease_owner = $3::text,
            data = t.data || jsonb_build_object('leaseUntil', $4::text, 'leaseOwner', $5::text)
              || CASE WHEN t.lease_until IS NULL THEN '{}'::jsonb ELSE ${DELIVERIES.whenReclaimed} END
      WHERE t.id IN (
        SELECT d.id FROM deliveries d JOIN due ON due.id = d.id
         WHERE due.n <= ${cap} AND d.status = 'pending' AND ${claimableAt} <= $1::timestamptz
         ORDER BY due.at
         LIMIT ${limit}
         FOR UPDATE OF d SKIP LOCKED)
      RETURNING t.data`,
    [now.toISOString(), leaseUntil, opts.owner, leaseUntil, opts.owner, ...(platforms ? [platforms] : [])],
  );
  return rows.map((r) => r.data);
}

/** See `Store.renewDeliveryLeases`. */
export async function renewDeliveryLeases(
  db: SqlClient,
  ids: readonly string[],
  now: Date,
  opts: { leaseMs: number; owner: string },
): Promise<Delivery[]> {
  if (ids.length === 0) return [];
  const until = new Date(now.getTime() + opts.leaseMs).toISOString();
  const { rows } = await db.query<{ data: Delivery }>(
    `UPDATE deliveries
        SET lease_until = $1::timestamptz, data = data || jsonb_build_object('leaseUntil', $2::text)
      WHERE id = ANY($3::text[]) AND status = 'pending' AND lease_owner = $4::text
        AND lease_until > $5::timestamptz
      RETURNING data`,
    [until, until, [...ids], opts.owner, now.toISOString()],
  );
  return rows.map((r) => r.data);
}

/**
 * See `Store.markDeliveriesSending`. One statement: the lease is checked on the
 * locked row, so a claim by another replica either comes first (and the mark
 * is not written) or waits for the mark.
 */
export async function markDeliveriesSending(
  db: SqlClient,
  marks: ReadonlyArray<{ id: string; sendingSince: string }>,
  now: Date,
  opts: { owner: string },
): Promise<string[]> {
  if (marks.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE deliveries AS t
        SET data = t.data || jsonb_build_object('sendingSince', m.since)
       FROM unnest($1::text[], $2::text[]) AS m(id, since)
      WHERE t.id = m.id AND t.status = 'pending' AND t.lease_owner = $3::text
        AND t.lease_until > $4::timestamptz
      RETURNING t.id`,
    [marks.map((m) => m.id), marks.map((m) => m.sendingSince), opts.owner, now.toISOString()],
  );
  return rows.map((r) => r.id);
}

/**
 * See `Store.settleClaims`. One statement: each row is checked for the claim its writer holds
 * under the row's lock, so a claim by another replica either comes first (and the outcome is not
 * written) or waits for it. The stored message wins, as in a commit (see `putDeliveries`).
 */
export async function settleClaims(
  db: SqlClient,
  claims: ReadonlyArray<{ delivery: Delivery; leaseUntil: string }>,
  opts: { owner: string },
): Promise<string[]> {
  if (claims.length === 0) return [];
  // Each row's columns as a commit writes them (`deliveryValues`), by name, and the lease held.
  const rows = claims.map(({ delivery, leaseUntil }) => {
    const values = deliveryValues(delivery);
    return { ...Object.fromEntries(DELIVERY.names.map((n, i) => [n, values[i]])), held: leaseUntil };
  });
  const { rows: written } = await db.query<{ id: string }>(
    `UPDATE deliveries AS t
        SET status = m.status, next_attempt_at = m.next_attempt_at, sent_at = m.sent_at,
            lease_until = m.lease_until, lease_owner = m.lease_owner,
            data = m.data::jsonb || jsonb_build_object('message', t.data -> 'message')
       FROM jsonb_to_recordset($1::jsonb) AS m(id text, status text, next_attempt_at timestamptz,
            sent_at timestamptz, lease_until timestamptz, lease_owner text, data text, held timestamptz)
      WHERE t.id = m.id AND t.status = 'pending' AND t.lease_owner = $2::text AND t.lease_until = m.held
      RETURNING t.id`,
    [JSON.stringify(rows), opts.owner],
  );
  return written.map((r) => r.id);
}

/**
 * See `Store.deliverNotYetNow`. One statement: a row another replica leases meanwhile is
 * re-checked after its lock and left alone, so nothing it is sending is moved.
 */
export async function deliverNotYetNow(db: SqlClient, platform: Platform, now: Date): Promise<number> {
  const at = now.toISOString();
  const { rowCount } = await db.query(
    `UPDATE deliveries
        SET next_attempt_at = $1::timestamptz, data = data || jsonb_build_object('nextAttemptAt', $2::text)
      WHERE status = 'pending' AND data->>'platform' = $3::text AND data->>'notYet' = 'true'
        AND next_attempt_at > $1::timestamptz
        AND (lease_until IS NULL OR lease_until <= $1::timestamptz)`,
    [at, at, platform],
  );
  return rowCount;
}

export async function claimInbound(db: SqlClient, now: Date, opts: ClaimOptions): Promise<InboundEvent[]> {
  const claimed = await claim<InboundEvent>(db, INBOUND, now, opts);
  return claimed.sort(
    (a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id.localeCompare(b.id),
  );
}

/** Forgets sent delivery keys and processed webhook ids older than `before`. */
export async function prune(db: SqlClient, before: Date): Promise<{ deliveries: number; inbound: number }> {
  const cutoff = before.toISOString();
  const d = await db.query("DELETE FROM deliveries WHERE status = 'sent' AND sent_at < $1::timestamptz", [
    cutoff,
  ]);
  const i = await db.query(
    "DELETE FROM inbound WHERE status <> 'pending' AND received_at < $1::timestamptz",
    [cutoff],
  );
  return { deliveries: d.rowCount, inbound: i.rowCount };
}
