import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from '../src/log.js';

/** How often the event loop's busy share is sampled, and how many quiet samples in a row count as idle. */
const SAMPLE_MS = 250;
const QUIET_SAMPLES = 4;
/** Busier than this share of a sample is not idle: a request or a slice of index building ran. */
const QUIET_SHARE = 0.05;
/** Past this without an idle second the collection is left to V8: a busy process has no pause to spare. */
const GIVE_UP_MS = 120_000;

export interface LoadMemoryRelease {
  cancel(): void;
}

/**
 * What is collected: all of the heap; all of it while moving live objects out of its emptiest
 * pages (`compact`); or its young generation only (milliseconds).
 */
export type Collection = 'full' | 'compact' | 'young';

/**
 * V8 sizes its young generation by recent allocation and shrinks it only in a collection whose
 * last ten collections (its record of allocation rates) saw little allocation: after the load it
 * kept 32 MB of young space, 0.3 MB of it used, until such a collection, which an idle Baton may
 * never make. Young collections (under a millisecond each on an idle heap), a few milliseconds
 * apart once Baton is quiet, fill that record with quiet ones; the tenth or so shrinks it. Past
 * this many V8 keeps its size.
 */
const MAX_YOUNG_COLLECTIONS = 14;
const YOUNG_GAP_MS = 25;
/** A shrink gives back most of the young space; a young collection alone, well under this. */
const YOUNG_SHRUNK_MB = 1;

/**
 * The load leaves its old space with holes (records' temporary copies, outgrown arrays): after
 * the full collection 237 MB of pages held 188 MB of objects, for the bench's 50k handoffs. A
 * page goes back to the system only once empty, so the holes stay until objects are moved.
 * Each compacting collection moves a few megabytes out of the emptiest pages (V8's own choice
 * of pages, bounded, so the process never needs room for a second heap); they stop once one
 * gives back less than this, or after `MAX_COMPACTIONS`.
 */
const COMPACTED_ENOUGH_MB = 1;
const MAX_COMPACTIONS = 8;

/**
 * Start-up parses the whole data file and builds every index, and leaves
 * behind as much garbage again (each block of text, every outgrown table).
 * V8 collects it only when the heap grows again or after a long quiet
 * spell, so until then the process holds it: 430 MB where 360 MB are in use,
 * for the bench's 50k handoffs. Once loading is done and Baton has been idle
 * for a second, one full collection gives it back to the system; then, a
 * quiet quarter second before each, compacting collections close the holes
 * the load left; at the next quiet sample, young-generation collections in
 * a row until V8 gives back the young space the load grew (about ten). A
 * full collection pauses the process for 100-300 milliseconds, so none runs
 * while requests come in: a Baton busy from the start leaves it to V8.
 */
export function releaseLoadMemoryWhenIdle(
  loaded: Promise<unknown>,
  log: Logger,
  deps: {
    /** Runs one collection; for `compact` and `young`, says how many MB of heap it gave back. */
    collect?: (what: Collection) => number | undefined;
    busyShare?: () => number;
  } = {},
): LoadMemoryRelease {
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  const busyShare = deps.busyShare ?? sampler();
  let compactions = 0;
  let youngCollections = 0;
  let compactedMb = 0;
  void loaded.then(
    () => {
      if (cancelled) return;
      const collect = deps.collect ?? collector();
      if (!collect) return;
      const started = Date.now();
      let next: Collection | undefined = 'full';
      let quiet = 0;
      const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
      // The freed pages go back to the system in the background: RSS a second later says what it gave.
      const report = (message: string, before: number, more: Record<string, number> = {}) =>
        setTimeout(
          () => log.info({ rssBeforeMb: before, rssAfterMb: mb(), ...more }, message),
          1_000,
        ).unref();
      let compactBefore = 0;
      timer = setInterval(() => {
        if (!next || Date.now() - started >= GIVE_UP_MS) {
          clearInterval(timer);
          return;
        }
        quiet = busyShare() < QUIET_SHARE ? quiet + 1 : 0;
        const needed = next === 'full' ? QUIET_SAMPLES : 1;
        if (quiet < needed) return;
        quiet = 0;
        const before = mb();
        if (next === 'full') {
          collect('full');
          report('start-up loaded; its garbage collected while idle', before);
          next = 'compact';
          compactBefore = before;
        } else if (next === 'compact') {
          const given = collect('compact') ?? 0;
          compactions++;
          compactedMb += given;
          if (given < COMPACTED_ENOUGH_MB || compactions >= MAX_COMPACTIONS) {
            report('holes the start-up left in the heap closed while idle', compactBefore, {
              collections: compactions,
              heapGivenBackMb: Math.round(compactedMb),
            });
            next = 'young';
          }
        } else {
          // Under a millisecond each: run in a row rather than one a sample, so the young space
          // is back within a second of the compactions.
          clearInterval(timer);
          next = undefined;
          const young = () => {
            if (cancelled) return;
            const given = collect('young') ?? 0;
            youngCollections++;
            if (given >= YOUNG_SHRUNK_MB)
              report('young generation grown by the start-up given back while idle', before, {
                collections: youngCollections,
                heapGivenBackMb: Math.round(given),
              });
            else if (youngCollections < MAX_YOUNG_COLLECTIONS)
              timer = setTimeout(young, YOUNG_GAP_MS).unref();
          };
          young();
        }
        // The next sample starts after this collection: its own pause is not a request coming in.
        busyShare();
      }, SAMPLE_MS);
      timer.unref();
    },
    () => {},
  );
  return {
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

/** `--max-semi-space-size` as Node was started with it (flags or NODE_OPTIONS), else 0. */
function semiSpaceFlag(): number {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  let value = 0;
  for (const a of args) {
    const m = /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(a);
    if (m?.[1]) value = Number(m[1]);
  }
  return value;
}

/** The event loop's busy share since the last call. */
function sampler(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/**
 * V8's collections, which Node exposes only behind `--expose-gc`: the flag
 * is set for the moment a fresh context is made, which then has `gc`, and
 * set back so that no script sees a global `gc`. Undefined where that does
 * not work (a runtime without the flag): V8 then collects in its time.
 */
export function collector(): ((what: Collection) => number | undefined) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
    if (typeof gc !== 'function') return undefined;
    const run = gc as (options?: { type: 'minor' }) => void;
    // `gc()` with no options is the full, forced collection (with options, Node 20's V8 skips
    // garbage a forced one frees); `minor` is the young generation's.
    const heapMb = () => v8.getHeapStatistics().total_heap_size / 2 ** 20;
    return (what) => {
      if (what === 'full') return void run();
      const before = heapMb();
      if (what === 'young') run({ type: 'minor' });
      else {
        // V8's memory-saving mode, for this one collection, has it pick the pages to empty as its
        // memory reducer does after a long idle spell (a few MB moved each time).
        v8.setFlagsFromString('--optimize-for-size');
        try {
          run();
        } finally {
          // The mode also sets V8's --max-semi-space-size to 1 (an implied flag), and turning the
          // mode off does not undo that: it goes back to the command line's (0: V8 sizes it), so
          // nothing of the mode outlives the collection.
          v8.setFlagsFromString('--no-optimize-for-size');
          v8.setFlagsFromString(`--max-semi-space-size=${semiSpaceFlag()}`);
        }
      }
      return before - heapMb();
    };
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
