import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../../adapters/store/postgres/postgres-store.js';
import type { AuditEntry, Delivery, FollowUp } from '../../src/domain/types.js';

const DUE = 10_000;
const BATCH = 10;
const LEASE_MS = 10 * 60_000;

/**
 * Claim throughput on PostgreSQL with one and with three store instances on
 * one schema (as three replicas would be), 10,000 due follow-ups, batches of
 * 10; and the whole reminder cycle in the store (claim, mark sent, enqueue one
 * delivery per reminder). Every run counts duplicates and misses: both must
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
      const claim = await run(opts.url, admin, replicas, false);
      out[`postgres_claim_rows_per_s_${label}`] = claim.rate;
      out[`postgres_claim_duplicates_${label}`] = claim.duplicates;
      out[`postgres_claim_missed_${label}`] = claim.missed;
      opts.log(
        `postgres claim, ${replicas} replica(s), batches of ${BATCH}: ${Math.round(claim.rate)} rows/s, ` +
          `${claim.duplicates} duplicates, ${claim.missed} missed (${DUE} due)`,
      );
      const cycle = await run(opts.url, admin, replicas, true);
      out[`postgres_reminder_cycle_per_s_${label}`] = cycle.rate;
      out[`postgres_reminder_cycle_duplicates_${label}`] = cycle.duplicates + cycle.extraDeliveries;
      opts.log(
        `postgres reminder cycle (claim + commit sent + enqueue delivery), ${replicas} replica(s): ` +
          `${Math.round(cycle.rate)} reminders/s, ${cycle.duplicates} duplicate claims, ` +
          `${cycle.extraDeliveries} extra deliveries, ${cycle.missed} missed`,
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
  /** Deliveries beyond one per reminder (the delivery key must prevent them). */
  extraDeliveries: number;
}

async function run(url: string, admin: pg.Pool, replicas: number, commitEach: boolean): Promise<RunResult> {
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
    const claimed = await Promise.all(stores.map((s, i) => drain(s, `replica-${i}`, now, commitEach)));
    const seconds = (performance.now() - started) / 1000;

    const all = claimed.flat();
    const unique = new Set(all);
    let extraDeliveries = 0;
    if (commitEach) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${schema}.deliveries`,
      );
      extraDeliveries = Math.max(0, (rows[0]?.n ?? 0) - ids.length);
    }
    return {
      rate: all.length / seconds,
      duplicates: all.length - unique.size,
      missed: ids.filter((id) => !unique.has(id)).length,
      extraDeliveries,
    };
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

/** One replica's scheduler: claim a batch, (optionally) record it as sent with its delivery, repeat. */
async function drain(store: PostgresStore, owner: string, now: Date, commitEach: boolean): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const batch = await store.claimDueFollowUps(now, { limit: BATCH, leaseMs: LEASE_MS, owner });
    if (batch.length === 0) return got;
    for (const f of batch) got.push(f.id);
    if (!commitEach) continue;
    const at = now.toISOString();
    const deliveries: Delivery[] = batch.map((f) => ({
      id: `dlv_${randomUUID()}`,
      key: `reminder:${f.id}`,
      platform: 'slack',
      target: f.recipient.kind === 'person' ? { kind: 'person', person: f.recipient.person } : f.recipient,
      message: { type: 'reminder', followUps: [f] },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
    }));
    const audit: AuditEntry[] = batch.map((f) => ({
      id: `aud_${randomUUID()}`,
      at,
      actor: 'system',
      action: 'followup.sent',
      subject: { type: 'followup', id: f.id },
      customerId: f.customerId,
    }));
    const result = await store.commit({
      followUps: batch.map((f) => ({ ...f, status: 'sent', sentAt: at })),
      deliveries,
      audit,
    });
    if (!result.ok) throw new Error(`commit failed: ${JSON.stringify(result)}`);
  }
}
