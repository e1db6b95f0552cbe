import type { TeamLanguageCount } from '../../../src/store/store.js';
import { customerLanguages, type ServedCustomer } from '../memory/customer-languages.js';
import { oneReadAtATime, SNAPSHOT_HORIZON } from './change-reads.js';
import type { SqlClient } from './driver.js';

interface LiveHandoff {
  customerId: string;
  team: string;
}

interface ChangeRow {
  horizon: string | null;
  kind: 'customer' | 'handoff' | null;
  id: string | null;
  team: string | null;
  language: string | null;
  customer_id: string | null;
  /** An erased customer, a closed handoff: gone from the count. */
  gone: boolean | null;
}

/**
 * `Store.customerLanguages` from a copy kept by this process: each customer's
 * team and language and each live handoff's team, brought up to date before
 * each read by asking only for the rows written since (the `changed` stamps
 * of migration 007; `change-reads.ts` says why that misses nothing). The
 * teams page counts every customer its reader may see on each view; one
 * GROUP BY over 50k customers and their live handoffs took about 270 ms a
 * view, where counting the copy with the file store's own count takes a few.
 * Customers are never deleted (erasure marks them) and handoffs only close,
 * so a change row says everything that happened to a row.
 */
export class LanguageCache {
  private readonly customers = new Map<string, ServedCustomer>();
  private readonly handoffs = new Map<string, LiveHandoff>();
  /** The live handoffs to each team, by id. */
  private readonly handedTo = new Map<string, Map<string, LiveHandoff>>();
  /** The `xmin` of the last read's snapshot; undefined before the first read. */
  private horizon: string | undefined;
  private readonly refresh = oneReadAtATime(() => this.read());

  constructor(private readonly db: SqlClient) {}

  async counts(teams: readonly string[]): Promise<TeamLanguageCount[]> {
    if (teams.length === 0) return [];
    await this.refresh();
    return customerLanguages(
      [...new Set(teams)],
      this.customers.values(),
      (team) => this.handedTo.get(team)?.values() ?? [],
      (id) => this.customers.get(id),
    );
  }

  private async read(): Promise<void> {
    // One statement, so the horizon and the rows come from the same snapshot.
    // The first read skips closed handoffs: they can only matter by changing.
    const { rows } = await this.db.query<ChangeRow>(
      `SELECT ${SNAPSHOT_HORIZON} AS horizon, NULL AS kind, NULL AS id, NULL AS team, NULL AS language,
              NULL AS customer_id, NULL::boolean AS gone
       UNION ALL
       SELECT NULL, 'customer', id, team, data->>'language', NULL, data->>'erasedAt' IS NOT NULL
         FROM customers WHERE changed >= $1::bigint
       UNION ALL
       SELECT NULL, 'handoff', id, to_team, NULL, customer_id, closed
         FROM handoffs WHERE changed >= $1::bigint AND ($1::bigint > 0 OR NOT closed)`,
      [this.horizon ?? '0'],
    );
    let horizon: string | undefined;
    for (const r of rows) {
      if (r.horizon !== null) horizon = r.horizon;
      else if (r.kind === 'customer') this.customer(r);
      else if (r.kind === 'handoff') this.handoff(r);
    }
    if (horizon === undefined) throw new Error('language cache: the read returned no snapshot horizon');
    this.horizon = horizon;
  }

  private customer(r: ChangeRow): void {
    if (r.id === null || r.team === null) return;
    if (r.gone) this.customers.delete(r.id);
    else this.customers.set(r.id, { id: r.id, team: r.team, language: r.language ?? undefined });
  }

  private handoff(r: ChangeRow): void {
    if (r.id === null || r.team === null || r.customer_id === null) return;
    const before = this.handoffs.get(r.id);
    if (before) this.handedTo.get(before.team)?.delete(r.id);
    if (r.gone) {
      this.handoffs.delete(r.id);
      return;
    }
    const live = { customerId: r.customer_id, team: r.team };
    this.handoffs.set(r.id, live);
    const byId = this.handedTo.get(r.team) ?? new Map<string, LiveHandoff>();
    this.handedTo.set(r.team, byId.set(r.id, live));
  }
}
