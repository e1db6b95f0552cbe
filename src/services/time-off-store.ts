import { z } from 'zod';
import type { Directory } from '../config/directory.js';
import type { AwayEntry, LiveDirectory } from '../config/live-directory.js';
import { personToday } from '../domain/away.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

/** The kv namespace of time off set by command, one entry per person key. */
export const AWAY_NS = 'away';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * What `/cx away` and `/cx back` store. `back` is kept only when it cuts
 * short the config's own `away` (`cut` is that entry's date): a later edit
 * of the config to new dates is not overridden by an old "back".
 */
export const storedAwaySchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('away'),
    until: isoDate,
    backup: z.string().min(1).optional(),
    by: z.string().min(1),
    at: z.string().min(1),
  }),
  z.object({
    state: z.literal('back'),
    cut: isoDate,
    by: z.string().min(1),
    at: z.string().min(1),
  }),
]);
export type StoredAway = z.infer<typeof storedAwaySchema>;

/** The LiveDirectory behind a Directory, when it is one (the running app's is; some tests hand a plain one). */
export function liveOf(dir: Directory): LiveDirectory | undefined {
  return 'setAway' in dir && typeof (dir as LiveDirectory).setAway === 'function'
    ? (dir as LiveDirectory)
    : undefined;
}

/**
 * The overlay the stored entries make on `base` (the directory built from
 * the files) on `now`. Entries for people no longer in the config, ended
 * time off, a backup who left the config, and a "back" whose config entry
 * has since changed all drop out; an unreadable entry is logged and skipped.
 */
export function overlayFrom(
  base: Directory,
  rows: ReadonlyArray<{ key: string; value: unknown }>,
  now: Date,
  log?: Logger,
): Map<string, AwayEntry | null> {
  const out = new Map<string, AwayEntry | null>();
  for (const row of rows) {
    const parsed = storedAwaySchema.safeParse(row.value);
    if (!parsed.success) {
      log?.warn({ person: row.key }, 'unreadable time-off entry in the store; it is ignored');
      continue;
    }
    const p = base.person(row.key);
    if (!p) continue;
    const v = parsed.data;
    if (v.state === 'back') {
      if (p.away?.until === v.cut) out.set(row.key, null);
      continue;
    }
    if (v.until < personToday(base, row.key, now)) continue;
    const backup = v.backup && v.backup !== row.key && base.person(v.backup) ? v.backup : undefined;
    out.set(row.key, { until: v.until, ...(backup ? { backup } : {}) });
  }
  return out;
}

/**
 * Reads the stored time off into the live directory: at start, after a
 * change here, and on every scheduler tick so a change made on another
 * replica (or an entry that ended overnight) is seen within a tick.
 */
export async function refreshTimeOff(
  deps: { store: Store; dir: Directory; log?: Logger },
  now: Date,
): Promise<void> {
  const live = liveOf(deps.dir);
  if (!live) return;
  const reads = readsOf(live);
  const n = ++reads.started;
  const rows = await deps.store.listKv(AWAY_NS);
  // A read started earlier (a tick's) that ends after a later one (right after a /cx away) is older news.
  if (n < reads.applied) return;
  reads.applied = n;
  live.setAway(overlayFrom(live.base, rows, now, deps.log));
}

const READS = new WeakMap<LiveDirectory, { started: number; applied: number }>();
function readsOf(live: LiveDirectory): { started: number; applied: number } {
  let r = READS.get(live);
  if (!r) {
    r = { started: 0, applied: 0 };
    READS.set(live, r);
  }
  return r;
}
