import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { benchSetup, startBatonCli } from './baton-cli.js';
import { goal, median, metric, quantile, rounds, runWhenMain, scaled, waitFor } from './support.js';

/** Who reads the pages: the example config's admin (reads every team, as a CX lead would). */
const READER = 'dana';
const PAGES = [
  { name: 'overview', path: '/dashboard' },
  { name: 'gaps', path: '/dashboard/gaps' },
  { name: 'teams', path: '/dashboard/teams' },
  { name: 'handoffs', path: '/dashboard/handoffs' },
  { name: 'audit', path: '/dashboard/audit' },
];

/**
 * A one-time sign-in link written into the store before Baton starts, the way
 * `/cx dashboard` stores one (only its hash), so the bench signs in through
 * the real route without a chat platform.
 */
async function plantLink(dataFile: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const store = await openLowdbStore({ file: dataFile });
  const key = createHash('sha256').update(token).digest('base64url');
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
  const r = await store.commit({
    kvInsert: [{ ns: 'dashboard-link', key, value: { person: READER, expiresAt } }],
  });
  await store.close();
  if (!r.ok) throw new Error(`could not plant the sign-in link: ${JSON.stringify(r)}`);
  return token;
}

async function signIn(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/dashboard/login?token=${token}`, { redirect: 'manual' });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !cookie) throw new Error(`sign-in answered ${res.status}, no session cookie`);
  return cookie;
}

/** Sequential GETs of one page as one signed-in reader: latencies in ms, and non-200 answers. */
async function timePage(url: string, cookie: string, path: string, n: number) {
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { cookie } });
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
    if (res.status !== 200) failed++;
  }
  return { ms: ms.sort((a, b) => a - b), failed };
}

/**
 * Dashboard pages on the embedded store and on PostgreSQL with 50k handoffs
 * (each with its journey fact, all in the period the overview shows) and
 * 500k history rows: sequential requests of one signed-in lead, p95 of each.
 */
export async function benchDashboard(opts: {
  log: (line: string) => void;
  databaseUrl?: string;
}): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const handoffs = scaled(50_000, 300);
  const history = scaled(500_000, 3000);
  const n = scaled(100, 20);
  const stores: Array<{ name: string; env: (dataFile: string) => Promise<Record<string, string>> }> = [
    { name: 'lowdb', env: async () => ({}) },
  ];
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    stores.push({
      name: 'postgres',
      env: async (dataFile) => {
        const { migrateData } = await import('../../adapters/store/postgres/migrate-data.js');
        const schema = `bench_dash_${process.pid}`;
        await migrateData({ from: dataFile, to: url, schema, log: () => {} });
        return { DATABASE_URL: url, BATON_DB_SCHEMA: schema };
      },
    });
  }
  for (const s of stores) {
    const setup = await benchSetup({ handoffs, history });
    try {
      const token = await plantLink(setup.dataFile);
      const env = await s.env(setup.dataFile);
      const baton = await startBatonCli(setup, { env });
      try {
        const cookie = await signIn(baton.url, token);
        for (const p of PAGES) {
          await timePage(baton.url, cookie, p.path, 5);
          const p95s: number[] = [];
          const p50s: number[] = [];
          let failed = 0;
          for (let r = 0; r < rounds(); r++) {
            const t = await timePage(baton.url, cookie, p.path, n);
            p95s.push(quantile(t.ms, 0.95));
            p50s.push(quantile(t.ms, 0.5));
            failed += t.failed;
          }
          const p95 = median(p95s);
          out[`dashboard_${p.name}_p95_ms_${s.name}`] = p95;
          out[`dashboard_${p.name}_p50_ms_${s.name}`] = median(p50s);
          opts.log(
            `dashboard ${p.name} (${p.path}) on ${s.name}, ${handoffs} handoffs with their journey facts + ` +
              `${history} history rows, one signed-in lead, ${n} sequential GETs x ${rounds()} rounds: ` +
              `p50 ${median(p50s).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ${failed} not 200`,
          );
          goal(
            opts.log,
            `dashboard ${p.name} p95 on ${s.name}, ms`,
            failed > 0 ? Number.POSITIVE_INFINITY : p95,
            '<',
            150,
          );
        }
      } finally {
        await baton.stop();
      }
    } finally {
      await setup.cleanup();
    }
  }
  return out;
}

/**
 * Building the rollup for data from before it existed: Baton starts on 50k
 * handoffs and 500k history rows with no journey facts and writes them in the
 * background (src/analytics/backfill.ts) while it serves. The event loop's
 * longest delay is read from /metrics (prom-client's monitorEventLoopDelay,
 * reset at each scrape) every 250 ms until the backfill says it is done.
 */
export async function benchBackfill(opts: { log: (line: string) => void }): Promise<Record<string, number>> {
  const handoffs = scaled(50_000, 300);
  const history = scaled(500_000, 3000);
  const setup = await benchSetup({ handoffs, history, facts: false });
  try {
    const baton = await startBatonCli(setup, { env: { LOG_LEVEL: 'info' } });
    try {
      // The first scrape holds the start itself (loading the data file before listening): not the rollup's.
      await metric(baton.url, 'baton_process_nodejs_eventloop_lag_max_seconds');
      const t0 = performance.now();
      let stall = 0;
      let samples = 0;
      const done = () => /journey facts backfilled/.test(baton.output());
      const finished = await waitFor(
        async () => {
          stall = Math.max(
            stall,
            (await metric(baton.url, 'baton_process_nodejs_eventloop_lag_max_seconds')) * 1000,
          );
          samples++;
          return done();
        },
        600_000,
        250,
      );
      if (!finished) throw new Error(`the backfill did not finish in 10 minutes:\n${baton.output()}`);
      const seconds = (performance.now() - t0) / 1000;
      opts.log(
        `journey rollup built for data from before it (${handoffs} open handoffs, ${history} history rows, ` +
          `no facts), in the background after start: ${seconds.toFixed(1)} s, longest event-loop delay ` +
          `${stall.toFixed(1)} ms (${samples} samples of /metrics)`,
      );
      goal(opts.log, 'event-loop stall while the journey rollup is built, ms', stall, '<', 50);
      return { journey_backfill_seconds: seconds, journey_backfill_max_stall_ms: stall };
    } finally {
      await baton.stop();
    }
  } finally {
    await setup.cleanup();
  }
}

runWhenMain(import.meta.url, 'dashboard', (log) =>
  benchDashboard({ log, databaseUrl: process.env.BATON_TEST_DATABASE_URL }),
);
