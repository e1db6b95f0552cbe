import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../../adapters/store/postgres/postgres-store.js';
import { mergeJourneyPatch } from '../../../src/analytics/fact.js';
import { startPatch } from './contract/journey-kv.js';

/**
 * The PostgreSQL store answers the dashboard's journey reads from a cache of
 * its own process. What another replica writes must still show up, also a
 * commit that lands after a later one was already read. These need a real
 * server (two connections, one transaction held open), so they are skipped
 * on PGlite unless BATON_REQUIRE_POSTGRES=1 says a server must be there.
 */
const URL = process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.BATON_REQUIRE_POSTGRES === '1';

async function serverAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if (REQUIRED)
      throw new Error(`BATON_REQUIRE_POSTGRES=1 but PostgreSQL at ${URL} does not answer: ${err}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const server = await serverAnswers();
const admin = new pg.Pool({ connectionString: URL, max: 3 });
const opened: PostgresStore[] = [];
const schemas: string[] = [];

afterAll(async () => {
  for (const s of opened) await s.close();
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
});

async function replicas(n: number): Promise<{ schema: string; stores: PostgresStore[] }> {
  const schema = `baton_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  schemas.push(schema);
  const stores: PostgresStore[] = [];
  for (let i = 0; i < n; i++) stores.push(await openPostgresStore({ url: URL, schema, poolSize: 3 }));
  opened.push(...stores);
  return { schema, stores };
}

const handoffIds = async (s: PostgresStore) => (await s.journeyFacts({})).map((f) => f.handoffId).sort();

describe.skipIf(!server)('postgres store: journey facts read through the per-process cache', () => {
  it("shows another replica's new and changed facts in this replica's reads", async () => {
    const {
      stores: [reader, writer],
    } = await replicas(2);
    if (!reader || !writer) throw new Error('stores did not open');
    const first = startPatch();
    await writer.commit({ journey: [first] });
    expect(await handoffIds(reader)).toEqual([first.handoffId]);

    const second = startPatch({ to: 'support', week: '2031-03-10' });
    await writer.commit({
      journey: [second, { handoffId: first.handoffId, set: first.set, add: { declines: 1, reassigns: 2 } }],
    });
    const facts = await reader.journeyFacts({});
    expect(facts.map((f) => f.handoffId).sort()).toEqual([first.handoffId, second.handoffId].sort());
    const changed = facts.find((f) => f.handoffId === first.handoffId);
    expect([changed?.declines, changed?.reassigns]).toEqual([1, 2]);
    // Filters still apply to what came from the cache.
    expect((await reader.journeyFacts({ teams: ['support'] })).map((f) => f.handoffId)).toEqual([
      second.handoffId,
    ]);
    expect((await reader.journeyFacts({ fromWeek: '2031-03-04' })).map((f) => f.handoffId)).toEqual([
      second.handoffId,
    ]);
  });

  it('picks up a commit that lands after a later transaction was already read', async () => {
    const {
      schema,
      stores: [reader, writer],
    } = await replicas(2);
    if (!reader || !writer) throw new Error('stores did not open');
    const early = startPatch();
    const late = startPatch();
    await reader.journeyFacts({});

    // A transaction takes its id first and commits last, as a slow replica's commit would.
    const slow = new pg.Client({ connectionString: URL });
    await slow.connect();
    try {
      await slow.query(`SET search_path TO ${schema}`);
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      await writer.commit({ journey: [late] });
      expect(await handoffIds(reader)).toEqual([late.handoffId]);

      const fact = mergeJourneyPatch(undefined, early);
      await slow.query(
        `INSERT INTO journey_facts (handoff_id, week, to_team, from_team, data) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [fact.handoffId, fact.week, fact.to, fact.from, JSON.stringify(fact)],
      );
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    expect(await handoffIds(reader)).toEqual([early.handoffId, late.handoffId].sort());

    // The control: the early row's seq is below the late one's, so a reader
    // that went on from the highest seq it had read would never see it.
    const { rows } = await admin.query<{ handoff_id: string; seq: string }>(
      `SELECT handoff_id, seq::text FROM ${schema}.journey_facts`,
    );
    const seq = new Map(rows.map((r) => [r.handoff_id, BigInt(r.seq)]));
    const lateSeq = seq.get(late.handoffId) ?? 0n;
    expect(seq.get(early.handoffId)).toBeLessThan(lateSeq);
    const naive = await admin.query(`SELECT handoff_id FROM ${schema}.journey_facts WHERE seq > $1`, [
      lateSeq.toString(),
    ]);
    expect(naive.rows).toEqual([]);
  });

  it('gives the same facts as a fresh read of the table after many small commits', async () => {
    const {
      schema,
      stores: [reader, writer],
    } = await replicas(2);
    if (!reader || !writer) throw new Error('stores did not open');
    const patches = Array.from({ length: 30 }, (_, i) =>
      startPatch({ to: i % 2 ? 'support' : 'delivery', week: i % 3 ? '2031-03-03' : '2031-03-10' }),
    );
    for (const [i, p] of patches.entries()) {
      await (i % 2 ? writer : reader).commit({ journey: [p] });
      if (i % 5 === 0) await reader.journeyFacts({});
      if (i % 4 === 0)
        await writer.commit({ journey: [{ handoffId: p.handoffId, set: p.set, add: { declines: i } }] });
    }
    const { rows } = await admin.query<{ data: { handoffId: string; declines: number } }>(
      `SELECT data FROM ${schema}.journey_facts`,
    );
    const table = new Map(rows.map((r) => [r.data.handoffId, r.data.declines]));
    const cached = new Map((await reader.journeyFacts({})).map((f) => [f.handoffId, f.declines]));
    expect(cached).toEqual(table);
    expect(cached.size).toBe(30);
    expect([...cached.values()].reduce((a, b) => a + b, 0)).toBe(0 + 4 + 8 + 12 + 16 + 20 + 24 + 28);
  });
});
