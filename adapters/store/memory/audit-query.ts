import { BatonError } from '../../../src/errors.js';
import type { AuditQuery } from '../../../src/store/store.js';

/** An audit query's instants as milliseconds, its cursor taken apart; every store reads a query through this. */
export interface CheckedAuditQuery {
  sinceMs: number;
  untilMs: number;
  cursor?: { at: string; ms: number; id: string };
}

const invalid = (what: string, value: string, fix: string): BatonError =>
  new BatonError(
    'AUDIT_QUERY_INVALID',
    `The audit query's ${what} ${JSON.stringify(value)} is not valid: ${fix}`,
  );

/**
 * Refuses what no store could answer alike (a time that is not one, a cursor
 * no page returned), with the same coded error on every store.
 */
export function checkAuditQuery(q: AuditQuery): CheckedAuditQuery {
  const instant = (what: string, value: string | undefined, none: number): number => {
    if (value === undefined) return none;
    const ms = Date.parse(value);
    if (Number.isNaN(ms))
      throw invalid(what, value, 'give an ISO 8601 instant such as 2026-11-23T10:00:00.000Z.');
    return ms;
  };
  const out: CheckedAuditQuery = {
    sinceMs: instant('since', q.since, Number.NEGATIVE_INFINITY),
    untilMs: instant('until', q.until, Number.POSITIVE_INFINITY),
  };
  if (q.cursor !== undefined) {
    const bar = q.cursor.indexOf('|');
    const at = q.cursor.slice(0, bar);
    const ms = bar < 0 ? Number.NaN : Date.parse(at);
    if (Number.isNaN(ms)) {
      throw invalid(
        'cursor',
        q.cursor,
        'pass the "next" of the previous page, or no cursor for the first page.',
      );
    }
    out.cursor = { at, ms, id: q.cursor.slice(bar + 1) };
  }
  if (!Number.isInteger(q.limit) || q.limit < 0) {
    throw invalid('limit', String(q.limit), 'give a whole number of entries per page, 0 or more.');
  }
  return out;
}
