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

/** What is collected: all of the heap, or its young generation only (milliseconds). */
export type Collection = 'full' | 'young';

/**
 * V8 sizes its young generation by recent allocation and shrinks it only in a collection made
 * after about five seconds of little allocation: after the load it kept 32 MB of young space,
 * 0.3 MB of it used, until the next such collection, which an idle Baton may never make.
 */
const YOUNG_AFTER_MS = 6_000;

/**
 * Start-up parses the whole data file and builds every index, and leaves
 * behind as much garbage again (each block of text, every outgrown table).
 * V8 collects it only when the heap grows again or after a long quiet
 * spell, so until then the process holds it: 430 MB where 360 MB are in use,
 * for the bench's 50k handoffs. Once loading is done and Baton has been idle
 * for a second, one full collection gives it back to the system; after six
 * more quiet seconds, a young-generation collection (a few milliseconds) lets
 * V8 give back the young space the load grew. The full one pauses the
 * process for a few hundred milliseconds, so neither runs while requests
 * come in: a Baton busy from the start leaves it to V8.
 */
export function releaseLoadMemoryWhenIdle(
  loaded: Promise<unknown>,
  log: Logger,
  deps: { collect?: (what: Collection) => void; busyShare?: () => number; youngAfterMs?: number } = {},
): LoadMemoryRelease {
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  const busyShare = deps.busyShare ?? sampler();
  const steps: Array<{ what: Collection; quietSamples: number; message: string }> = [
    {
      what: 'full',
      quietSamples: QUIET_SAMPLES,
      message: 'start-up loaded; its garbage collected while idle',
    },
    {
      what: 'young',
      quietSamples: Math.ceil((deps.youngAfterMs ?? YOUNG_AFTER_MS) / SAMPLE_MS),
      message: 'young generation grown by the start-up given back while idle',
    },
  ];
  void loaded.then(
    () => {
      if (cancelled) return;
      const collect = deps.collect ?? collector();
      if (!collect) return;
      const started = Date.now();
      let quiet = 0;
      timer = setInterval(() => {
        const step = steps[0];
        if (!step || Date.now() - started >= GIVE_UP_MS) {
          clearInterval(timer);
          return;
        }
        quiet = busyShare() < QUIET_SHARE ? quiet + 1 : 0;
        if (quiet < step.quietSamples) return;
        steps.shift();
        quiet = 0;
        const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
        const before = mb();
        collect(step.what);
        // The freed pages go back to the system in the background: RSS a second later says what it gave.
        setTimeout(() => log.info({ rssBeforeMb: before, rssAfterMb: mb() }, step.message), 1_000).unref();
      }, SAMPLE_MS);
      timer.unref();
    },
    () => {},
  );
  return {
    cancel() {
      cancelled = true;
      if (timer) clearInterval(timer);
    },
  };
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
function collector(): ((what: Collection) => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
    if (typeof gc !== 'function') return undefined;
    const run = gc as (options?: { type: 'minor' }) => void;
    // `gc()` with no options is the full, forced collection (with options, Node 20's V8 skips
    // garbage a forced one frees); `minor` is the young generation's.
    return (what) => (what === 'full' ? run() : run({ type: 'minor' }));
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
