// Runs in its own process, so that start-up time and memory are those of a
// fresh Baton opening the data file, not of the process that built it.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { BENCH_NOW, customerId, handoffId } from './lowdb-bench-data.js';
import { quantile } from './support.js';

const [file, handoffsArg] = process.argv.slice(2);
if (!file || !handoffsArg) throw new Error('usage: lowdb-bench-child <data file> <handoffs>');
const handoffs = Number(handoffsArg);
const gc = (globalThis as { gc?: () => void }).gc;
const out: Record<string, number> = {};

const t0 = performance.now();
const store = await openLowdbStore({ file });
out.startup_ms = performance.now() - t0;
// What Baton builds once it answers (in slices there): memory below includes it.
const t1 = performance.now();
await store.warmUp?.();
out.warm_up_ms = performance.now() - t1;
out.rss_peak_mb = process.resourceUsage().maxRSS / 1024;
gc?.();
// V8 hands freed pages back to the system from a background thread: measure once it has.
await new Promise((resolve) => setTimeout(resolve, 1000));
out.rss_mb = process.memoryUsage().rss / 2 ** 20;
out.heap_used_mb = process.memoryUsage().heapUsed / 2 ** 20;

let n = 0;
/** One handoff update and its audit entry: what an Accept button commits. */
async function oneChange(): Promise<number> {
  const i = (n++ * 7919) % handoffs;
  const h = await store.getHandoff(handoffId(i));
  if (!h) throw new Error(`bench data is missing ${handoffId(i)}`);
  const at = new Date().toISOString();
  const started = performance.now();
  const result = await store.commit({
    handoffs: [
      {
        value: { ...h, note: `bench ${n}`, updatedAt: at, version: h.version + 1 },
        expectedVersion: h.version,
      },
    ],
    audit: [
      {
        id: `aud_run_${n}`,
        at,
        actor: 'owner1',
        action: 'handoff.noted',
        subject: { type: 'handoff', id: h.id },
        customerId: customerId(i),
      },
    ],
  });
  if (!result.ok) throw new Error(`bench commit refused: ${JSON.stringify(result)}`);
  return performance.now() - started;
}

// Single changes, one after another.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const times: number[] = [];
for (let k = 0; k < 2000; k++) times.push(await oneChange());
loop.disable();
times.sort((a, b) => a - b);
out.commit_p50_ms = quantile(times, 0.5);
out.commit_p99_ms = quantile(times, 0.99);
out.commit_max_ms = quantile(times, 1);
out.stall_max_ms_commits = loop.max / 1e6;

// The same while a snapshot of the whole hot set is written.
const during = monitorEventLoopDelay({ resolution: 5 });
during.enable();
const duringTimes: number[] = [];
const compactStart = performance.now();
let compacting = true;
const compaction = store.compact().then(() => {
  compacting = false;
  out.compaction_ms = performance.now() - compactStart;
});
while (compacting) duringTimes.push(await oneChange());
await compaction;
during.disable();
duringTimes.sort((a, b) => a - b);
out.commits_during_compaction = duringTimes.length;
out.commit_p99_ms_during_compaction = quantile(duringTimes, 0.99);
out.stall_max_ms_compaction = during.max / 1e6;

// Scheduler: 1% of the follow-ups are due.
const claimStart = performance.now();
const due = await store.claimDueFollowUps(BENCH_NOW, { limit: 1000, leaseMs: 60_000, owner: 'bench' });
out.claim_due_ms = performance.now() - claimStart;
out.claim_due_count = due.length;
const tickStart = performance.now();
await store.claimDueFollowUps(new Date(BENCH_NOW.getTime() + 1000), {
  limit: 100,
  leaseMs: 60_000,
  owner: 'bench',
});
out.claim_tick_nothing_due_ms = performance.now() - tickStart;

const stats = await store.stats();
out.pending_follow_ups = stats.pendingFollowUps;
const closeStart = performance.now();
await store.close();
out.close_ms = performance.now() - closeStart;
process.stdout.write(`${JSON.stringify(out)}\n`);
