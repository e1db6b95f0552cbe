/**
 * Loaded into a benched `baton start` (`--import`) when BENCH_BATON_PROF is set: logs each
 * turn of the event loop that held a 2 ms timer back by over 20 ms (what an acknowledgement
 * waits out), with the process's CPU time over it (far less than the lag: the process waited
 * for a core, not for its own work), and each GC pause over 5 ms. Times are in the CPU
 * profile's clock (monotonic microseconds), so `stalls.ts` can show what ran in each one.
 * Written to $BENCH_STALLS_OUT/stalls-<pid>.json when the process exits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';

export interface StallLog {
  /** end: when the late timer ran (µs); ms: how late; cpu: the process's CPU ms over that time. */
  lags: Array<{ end: number; ms: number; cpu: number }>;
  /** start (µs), pause ms, V8's GC kind (1 minor, 4 major, 8 incremental marking). */
  gcs: Array<{ start: number; ms: number; kind: number | undefined }>;
}

const dir = process.env.BENCH_STALLS_OUT;
if (dir) {
  const log: StallLog = { lags: [], gcs: [] };
  const micros = () => Number(process.hrtime.bigint() / 1000n);
  const offset = micros() - performance.now() * 1000;
  const STEP_MS = 2;
  let expected = performance.now() + STEP_MS;
  let cpu = process.cpuUsage();
  const tick = () => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const lag = now - expected;
    if (lag > 20) log.lags.push({ end: micros(), ms: lag, cpu: (used.user + used.system) / 1000 });
    expected = now + STEP_MS;
    setTimeout(tick, STEP_MS).unref();
  };
  setTimeout(tick, STEP_MS).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (e.duration > 5)
        log.gcs.push({ start: Math.round(offset + e.startTime * 1000), ms: e.duration, kind });
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    // Node makes --cpu-prof-dir only when it writes the profile, after this handler.
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `stalls-${process.pid}.json`), JSON.stringify(log));
  });
}
