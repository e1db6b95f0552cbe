import { open } from 'node:fs/promises';
import type { AuditEntry, HistoryEntry } from '../../../src/domain/types.js';
import { BatonError } from '../../../src/errors.js';
import type { AuditPage, AuditQuery } from '../../../src/store/store.js';
import { auditCursor, pageAudit } from '../memory/audit-scan.js';
import type { AuditIndex } from './audit-index.js';
import type { AuditRun } from './audit-run.js';
import type { HistoryFiles } from './history-files.js';

/** Where a page stops reading (exclusive): the entries before (ms, id). */
interface Bound {
  ms: number;
  id: string;
}

/** `at|id` of the entry the previous page ended with (see `auditCursor`). */
export function cursorBound(cursor: string): Bound {
  const bar = cursor.indexOf('|');
  const ms = bar < 0 ? Number.NaN : Date.parse(cursor.slice(0, bar));
  if (Number.isNaN(ms)) {
    throw new BatonError(
      'AUDIT_CURSOR_INVALID',
      `The audit page cursor ${JSON.stringify(cursor)} is not one a page returned: pass the "next" of the previous page, or no cursor for the first page.`,
    );
  }
  return { ms, id: cursor.slice(bar + 1) };
}

const before = (a: Bound, b: Bound) => a.ms < b.ms || (a.ms === b.ms && a.id < b.id);

interface Head {
  bucket: number;
  run: AuditRun;
  /** The run's next matching position, walking down; -1 when it has none left. */
  at: number;
}

/**
 * One page newest first from the index: each bucket's run is walked down
 * from the page's upper bound past what the filters refuse, and the runs'
 * next matches are merged. Only the page's lines are read from the files.
 */
export async function pageFromIndex(index: AuditIndex, q: AuditQuery): Promise<AuditPage> {
  for (let attempt = 1; ; attempt++) {
    const page = await tryPage(index, q);
    if (page) return page;
    if (attempt >= 3) {
      throw new BatonError(
        'AUDIT_INDEX_STALE',
        'The history files kept changing while the audit page was read; ask for the page again.',
      );
    }
  }
}

async function tryPage(index: AuditIndex, q: AuditQuery): Promise<AuditPage | undefined> {
  let upper: Bound = { ms: Number.POSITIVE_INFINITY, id: '' };
  if (q.until !== undefined) upper = { ms: Date.parse(q.until), id: '' };
  if (q.cursor !== undefined) {
    const c = cursorBound(q.cursor);
    if (before(c, upper)) upper = c;
  }
  const sinceMs = q.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(q.since);
  const s = index.strings;
  const customers = q.customerIds ? new Set(q.customerIds.map((c) => s.known(c))) : undefined;
  const actions = q.actions ? new Set(q.actions.map((a) => s.known(a))) : undefined;
  const actor = q.actor === undefined ? undefined : s.known(q.actor);
  const matches = (run: AuditRun, i: number): boolean =>
    (!customers || customers.has(run.customerAt(i))) &&
    (!actions || actions.has(run.actionAt(i))) &&
    (actor === undefined || run.actorAt(i) === actor);
  const next = (run: AuditRun, from: number): number => {
    for (let i = from; i >= 0; i--) {
      if (run.msAt(i) < sinceMs) return -1;
      if (matches(run, i)) return i;
    }
    return -1;
  };

  const limit = Math.max(0, Math.floor(q.limit));
  const heads: Head[] = [];
  for (const { bucket, run } of await index.runs()) {
    const at = next(run, run.lowerBound(upper.ms, upper.id) - 1);
    if (at >= 0) heads.push({ bucket, run, at });
  }
  const picked: Array<{ bucket: number; run: AuditRun; at: number }> = [];
  while (picked.length <= limit) {
    let best: Head | undefined;
    for (const h of heads) {
      if (h.at < 0) continue;
      if (
        !best ||
        before(
          { ms: best.run.msAt(best.at), id: best.run.idAt(best.at) },
          {
            ms: h.run.msAt(h.at),
            id: h.run.idAt(h.at),
          },
        )
      )
        best = h;
    }
    if (!best) break;
    picked.push({ bucket: best.bucket, run: best.run, at: best.at });
    best.at = next(best.run, best.at - 1);
  }

  const entries = await readEntries(index, picked.slice(0, limit));
  if (!entries) return undefined;
  const last = entries[entries.length - 1];
  return picked.length > limit && last ? { entries, next: auditCursor(last) } : { entries };
}

/** The page's lines, read by offset; undefined (and the bucket forgotten) if one is not what was indexed. */
async function readEntries(
  index: AuditIndex,
  picked: ReadonlyArray<{ bucket: number; run: AuditRun; at: number }>,
): Promise<AuditEntry[] | undefined> {
  const out: AuditEntry[] = new Array(picked.length);
  const byBucket = new Map<number, number[]>();
  picked.forEach((p, i) => {
    const list = byBucket.get(p.bucket);
    if (list) list.push(i);
    else byBucket.set(p.bucket, [i]);
  });
  let stale = false;
  for (const [bucket, positions] of byBucket) {
    const fh = await open(index.fileOf(bucket), 'r').catch(() => undefined);
    try {
      for (const i of positions) {
        const p = picked[i];
        if (!p || !fh) {
          stale = true;
          break;
        }
        const { start, length } = p.run.rangeAt(p.at);
        const buf = Buffer.alloc(length);
        const { bytesRead } = await fh.read(buf, 0, length, start);
        const e = parseLine(buf.toString('utf8', 0, bytesRead));
        if (e?.kind !== 'audit' || e.entry.id !== p.run.idAt(p.at)) {
          stale = true;
          break;
        }
        out[i] = e.entry;
      }
    } finally {
      await fh?.close().catch(() => {});
    }
    if (stale) {
      index.drop(bucket);
      return undefined;
    }
  }
  return out;
}

function parseLine(line: string): HistoryEntry | undefined {
  try {
    const { kind, at, entry } = JSON.parse(line) as HistoryEntry;
    return { kind, at, entry } as HistoryEntry;
  } catch {
    return undefined;
  }
}

/** Up to this many customers, their own history is read instead of the index over everyone's. */
const FEW_CUSTOMERS = 16;

/**
 * `scanAudit` on the file store. A page about a few customers reads their
 * timelines (an erased one's entries already rewritten); any other page
 * comes from the index over all history files.
 */
export async function scanFileAudit(
  files: Pick<HistoryFiles, 'read'>,
  index: AuditIndex,
  q: AuditQuery,
): Promise<AuditPage> {
  if (q.cursor !== undefined) cursorBound(q.cursor);
  if (q.customerIds && q.customerIds.length <= FEW_CUSTOMERS) {
    const entries: AuditEntry[] = [];
    for (const customerId of new Set(q.customerIds)) {
      for (const e of await files.read(customerId)) if (e.kind === 'audit') entries.push(e.entry);
    }
    return pageAudit(entries, q);
  }
  return pageFromIndex(index, q);
}
