import type { JourneyFact, JourneyQuery } from '../../../src/analytics/fact.js';
import { JourneyTable } from '../memory/journey-table.js';
import { oneReadAtATime, SNAPSHOT_HORIZON } from './change-reads.js';
import type { SqlClient } from './driver.js';

/**
 * The journey rollup of one process, kept in memory and brought up to date
 * before each read by asking only for the rows written since: every page view
 * of the dashboard reads a year of facts, and 50k jsonb rows a view cost
 * ~0.5 s where the merge of a few changed rows costs nothing. The figures are
 * computed from the same fixed-shape facts as on the file store, so both
 * stores give the same numbers.
 *
 * Which rows are "new" is told by transaction ids, not by time: each row's
 * `seq` is the id of the transaction that last wrote it (migration 005), and
 * a read's own snapshot reports its `xmin`, the oldest transaction still in
 * flight then. Ids are handed out before commit, so commits land out of id
 * order (a transaction with id 10 may commit after one with 11 was read); a
 * plain `seq > highest seen` would skip it forever. Every row the previous
 * read could not see was written by a transaction at or above that read's
 * `xmin`, so reading `seq >= xmin` of the previous read misses nothing, and
 * re-reads only what was in flight then. A sequence with a time margin ("all
 * older than 10 s has committed") would rely on transactions being short and,
 * right after the first load, would re-read every row for those 10 s. The
 * cost moves instead: a transaction left open for long (anywhere in the
 * cluster) holds `xmin` back, and each read takes again every row written
 * since it began, still correct and only as large as the writes meanwhile.
 */
export class JourneyCache {
  private table: JourneyTable | undefined;
  /** The `xmin` of the last read's snapshot: the next read takes rows with `seq` from here. */
  private horizon = '0';
  private readonly refresh = oneReadAtATime(() => this.read());

  constructor(private readonly db: SqlClient) {}

  async facts(q: JourneyQuery): Promise<JourneyFact[]> {
    await this.refresh();
    return this.table?.query(q) ?? [];
  }

  private async read(): Promise<void> {
    // One statement, so the horizon and the rows come from the same snapshot.
    const { rows } = await this.db.query<{ horizon: string | null; data: JourneyFact | null }>(
      `SELECT ${SNAPSHOT_HORIZON} AS horizon, NULL::jsonb AS data
       UNION ALL
       SELECT NULL, data FROM journey_facts WHERE seq >= $1::bigint`,
      [this.table ? this.horizon : '0'],
    );
    let horizon: string | undefined;
    const facts: JourneyFact[] = [];
    for (const r of rows) {
      if (r.horizon !== null) horizon = r.horizon;
      else if (r.data) facts.push(r.data);
    }
    if (horizon === undefined) throw new Error('journey cache: the read returned no snapshot horizon');
    if (this.table) this.table.replace(facts);
    else this.table = new JourneyTable(facts);
    this.horizon = horizon;
  }
}
