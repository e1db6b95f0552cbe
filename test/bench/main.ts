import { benchLowdb } from './lowdb-bench.js';
import { benchPostgres } from './postgres-bench.js';
import { benchScheduler } from './scheduler-bench.js';

/**
 * `npm run bench`: every figure the spec sets a goal for, printed as it is
 * measured. BENCH_ONLY=lowdb,scheduler runs a subset; BENCH_SCALE=0.1 a
 * smaller data set for a quick look.
 */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const scale = Number(process.env.BENCH_SCALE ?? '1');
const want = (name: string) => only.length === 0 || only.includes(name);
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  log(`Baton bench on Node ${process.version}, ${new Date().toISOString()}`);
  const results: Record<string, Record<string, number>> = {};
  if (want('lowdb')) {
    results.lowdb = await benchLowdb({
      handoffs: Math.round(50_000 * scale),
      history: Math.round(500_000 * scale),
      log,
    });
  }
  if (want('scheduler')) results.scheduler = await benchScheduler({ open: Math.round(100_000 * scale), log });
  if (want('postgres')) {
    const url = process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    results.postgres = await benchPostgres({ url, log }).catch((err: unknown) => {
      log(`postgres: skipped (${err instanceof Error ? err.message : String(err)})`);
      return {};
    });
  }
  log('\nAll figures:');
  log(JSON.stringify(results, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
