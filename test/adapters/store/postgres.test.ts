import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../../../adapters/store/postgres/driver.js';
import { loadMigrations } from '../../../adapters/store/postgres/migrate.js';
import { pgliteDriver } from '../../../adapters/store/postgres/pglite-driver.js';
import {
  createPostgresStore,
  openPostgresStore,
  type PostgresStore,
  type StoreLogger,
} from '../../../adapters/store/postgres/postgres-store.js';
import { isBatonError } from '../../../src/errors.js';
import { aCustomer, aDelivery, aFollowUp, aHandoff, anInbound } from './builders.js';
import { startPatch } from './contract/journey-kv.js';
import { storeContract } from './contract.js';

/**
 * The real server when one answers; PGlite (PostgreSQL in-process) when not,
 * so `npm test` runs everywhere. BATON_REQUIRE_POSTGRES=1 (CI) turns a
 * missing server into a failure instead.
 */
const URL = process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.BATON_REQUIRE_POSTGRES === '1';

interface Target {
  mode: 'server' | 'pglite';
  /** A store with its own connections, on `schema`. */
  open(schema: string, logger?: StoreLogger): Promise<PostgresStore>;
  /** A store on a driver the test wraps (to fake an outage). */
  openOn(schema: string, wrap: (d: SqlDriver) => SqlDriver): Promise<PostgresStore>;
  admin(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

async function serverAnswers(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pickTarget(): Promise<Target> {
  const failure = await serverAnswers(URL);
  if (failure === undefined) {
    const { pgDriver } = await import('../../../adapters/store/postgres/pg-driver.js');
    const { parseDatabaseUrl } = await import('../../../adapters/store/postgres/connection.js');
    const admin = new pg.Pool({ connectionString: URL, max: 2 });
    return {
      mode: 'server',
      open: (schema, logger) => openPostgresStore({ url: URL, schema, poolSize: 4, logger }),
      openOn: (schema, wrap) =>
        createPostgresStore(
          wrap(pgDriver({ url: URL, address: parseDatabaseUrl(URL), schema, poolSize: 2 })),
          {
            schema,
            readyCacheMs: 50,
          },
        ),
      admin: async (sql, params) => (await admin.query(sql, params)).rows,
      close: () => admin.end(),
    };
  }
  if (REQUIRED)
    throw new Error(`BATON_REQUIRE_POSTGRES=1 but PostgreSQL at ${URL} does not answer: ${failure}`);
  const db = new PGlite();
  const admin = pgliteDriver(db);
  return {
    mode: 'pglite',
    open: (schema, logger) => createPostgresStore(pgliteDriver(db, { schema }), { schema, logger }),
    openOn: (schema, wrap) =>
      createPostgresStore(wrap(pgliteDriver(db, { schema })), { schema, readyCacheMs: 50 }),
    admin: async (sql, params) => (await admin.query(sql, params)).rows,
    close: () => db.close(),
  };
}

const target = await pickTarget();
const schemas: string[] = [];
const freshSchema = (): string => {
  const name = `baton_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  schemas.push(name);
  return name;
};
const dropSchema = (schema: string) => target.admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);

afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
  await target.close();
});

storeContract(`postgres (${target.mode})`, async () => {
  const schema = freshSchema();
  const store = await target.open(schema);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});

function captureLogger(lines: string[]): StoreLogger {
  const log = (o: object, m?: string) => lines.push(`${m ?? ''} ${JSON.stringify(o)}`);
  return { info: log, warn: log, error: log };
}

const ids = (list: Array<{ id: string }>) => list.map((r) => r.id);

describe(`postgres store (${target.mode})`, () => {
  it('migrates once when two stores open one schema at the same time', async () => {
    const schema = freshSchema();
    const logs: string[] = [];
    const stores = await Promise.all([
      target.open(schema, captureLogger(logs)),
      target.open(schema, captureLogger(logs)),
    ]);
    const applied = logs.filter((l) => l.startsWith('migrations applied'));
    expect(applied).toHaveLength(1);
    const all = loadMigrations().map((m) => m.name);
    expect(all[0]).toBe('001_initial');
    for (const name of all) expect(applied[0]).toContain(name);
    expect(
      (await target.admin(`SELECT name FROM ${schema}.baton_migrations`)).map((r) => r.name).sort(),
    ).toEqual(all);
    // The store that migrated reports it once; after that there is nothing to apply.
    const reported = await Promise.all(stores.map((s) => s.migrate()));
    expect(reported.flat()).toEqual(all);
    expect(await stores[0]?.migrate()).toEqual([]);
    for (const s of stores) await s.close();
  });

  it("counts every replica's journey patches on one handoff, also when they create its fact at once", async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([target.open(schema), target.open(schema)]);
    if (!a || !b) throw new Error('stores did not open');
    const start = startPatch();
    const patch = { ...start, add: { reassigns: 1, declineReasons: ['busy'] } };
    // 2 x 8 commits at once, none of which finds the fact existing when it starts.
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).commit({ journey: [patch] })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const [fact] = await a.journeyFacts({ fromWeek: start.set.week, toWeek: start.set.week });
    expect(fact?.reassigns).toBe(16);
    expect(fact?.declineReasons).toEqual(Array.from({ length: 16 }, () => 'busy'));
    // One one-time key redeemed by both replicas at once: exactly one wins.
    await a.commit({ kvInsert: [{ ns: 'links', key: 'k', value: 1 }] });
    const takes = await Promise.all(
      [a, b, a, b].map((s) => s.commit({ kvTake: [{ ns: 'links', key: 'k' }] })),
    );
    expect(takes.filter((r) => r.ok)).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('never hands one follow-up to two store instances: 2,000 due, each claimed exactly once', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([target.open(schema), target.open(schema)]);
    if (!a || !b) throw new Error('stores did not open');
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const due = new Date('2031-03-01T09:00:00.000Z');
    const followUps = Array.from({ length: 2000 }, (_, i) =>
      aFollowUp(customer.id, handoff.id, {
        step: `${i}`,
        dueAt: new Date(due.getTime() - i * 1000).toISOString(),
      }),
    );
    expect(await a.commit({ followUps })).toEqual({ ok: true });
    const drain = async (store: PostgresStore, owner: string): Promise<string[]> => {
      const got: string[] = [];
      for (;;) {
        const batch = await store.claimDueFollowUps(due, { limit: 10, leaseMs: 600_000, owner });
        if (batch.length === 0) return got;
        for (const f of batch) expect(f.leaseOwner).toBe(owner);
        got.push(...ids(batch));
      }
    };
    const [byA, byB] = await Promise.all([drain(a, 'replica-a'), drain(b, 'replica-b')]);
    const all = [...byA, ...byB];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(ids(followUps).sort());
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    await Promise.all([a.close(), b.close()]);
  });

  it('hands a claim to the other instance once its lease ends, and not before', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([target.open(schema), target.open(schema)]);
    if (!a || !b) throw new Error('stores did not open');
    const customer = aCustomer();
    const handoff = aHandoff(customer.id);
    const t = new Date('2031-04-01T09:00:00.000Z');
    const followUps = [0, 1, 2].map((i) =>
      aFollowUp(customer.id, handoff.id, { step: `${i}`, dueAt: t.toISOString() }),
    );
    await a.commit({ followUps });
    const lease = { limit: 10, leaseMs: 30_000 };
    // replica-a claims and then "dies": it never commits what it claimed.
    expect(await a.claimDueFollowUps(t, { ...lease, owner: 'replica-a' })).toHaveLength(3);
    expect(
      await b.claimDueFollowUps(new Date(t.getTime() + 29_999), { ...lease, owner: 'replica-b' }),
    ).toEqual([]);
    const taken = await b.claimDueFollowUps(new Date(t.getTime() + 30_000), { ...lease, owner: 'replica-b' });
    expect(ids(taken).sort()).toEqual(ids(followUps).sort());
    expect(taken.every((f) => f.leaseOwner === 'replica-b')).toBe(true);
    expect(
      await a.claimDueFollowUps(new Date(t.getTime() + 31_000), { ...lease, owner: 'replica-a' }),
    ).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('lets only one instance record a webhook id or a delivery key when both try at once', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([target.open(schema), target.open(schema)]);
    if (!a || !b) throw new Error('stores did not open');
    const event = anInbound();
    const results = await Promise.all([a, b].map((s) => s.commit({ inbound: [{ value: { ...event } }] })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'duplicate', id: event.id });
    const key = `reminder:${randomUUID()}`;
    const d1 = aDelivery({ key });
    const d2 = aDelivery({ key });
    await Promise.all([a.commit({ deliveries: [d1] }), b.commit({ deliveries: [d2] })]);
    const stored = [await a.getDelivery(d1.id), await a.getDelivery(d2.id)].filter(Boolean);
    expect(stored).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('stores text PostgreSQL jsonb refuses (NUL, a lone surrogate) with a replacement character', async () => {
    const schema = freshSchema();
    const store = await target.open(schema);
    const event = anInbound({ payload: { note: 'a\u0000b', name: 'x\ud800y', ok: '한국어 😀' } });
    expect(await store.commit({ inbound: [{ value: event }] })).toEqual({ ok: true });
    const stored = await store.getInbound(event.source, event.id);
    expect(stored?.payload).toEqual({ note: 'a\ufffdb', name: 'x\ufffdy', ok: '한국어 😀' });
    await store.close();
  });

  it('fails fast with DATABASE_UNREACHABLE naming host:port, never the password', async () => {
    const lines: string[] = [];
    const started = Date.now();
    const err = await openPostgresStore({
      url: 'postgres://baton:hunter2-secret@127.0.0.1:1/baton',
      logger: captureLogger(lines),
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(isBatonError(err) && err.code).toBe('DATABASE_UNREACHABLE');
    expect(String((err as Error).message)).toContain('127.0.0.1:1');
    expect(`${(err as Error).message} ${JSON.stringify(err)} ${lines.join('\n')}`).not.toContain('hunter2');
    expect(lines.length).toBeGreaterThan(0);
  });

  it('reports not ready while the database is away and ready again when it is back', async () => {
    const schema = freshSchema();
    let down = false;
    const store = await target.openOn(schema, (d) => ({
      ...d,
      query: (text, params) =>
        down
          ? Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:5432'), { code: 'ECONNREFUSED' }),
            )
          : d.query(text, params),
    }));
    expect(await store.ready()).toBe(true);
    down = true;
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.ready()).toBe(false);
    const err = await store.getCustomer('cus_any').catch((e: unknown) => e);
    expect(isBatonError(err) && err.code).toBe('DATABASE_UNREACHABLE');
    down = false;
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.ready()).toBe(true);
    await store.close();
  });

  it.runIf(target.mode === 'server')('recovers through a real connection cut without a restart', async () => {
    const { hostname, port } = new globalThis.URL(URL);
    const proxy = await tcpProxy(hostname, Number(port || 5432));
    const proxied = new globalThis.URL(URL);
    proxied.port = String(proxy.port);
    const schema = freshSchema();
    const store = await openPostgresStore({ url: proxied.toString(), schema, readyCacheMs: 50 });
    expect(await store.ready()).toBe(true);
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(await store.ready()).toBe(false);
    await proxy.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(await store.ready()).toBe(true);
    const c = aCustomer();
    expect(await store.commit({ customers: [{ value: c, expectedVersion: null }] })).toEqual({ ok: true });
    await store.close();
    await proxy.stop();
  });
});

/** A TCP relay to the server that a test can cut and restore on the same port. */
async function tcpProxy(host: string, port: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let listenPort = 0;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const start = () =>
    new Promise<void>((resolve) => {
      const relay = net.createServer((client) => {
        const upstream = net.connect(port, host);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
      });
      server = relay;
      relay.listen(listenPort, '127.0.0.1', () => {
        listenPort = (relay.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server?.listening) server.close(() => resolve());
      else resolve();
    });
  await start();
  return {
    get port() {
      return listenPort;
    },
    start,
    stop,
  };
}
