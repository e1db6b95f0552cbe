import { DEFAULT_DATABASE_URL } from '../../test/system/replicas/cluster.js';
import { benchLowdb } from './lowdb-bench.js';
import { benchReplicas } from './replicas-bench.js';
import { benchScheduler } from './scheduler-bench.js';
import { benchSlack } from './slack-bench.js';
import { benchTeams } from './teams-bench.js';
import { benchWebhooks } from './webhooks-bench.js';

/**
 * `npm run bench`: every figure the spec sets a goal for, printed as it is
 * measured. BENCH_ONLY=lowdb,scheduler runs a subset (lowdb, scheduler,
 * slack, teams, webhooks, replicas); BENCH_SCALE=0.1 a smaller
 * data set for a quick look.
 */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const scale = Number(process.env.BENCH_SCALE ?? '1');
const want = (name: string) => only.length === 0 || only.includes(name);
const log = (line: string) => process.stdout.write(`${line}\n`);
const databaseUrl = process.env.BATON_TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;

async function main(): Promise<void> {
  log(`Baton bench on Node ${process.version}, ${new Date().toISOString()}\n`);
  const results: Record<string, Record<string, number>> = {};
  const run = async (name: string, fn: () => Promise<Record<string, number>>) => {
    if (!want(name)) return;
    log(`== ${name}`);
    try {
      results[name] = await fn();
    } catch (err) {
      log(`${name}: failed (${err instanceof Error ? err.message : String(err)})`);
      process.exitCode = 1;
    }
    log('');
  };
  await run('lowdb', () =>
    benchLowdb({ handoffs: Math.round(50_000 * scale), history: Math.round(500_000 * scale), log }),
  );
  await run('scheduler', () => benchScheduler({ open: Math.round(100_000 * scale), log }));
  await run('slack', () => benchSlack({ log, handoffs: Math.round(50_000 * scale) }));
  await run('teams', () => benchTeams({ log }));
  await run('webhooks', () => benchWebhooks({ log }));
  // Claims (one and three store instances) and end-to-end delivery with one and three replicas.
  await run('replicas', () => benchReplicas({ url: databaseUrl, log }));
  log('All figures:');
  log(JSON.stringify(results, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
