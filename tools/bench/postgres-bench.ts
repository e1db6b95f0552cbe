import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../../adapters/store/postgres/postgres-store.js';
import { randomIds, systemClock } from '../../src/clock.js';
import type { FollowUp } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import { tick } from '../../src/scheduler/tick.js';
import { benchDirectory, customer, customerId, handoff, handoffId } from './lowdb-bench-data.js';
import { goal, scaled } from './support.js';

// Even: the tick cycle seeds two per handoff.
const DUE = 2 * Math.round(scaled(10_000, 100) / 2);
const BATCH = 10;
const LEASE_MS = 10 * 60_000;

/**
 * Claim throughput on PostgreSQL with one and with three store instances on
 * one schema (as three replicas would be), 10,000 due follow-ups, batches of
 * 10; and the whole reminder cycle through the scheduler's tick. Every run counts duplicates and misses: both must
 * be zero.
 */
export async function benchPostgres(opts: {
  url: string;
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const admin = new pg.Pool({ connectionString: opts.url, max: 1 });
  try {
    for (const replicas of [1, 3]) {
      const label = replicas === 1 ? '1_replica' : `${replicas}_replicas`;
      const claim = await run(opts.url, admin, replicas);
      out[`postgres_claim_rows_per_s_${label}`] = claim.rate;
      out[`postgres_claim_duplicates_${label}`] = claim.duplicates;
      out[`postgres_claim_missed_${label}`] = claim.missed;
      opts.log(
        `postgres claim, ${replicas} replica(s), batches of ${BATCH}: ${Math.round(claim.rate)} rows/s, ` +
          `${claim.duplicates} duplicates, ${claim.missed} missed (${DUE} due)`,
      );
      const cycle = await tickCycle(opts.url, admin, replicas);
      out[`postgres_reminder_cycle_per_s_${label}`] = cycle.rate;
      out[`postgres_reminder_cycle_duplicates_${label}`] = cycle.duplicates;
      out[`postgres_reminder_cycle_missed_${label}`] = cycle.missed;
      opts.log(
        `postgres reminder cycle through the scheduler's tick (claim, check, queue the DM, commit), ` +
          `${replicas} replica(s), ${DUE} due for ${DUE / 2} accepted handoffs, ticks of ${TICK_LIMIT}: ` +
          `${Math.round(cycle.rate)} reminders/s, ${cycle.messages} DMs queued, ${cycle.duplicates} claimed twice, ` +
          `${cycle.missed} still pending`,
      );
      goal(
        opts.log,
        `postgres reminders not sent exactly once through the tick, ${DUE} due, ${replicas} replica(s)`,
        cycle.duplicates + cycle.missed,
        '<',
        1,
      );
    }
  } finally {
    await admin.end();
  }
  return out;
}

interface RunResult {
  rate: number;
  duplicates: number;
  missed: number;
}

async function run(url: string, admin: pg.Pool, replicas: number): Promise<RunResult> {
  const schema = `baton_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const stores: PostgresStore[] = [];
  try {
    // The first open migrates; the others find the schema ready.
    stores.push(await openPostgresStore({ url, schema, poolSize: 2 }));
    for (let i = 1; i < replicas; i++) stores.push(await openPostgresStore({ url, schema, poolSize: 2 }));
    const first = stores[0];
    if (!first) throw new Error('no store opened');
    const now = new Date('2031-06-01T09:00:00.000Z');
    const ids = await seed(first, now);

    const started = performance.now();
    const claimed = await Promise.all(stores.map((s, i) => drain(s, `replica-${i}`, now)));
    const seconds = (performance.now() - started) / 1000;

    const all = claimed.flat();
    const unique = new Set(all);
    return {
      rate: all.length / seconds,
      duplicates: all.length - unique.size,
      missed: ids.filter((id) => !unique.has(id)).length,
    };
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

const TICK_LIMIT = 100;

/**
 * The reminder cycle as Baton runs it: every replica's scheduler calls `tick` (claim due
 * follow-ups, check each against its handoff, queue one DM per person, commit) until nothing is
 * due. Seeded with DUE / 2 accepted handoffs owed a first contact, two due nudges each.
 */
async function tickCycle(url: string, admin: pg.Pool, replicas: number) {
  const schema = `baton_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const stores: PostgresStore[] = [];
  try {
    stores.push(await openPostgresStore({ url, schema, poolSize: 2 }));
    for (let i = 1; i < replicas; i++) stores.push(await openPostgresStore({ url, schema, poolSize: 2 }));
    const first = stores[0];
    if (!first) throw new Error('no store opened');
    const now = new Date();
    for (let start = 0; start < DUE / 2; start += 500) {
      const ids = Array.from({ length: Math.min(500, DUE / 2 - start) }, (_, k) => start + k);
      const r = await first.commit({
        customers: ids.map((i) => ({ value: customer(i), expectedVersion: null })),
        handoffs: ids.map((i) => ({
          value: { ...handoff(i), state: 'accepted' as const, owner: `owner${i % 40}` },
          expectedVersion: null,
        })),
        followUps: ids.flatMap((i) =>
          ['50%', '100%'].map((step, k) => ({
            id: `${handoffId(i)}:r1:firstContact:${step}`,
            customerId: customerId(i),
            handoffId: handoffId(i),
            window: 'firstContact' as const,
            kind: 'nudge' as const,
            step,
            recipient: { kind: 'person' as const, person: `owner${i % 40}` },
            windowStart: new Date(now.getTime() - 86_400_000).toISOString(),
            deadline: new Date(now.getTime() + 86_400_000).toISOString(),
            dueAt: new Date(now.getTime() - 60_000 - i * 2 - k).toISOString(),
            status: 'pending' as const,
          })),
        ),
      });
      if (!r.ok) throw new Error(`seeding failed: ${JSON.stringify(r)}`);
    }
    const dir = benchDirectory();
    const claimed: number[] = [];
    let messages = 0;
    const started = performance.now();
    await Promise.all(
      stores.map(async (store, i) => {
        const deps = {
          store,
          dir,
          clock: systemClock,
          ids: randomIds,
          log: silentLogger,
          platforms: ['slack' as const],
          replica: `replica-${i}`,
        };
        for (;;) {
          const r = await tick(deps, { limit: TICK_LIMIT, leaseMs: LEASE_MS });
          if (r.claimed === 0) return;
          claimed.push(r.claimed);
          messages += r.messages;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = await first.stats();
    const total = claimed.reduce((a, b) => a + b, 0);
    return { rate: total / seconds, duplicates: total - DUE, missed: stats.pendingFollowUps, messages };
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

async function seed(store: PostgresStore, now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < DUE; start += 1000) {
    const followUps: FollowUp[] = [];
    for (let i = start; i < Math.min(DUE, start + 1000); i++) {
      const id = `hof_bench${Math.floor(i / 3)}:r1:accept:${i % 3}`;
      ids.push(id);
      followUps.push({
        id,
        customerId: `cus_bench${i % 500}`,
        handoffId: `hof_bench${Math.floor(i / 3)}`,
        window: 'accept',
        kind: 'nudge',
        step: `${i % 3}`,
        recipient: { kind: 'person', person: `person${i % 50}` },
        windowStart: new Date(now.getTime() - 3_600_000).toISOString(),
        deadline: now.toISOString(),
        dueAt: new Date(now.getTime() - i).toISOString(),
        status: 'pending',
      });
    }
    const result = await store.commit({ followUps });
    if (!result.ok) throw new Error(`seeding failed: ${JSON.stringify(result)}`);
  }
  return ids;
}

/** One replica's claims: a batch at a time until nothing is due (the claim alone, no tick). */
async function drain(store: PostgresStore, owner: string, now: Date): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const batch = await store.claimDueFollowUps(now, { limit: BATCH, leaseMs: LEASE_MS, owner });
    if (batch.length === 0) return got;
    for (const f of batch) got.push(f.id);
  }
}
