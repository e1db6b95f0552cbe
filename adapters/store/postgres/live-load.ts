import type { SqlClient } from './driver.js';

/** `Store.liveLoad`: one GROUP BY over the `handoffs_live_load` index. */
export async function liveLoad(
  db: SqlClient,
  team: string,
  people: readonly string[],
): Promise<Map<string, number>> {
  const load = new Map(people.map((p) => [p, 0]));
  if (people.length === 0) return load;
  const { rows } = await db.query<{ person: string; n: string | number }>(
    `SELECT COALESCE(owner, assignee) AS person, count(*) AS n FROM handoffs
     WHERE NOT closed AND state IN ('open', 'accepted') AND to_team = $1
       AND COALESCE(owner, assignee) = ANY($2::text[])
     GROUP BY 1`,
    [team, [...new Set(people)]],
  );
  for (const r of rows) load.set(r.person, Number(r.n));
  return load;
}
