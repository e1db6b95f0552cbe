import type { FollowUp, Handoff } from '../../../src/domain/types.js';
import {
  followUpLines,
  type QueuePage,
  type QueueQuery,
  queueKey,
  queueRole,
} from '../../../src/store/queue.js';
import type { SqlClient } from './driver.js';

/** A person's queue (`src/store/queue.ts`) as SQL: the rows it holds, over the owner, assignee, sender and state indexes. */
const IN_QUEUE = `NOT closed AND (
  owner = $1
  OR (assignee = $1 AND state = 'open')
  OR (sender = $1 AND state IN ('proposed', 'declined'))
  OR (to_team = $2 AND state = 'open' AND assignee IS NULL))`;

const ORDER = `CASE WHEN state = 'open' THEN COALESCE(data->>'acceptDueAt', data->>'createdAt')
    ELSE COALESCE(data->>'contactDueAt', data->>'createdAt') END COLLATE "C",
  CASE WHEN owner = $1 THEN 0 WHEN assignee = $1 AND state = 'open' THEN 1
    WHEN sender = $1 AND state IN ('proposed', 'declined') THEN 2 ELSE 3 END,
  data->>'createdAt' COLLATE "C", id COLLATE "C"`;

/**
 * `Store.queuePage`: the first page in the queue's order (code units, as in
 * every store) and the count, in one statement, so both come from one snapshot.
 */
export async function queuePage(db: SqlClient, q: QueueQuery): Promise<QueuePage> {
  const [page, lines] = await Promise.all([handoffPage(db, q), followUpPage(db, q)]);
  return { ...page, ...lines };
}

async function handoffPage(db: SqlClient, q: QueueQuery): Promise<Pick<QueuePage, 'items' | 'total'>> {
  const params = [q.person, q.team ?? null];
  const limit = Math.max(0, Math.floor(q.limit));
  if (limit === 0) {
    const { rows } = await db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM handoffs WHERE ${IN_QUEUE}`,
      params,
    );
    return { items: [], total: Number(rows[0]?.n ?? 0) };
  }
  const { rows } = await db.query<{ data: Handoff; total: string | number }>(
    `SELECT data, count(*) OVER () AS total FROM handoffs WHERE ${IN_QUEUE} ORDER BY ${ORDER} LIMIT $3`,
    [...params, limit],
  );
  const items: QueuePage['items'] = [];
  for (const { data: h } of rows) {
    const role = queueRole(h, q.person, q.team);
    if (role) items.push({ handoff: h, role });
  }
  const key = (i: QueuePage['items'][number]) => queueKey(i.handoff, i.role);
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { items, total: Number(rows[0]?.total ?? 0) };
}

/**
 * The person's follow-ups, each with whether its handoff is in their queue
 * (then that handoff stands for it), made into lines by the same code as in
 * every store: a person has a few pending at a time, not thousands.
 */
async function followUpPage(
  db: SqlClient,
  q: QueueQuery,
): Promise<Pick<QueuePage, 'followUps' | 'followUpLines'>> {
  const { rows } = await db.query<{ data: FollowUp; queued: boolean }>(
    `SELECT f.data, EXISTS (SELECT 1 FROM handoffs WHERE id = f.handoff_id AND ${IN_QUEUE}) AS queued
     FROM follow_ups f WHERE f.person = $1`,
    [q.person, q.team ?? null],
  );
  const queued = new Set(rows.filter((r) => r.queued).map((r) => r.data.handoffId));
  const { lines, total } = followUpLines(
    rows.map((r) => r.data),
    (id) => queued.has(id),
    q.limit,
  );
  return { followUps: lines, followUpLines: total };
}
