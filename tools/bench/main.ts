import { DEFAULT_DATABASE_URL } from '../../test/system/replicas/cluster.js';
import { clearDataCache } from './baton-cli.js';
import { benchBurst } from './burst-bench.js';
import { benchBackfill, benchDashboard } from './dashboard-bench.js';
import { benchLowdb } from './lowdb-bench.js';
import { benchReplicas } from './replicas-bench.js';
import { benchScheduler } from './scheduler-bench.js';
import { benchSlack } from './slack-bench.js';
import { benchStartup } from './startup-bench.js';
import { fmt, goals, scaled } from './support.js';
import { benchTeams } from './teams-bench.js';
import { benchWebhooks } from './webhooks-bench.js';

const HELP = `npm run bench [-- --help]

Every figure the spec and issue 17 set a goal for, each printed with its workload (data size,
rate, concurrency, rounds), ratios against a yardstick measured in the same run, and each goal
as met / NOT MET; a summary of the goals at the end, then all figures as JSON.
Baton runs as \`baton start\` (dist-tools/app/cli/main.js) in its own process, against loopback
fakes of Slack and the Bot Framework connector; yardsticks (bare Bolt, a Bolt echo app, a
botbuilder echo bot) run in their own processes on the same fakes.

Benches (in this order):
  startup   baton start to /readyz 200 with Slack + Teams on fakes, RSS (50k + 500k history)
  slack     ack p99 at 200/s with every answer delivered; answers/s vs echo app; acks/s vs bare Bolt
  teams     turns/s vs a botbuilder echo bot, same data, 40 askers' 1:1 chats in 20 tenants
  webhooks  events accepted/s; processed into handoffs with cards queued, /s (50k handoffs)
  burst     10,000 purchase.completed into 20 channels while 200 commands/s arrive: processing
            rate, how late a reminder due mid-burst leaves, ack p99 and failed commands
  dashboard overview, gaps, teams, handoffs and audit pages: p95 of a signed-in lead's GETs,
            on the data file and on PostgreSQL (50k handoffs with their facts + 500k history)
  rollup    the journey rollup built in the background for data from before it: time and the
            longest event-loop delay (50k handoffs + 500k history, no facts)
  lowdb     the data file: build, open, single changes, snapshot, claims (50k + 500k history)
  scheduler tick with 100k open handoffs and 1,000 due
  replicas  PostgreSQL: 10,000 reminders through 1 and 3 replicas, exactly once; claims

Environment:
  BENCH_ONLY=slack,teams   run a subset (names above)
  BENCH_SCALE=0.1          scale data sizes and request counts (default 1; 0.01 for a smoke run)
  BENCH_ROUNDS=3           rounds for the medians (default 3)
  BATON_TEST_DATABASE_URL  PostgreSQL for replicas and dashboard (default ${DEFAULT_DATABASE_URL})
  BENCH_BATON_PROF=<dir>   a CPU profile and a log of long event-loop turns of each baton start;
                           node dist-tools/tools/bench/stalls.js <dir> shows what ran in them
  BENCH_BATON_NODE_ARGS    more node flags for each baton start
  BENCH_SETTLE_MS=8000     how long a baton start must be all but idle before a bench measures it

Absolute figures depend on the machine; ratios are measured side by side in one run.
Every phase is time-bounded (closed-loop rounds 15 s, answers awaited 30 s, processing windows
60 s), so a slow Baton lengthens a run only so far: on 2 shared cores a full run takes about
12 minutes once Baton meets its goals, and about 30 minutes at the code measured 2026-12-06.
BENCH_SCALE=0.05 BENCH_ROUNDS=1 gives a look in a few minutes.`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const want = (name: string) => only.length === 0 || only.includes(name);
const log = (line: string) => process.stdout.write(`${line}\n`);
const databaseUrl = process.env.BATON_TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;

async function main(): Promise<void> {
  const started = Date.now();
  log(
    `Baton bench on Node ${process.version}, ${new Date().toISOString()}, ` +
      `BENCH_SCALE=${process.env.BENCH_SCALE ?? '1'} BENCH_ROUNDS=${process.env.BENCH_ROUNDS ?? '3'}\n`,
  );
  const results: Record<string, Record<string, number>> = {};
  const run = async (name: string, fn: () => Promise<Record<string, number>>) => {
    if (!want(name)) return;
    log(`== ${name}`);
    const t0 = Date.now();
    try {
      results[name] = await fn();
    } catch (err) {
      log(`${name}: failed (${err instanceof Error ? err.message : String(err)})`);
      process.exitCode = 1;
    }
    log(`(${name}: ${Math.round((Date.now() - t0) / 1000)} s)\n`);
  };
  await run('startup', () => benchStartup({ log }));
  await run('slack', () => benchSlack({ log }));
  await run('teams', () => benchTeams({ log }));
  await run('webhooks', () => benchWebhooks({ log }));
  await run('burst', () => benchBurst({ log }));
  await run('dashboard', () => benchDashboard({ log, databaseUrl }));
  await run('rollup', () => benchBackfill({ log }));
  await run('lowdb', () =>
    benchLowdb({ handoffs: scaled(50_000, 300), history: scaled(500_000, 3000), log }),
  );
  await run('scheduler', () => benchScheduler({ open: scaled(100_000, 1000), log }));
  await run('replicas', () => benchReplicas({ url: databaseUrl, log }));
  await clearDataCache();
  log(`Goals (${goals.filter((g) => g.met).length} of ${goals.length} met):`);
  for (const g of goals)
    log(`  ${g.met ? 'met    ' : 'NOT MET'} ${g.name}: ${fmt(g.value)} (goal ${g.op} ${fmt(g.target)})`);
  log(`\nWhole run: ${Math.round((Date.now() - started) / 1000)} s. All figures:`);
  log(JSON.stringify(results, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
