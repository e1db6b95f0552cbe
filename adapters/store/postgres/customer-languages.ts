import type { TeamLanguageCount } from '../../../src/store/store.js';
import type { SqlClient } from './driver.js';

/**
 * `Store.customerLanguages`: one GROUP BY in the database. The customers of a
 * team come by the `customers_team` index, its live handoffs by
 * `handoffs_team_state`; UNION (not UNION ALL) counts a customer once per
 * team when they are both with it and handed to it.
 */
export async function customerLanguages(
  db: SqlClient,
  teams: readonly string[],
): Promise<TeamLanguageCount[]> {
  if (teams.length === 0) return [];
  const { rows } = await db.query<{ team: string; language: string | null; n: number }>(
    `SELECT team, language, count(*)::int AS n FROM (
       SELECT c.team, c.data->>'language' AS language, c.id FROM customers c
        WHERE c.team = ANY($1::text[]) AND c.data->>'erasedAt' IS NULL
       UNION
       SELECT h.to_team, c.data->>'language', c.id FROM handoffs h JOIN customers c ON c.id = h.customer_id
        WHERE NOT h.closed AND h.to_team = ANY($1::text[]) AND c.data->>'erasedAt' IS NULL
     ) served GROUP BY team, language`,
    [[...new Set(teams)]],
  );
  return rows.map((r) => ({
    team: r.team,
    ...(r.language !== null ? { language: r.language } : {}),
    customers: r.n,
  }));
}
