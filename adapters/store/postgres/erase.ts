import { type Erasure, erasedDelivery, erasedInbound } from '../../../src/domain/erasure.js';
import type { Delivery, HistoryEntry, InboundEvent } from '../../../src/domain/types.js';
import { eraseHistoryEntry } from '../memory/erase.js';
import type { SqlClient } from './driver.js';
import { chunks, toJson } from './rows.js';

/** History rows of the customer, rewritten without personal data, in the commit's transaction. */
export async function eraseHistory(tx: SqlClient, customerId: string): Promise<void> {
  const { rows } = await tx.query<{ seq: string; data: HistoryEntry }>(
    'SELECT seq::text AS seq, data FROM history WHERE customer_id = $1 ORDER BY seq FOR UPDATE',
    [customerId],
  );
  for (const batch of chunks(rows)) {
    const erased = batch.map((r) => ({ seq: r.seq, data: eraseHistoryEntry(r.data) }));
    await tx.query(
      `UPDATE history h SET data = e.data
       FROM jsonb_to_recordset($1::jsonb) AS e(seq bigint, data jsonb) WHERE h.seq = e.seq`,
      [toJson(erased)],
    );
  }
}

/**
 * Deliveries of every status (sent rows stay until pruned, with what they
 * said) and webhook events about the customer. Only `data` changes on a
 * delivery: its status and lease are the dispatcher's, and stay as they are.
 */
export async function eraseOutboxAndInbound(tx: SqlClient, er: Erasure): Promise<void> {
  const deliveries = await tx.query<{ data: Delivery }>(
    `SELECT data FROM deliveries
      WHERE data->'message'->>'handoffId' = ANY($1::text[])
         OR (data->'message'->>'type' = 'reminder' AND data->'message'->'followUps' @> $2::jsonb)
      ORDER BY id FOR UPDATE`,
    [er.handoffIds, toJson([{ customerId: er.customerId }])],
  );
  for (const { data } of deliveries.rows) {
    const scrubbed = erasedDelivery(data, er);
    if (scrubbed)
      await tx.query('UPDATE deliveries SET data = $2::jsonb WHERE id = $1', [data.id, toJson(scrubbed)]);
  }
  // Processed events hold no payload; those that do (pending, failed) are read to be matched.
  const inbound = await tx.query<{ data: InboundEvent }>(
    `SELECT data FROM inbound WHERE data->>'customerId' = $1 OR data ? 'payload'
      ORDER BY source, id FOR UPDATE`,
    [er.customerId],
  );
  for (const { data } of inbound.rows) {
    const scrubbed = erasedInbound(data, er);
    if (!scrubbed) continue;
    await tx.query(
      `UPDATE inbound SET status = $3, lease_until = NULL, lease_owner = NULL, data = $4::jsonb
        WHERE source = $1 AND id = $2`,
      [scrubbed.source, scrubbed.id, scrubbed.status, toJson(scrubbed)],
    );
  }
}
