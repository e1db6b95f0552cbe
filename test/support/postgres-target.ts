import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pgliteDriver } from '../../adapters/store/postgres/pglite-driver.js';
import {
  createPostgresStore,
  openPostgresStore,
  type PostgresStore,
} from '../../adapters/store/postgres/postgres-store.js';

/**
 * PostgreSQL for tests that drive a whole Baton on it: the real server when
 * it answers, PGlite (PostgreSQL in-process) when not, unless
 * BATON_REQUIRE_POSTGRES=1 (CI), which makes a missing server a failure.
 * Each store gets a schema of its own, dropped by `close`.
 */
export interface PostgresTarget {
  mode: 'server' | 'pglite';
  freshSchema(): string;
  open(schema: string): Promise<PostgresStore>;
  admin<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

const URL = process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresTarget(): Promise<PostgresTarget> {
  const schemas: string[] = [];
  const freshSchema = () => {
    const name = `baton_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    schemas.push(name);
    return name;
  };
  const probe = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2_000 });
  const up = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.end().catch(() => undefined);
  if (up) {
    const admin = new pg.Pool({ connectionString: URL, max: 2 });
    return {
      mode: 'server',
      freshSchema,
      open: (schema) => openPostgresStore({ url: URL, schema, poolSize: 4 }),
      admin: async (sql, params) => (await admin.query(sql, params)).rows,
      close: async () => {
        for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await admin.end();
      },
    };
  }
  if (process.env.BATON_REQUIRE_POSTGRES === '1')
    throw new Error(`BATON_REQUIRE_POSTGRES=1 but PostgreSQL at ${URL} does not answer`);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  const admin = pgliteDriver(db);
  return {
    mode: 'pglite',
    freshSchema,
    open: (schema) => createPostgresStore(pgliteDriver(db, { schema }), { schema }),
    admin: async <R>(sql: string, params?: unknown[]) => (await admin.query(sql, params)).rows as R[],
    close: () => db.close(),
  };
}
