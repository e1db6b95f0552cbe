import type { Delivery, FollowUp, InboundEvent } from '../../../src/domain/types.js';
import type { ClaimOptions } from '../../../src/store/store.js';
import type { SqlClient } from './driver.js';

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
  const claimed = await claim<Delivery>(db, DELIVERIES, now, opts, opts.platforms);
  return claimed.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
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
