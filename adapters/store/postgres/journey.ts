import { type JourneyFact, type JourneyPatch, mergeJourneyPatch } from '../../../src/analytics/fact.js';
import { CHANGE_STAMP } from './change-reads.js';
import type { SqlClient } from './driver.js';
import { chunks, toJson } from './rows.js';

/** A serialisation failure: `commitChange` runs the whole transaction again. */
const retryable = (): Error =>
  Object.assign(new Error('journey fact created concurrently'), { code: '40001' });

const RECORDSET =
  'jsonb_to_recordset($1::jsonb) AS e(handoff_id text, week text, to_team text, from_team text, data jsonb)';

/**
 * Merges each patch into its handoff's fact inside the commit's transaction,
 * with the one merge every store uses (`mergeJourneyPatch`), so PostgreSQL and
 * the file store give the same numbers. Existing rows are locked while read;
 * a row another replica created meanwhile makes the transaction run again
 * rather than lose that replica's counts.
 */
export async function applyJourney(tx: SqlClient, patches: readonly JourneyPatch[]): Promise<void> {
  if (patches.length === 0) return;
  const ids = [...new Set(patches.map((p) => p.handoffId))];
  const { rows } = await tx.query<{ handoff_id: string; data: JourneyFact }>(
    'SELECT handoff_id, data FROM journey_facts WHERE handoff_id = ANY($1::text[]) ORDER BY handoff_id FOR UPDATE',
    [ids],
  );
  const facts = new Map(rows.map((r) => [r.handoff_id, r.data]));
  const existing = new Set(facts.keys());
  for (const p of patches) facts.set(p.handoffId, mergeJourneyPatch(facts.get(p.handoffId), p));
  const row = (f: JourneyFact) => ({
    handoff_id: f.handoffId,
    week: f.week,
    to_team: f.to,
    from_team: f.from,
    data: f,
  });
  const updates = [...facts.values()].filter((f) => existing.has(f.handoffId)).map(row);
  const inserts = [...facts.values()].filter((f) => !existing.has(f.handoffId)).map(row);
  for (const batch of chunks(updates)) {
    await tx.query(
      `UPDATE journey_facts j SET week = e.week, to_team = e.to_team, from_team = e.from_team, data = e.data,
         seq = ${CHANGE_STAMP}
       FROM ${RECORDSET} WHERE j.handoff_id = e.handoff_id`,
      [toJson(batch)],
    );
  }
  for (const batch of chunks(inserts)) {
    const r = await tx.query(
      `INSERT INTO journey_facts (handoff_id, week, to_team, from_team, data, seq)
       SELECT handoff_id, week, to_team, from_team, data, ${CHANGE_STAMP} FROM ${RECORDSET} ON CONFLICT DO NOTHING`,
      [toJson(batch)],
    );
    if (r.rowCount !== batch.length) throw retryable();
  }
}
