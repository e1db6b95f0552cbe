import { open } from 'node:fs/promises';
import type { AuditEntry } from '../../../src/domain/types.js';
import { BatonError } from '../../../src/errors.js';
import type { AuditPage, AuditQuery } from '../../../src/store/store.js';
import { checkAuditQuery } from '../memory/audit-query.js';
import { auditCursor, pageAudit } from '../memory/audit-scan.js';
import type { AuditIndex } from './audit-index.js';
import type { AuditRun } from './audit-run.js';
import type { HistoryFiles } from './history-files.js';
import { parseLine } from './history-lines.js';

/** Where a page stops reading (exclusive): the entries before (ms, id). */
interface Bound {
  ms: number;
  id: string;
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
  const checked = checkAuditQuery(q);
  let upper: Bound = { ms: checked.untilMs, id: '' };
  if (checked.cursor && before(checked.cursor, upper)) upper = checked.cursor;
  const { sinceMs } = checked;
  // Indexed first: the filters below look their strings up in what indexing interned, and on the
  // first page (or for an action first written since the last one) they were not there yet.
  const runs = await index.runs();
  const s = index.strings;
  // -1 is "no customer" (and any string never seen): a filter by customers never matches it.
  const customers = q.customerIds
    ? new Set(q.customerIds.map((c) => s.known(c)).filter((c) => c >= 0))
    : undefined;
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
  const keyOf = (h: Head): Bound => ({ ms: h.run.msAt(h.at), id: h.run.idAt(h.at) });

  const heads: Head[] = [];
  for (const { bucket, run } of runs) {
    const at = next(run, run.lowerBound(upper.ms, upper.id) - 1);
    if (at >= 0) heads.push({ bucket, run, at });
  }
  // Taken out of the runs now: a run may grow (another page catching up) while the lines are read.
  const picked: Picked[] = [];
  while (picked.length <= q.limit) {
    let best: Head | undefined;
    for (const h of heads) if (h.at >= 0 && (!best || before(keyOf(best), keyOf(h)))) best = h;
    if (!best) break;
    picked.push({ bucket: best.bucket, id: best.run.idAt(best.at), ...best.run.rangeAt(best.at) });
    best.at = next(best.run, best.at - 1);
  }

  const entries = await readEntries(index, picked.slice(0, q.limit));
  if (!entries) return undefined;
  const last = entries[entries.length - 1];
  return picked.length > q.limit && last ? { entries, next: auditCursor(last) } : { entries };
}

/** A page's entry as the index knows it: its bucket file, id and line. */
interface Picked {
  bucket: number;
  id: string;
  start: number;
  length: number;
}

/** The page's lines, read by offset; undefined (and the bucket forgotten) if one is not what was indexed. */
async function readEntries(index: AuditIndex, picked: readonly Picked[]): Promise<AuditEntry[] | undefined> {
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
      for (const span of spansOf(picked, positions)) {
        if (!fh) {
          stale = true;
          break;
        }
        const buf = Buffer.alloc(span.end - span.start);
        const { bytesRead } = await fh.read(buf, 0, buf.length, span.start);
        for (const i of span.positions) {
          const p = picked[i] as Picked;
          const from = p.start - span.start;
          const e = parseLine(buf.toString('utf8', from, Math.min(from + p.length, bytesRead)));
          if (e?.kind !== 'audit' || e.entry.id !== p.id) {
            stale = true;
            break;
          }
          out[i] = e.entry;
        }
        if (stale) break;
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

/** Lines closer than this are read in one go with what lies between them. */
const GAP = 16 * 1024;
const SPAN = 1 << 20;

/**
 * A bucket's lines of one page grouped into byte ranges read with one call
 * each: entries close in time sit close in the file, so a page of a long
 * export costs a few reads per bucket rather than one per entry.
 */
function spansOf(
  picked: readonly Picked[],
  positions: readonly number[],
): Array<{ start: number; end: number; positions: number[] }> {
  const sorted = [...positions].sort((a, b) => (picked[a]?.start ?? 0) - (picked[b]?.start ?? 0));
  const spans: Array<{ start: number; end: number; positions: number[] }> = [];
  for (const i of sorted) {
    const p = picked[i] as Picked;
    const last = spans[spans.length - 1];
    const end = p.start + p.length;
    if (last && p.start - last.end <= GAP && end - last.start <= SPAN) {
      last.end = Math.max(last.end, end);
      last.positions.push(i);
    } else spans.push({ start: p.start, end, positions: [i] });
  }
  return spans;
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
  checkAuditQuery(q);
  if (q.customerIds && q.customerIds.length <= FEW_CUSTOMERS) {
    const entries: AuditEntry[] = [];
    for (const customerId of new Set(q.customerIds)) {
      for (const e of await files.read(customerId)) if (e.kind === 'audit') entries.push(e.entry);
    }
    return pageAudit(entries, q);
  }
  return pageFromIndex(index, q);
}
