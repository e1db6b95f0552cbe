/**
 * What ran in the event loop's long turns: pairs each `--cpu-prof` profile in a
 * BENCH_BATON_PROF folder with the stall log its process wrote (stall-probe.ts) and prints,
 * for the turns held back the longest on the process's own CPU, the functions that ran in
 * them (inclusive samples) and the GC pauses among them; then the same summed over all of
 * them, to rank causes.
 *
 *   node dist-tools/tools/bench/stalls.js <dir> [minMs=40] [fromS] [toS]
 *
 * fromS/toS: a window in seconds from the stall log's first entry (the burst, not start-up).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StallLog } from './stall-probe.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Frames every turn has (the loop's own plumbing): left out of the ranking. */
const PLUMBING =
  /^\((root|program|idle)\)|^\(anon\) :0|processTicksAndRejections|runMicrotasks|processImmediate|listOnTimeout|runNextTicks|^pass |^next /;

function report(profile: Profile, log: StallLog, minMs: number, fromS: number, toS: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number) => {
    const f = byId.get(id)?.callFrame;
    return f
      ? `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`
      : '?';
  };
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => {
    t += d;
    return t;
  });
  const t0 = log.lags[0]?.end ?? profile.startTime;
  const inWindow = log.lags.filter((l) => l.end >= t0 + fromS * 1e6 && l.end <= t0 + toS * 1e6);
  const own = inWindow.filter((l) => l.ms >= minMs && l.cpu >= 0.6 * l.ms);
  const starved = inWindow.filter((l) => l.ms >= minMs && l.cpu < 0.6 * l.ms).length;
  const edges = [20, 40, 60, 100, 200, 400, Number.POSITIVE_INFINITY];
  const histogram = edges
    .slice(0, -1)
    .map(
      (e, i) =>
        `${e}-${edges[i + 1]} ms: ${inWindow.filter((l) => l.ms >= e && l.ms < (edges[i + 1] ?? e)).length}`,
    );
  console.log(`turns held back over 20 ms: ${inWindow.length} (${histogram.join(', ')})`);
  console.log(`over ${minMs} ms: ${own.length} on Baton's own CPU, ${starved} waiting for a core`);
  const total = new Map<string, number>();
  for (const l of [...own].sort((a, b) => b.ms - a.ms)) {
    const from = l.end - l.ms * 1000 - 2000;
    const counts = new Map<string, number>();
    let samples = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const at = times[i] ?? 0;
      if (at < from || at > l.end) continue;
      samples++;
      const seen = new Set<string>();
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const k = name(id);
        if (seen.has(k) || PLUMBING.test(k)) continue;
        seen.add(k);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    for (const [k, n] of counts) total.set(k, (total.get(k) ?? 0) + n);
    const gcs = log.gcs.filter((g) => g.start + g.ms * 1000 >= from && g.start <= l.end);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(
      `\n@ ${((l.end - t0) / 1e6).toFixed(2)} s: ${l.ms.toFixed(0)} ms late, ${l.cpu.toFixed(0)} ms CPU, ` +
        `${samples} samples; GC ${gcs.map((g) => `${g.ms.toFixed(0)} ms (kind ${g.kind})`).join(', ') || 'none'}`,
    );
    for (const [k, n] of top) console.log(`  ${String(n).padStart(5)} ${k}`);
  }
  console.log('\nsummed over those turns (samples, inclusive):');
  for (const [k, n] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${String(n).padStart(6)} ${k}`);
}

const [dir, min, from, to] = process.argv.slice(2);
if (!dir) {
  console.error('usage: stalls.js <BENCH_BATON_PROF dir> [minMs=40] [fromS] [toS]');
  process.exit(2);
}
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  // --cpu-prof names its file CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile.
  const pid = file.split('.')[3];
  const logFile = path.join(dir, `stalls-${pid}.json`);
  let log: StallLog;
  try {
    log = JSON.parse(readFileSync(logFile, 'utf8')) as StallLog;
  } catch {
    console.log(`${file}: no stall log (${logFile})`);
    continue;
  }
  console.log(`== ${file}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  report(profile, log, Number(min ?? 40), Number(from ?? 0), Number(to ?? Number.POSITIVE_INFINITY));
}
