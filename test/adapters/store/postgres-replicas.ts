import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../../adapters/store/postgres/postgres-store.js';
import { databaseProblem } from '../../system/replicas/cluster.js';

/**
 * Replicas of the PostgreSQL store on one fresh schema of the real server, for
 * the tests of its per-process caches (and `serverAnswers` for any test that needs the server): what another replica writes must show
 * up, also a commit that lands after a later one was already read. They need
 * a real server (two connections, one transaction held open), so the tests
 * are skipped on PGlite unless BATON_REQUIRE_POSTGRES=1 says a server must be there.
 */
export const URL = process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.BATON_REQUIRE_POSTGRES === '1';

export async function serverAnswers(): Promise<boolean> {
  const problem = await databaseProblem(URL);
  if (problem !== undefined && REQUIRED)
    throw new Error(`BATON_REQUIRE_POSTGRES=1 but PostgreSQL at ${URL} does not answer: ${problem}`);
  return problem === undefined;
}

/** Opens replicas on fresh schemas and drops them after the file's tests; `admin` reads the tables directly. */
export function replicaSet(): {
  admin: pg.Pool;
  /** Two replicas on one fresh schema: one that reads through its cache, one that writes. */
  readerAndWriter: () => Promise<{ schema: string; reader: PostgresStore; writer: PostgresStore }>;
  /** A connection that opens a transaction and takes its id now, to commit after later ones. */
  slowWriter: (schema: string) => Promise<pg.Client>;
} {
  const admin = new pg.Pool({ connectionString: URL, max: 3 });
  const opened: PostgresStore[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });
  const replicas = async (n: number) => {
    const schema = `baton_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    schemas.push(schema);
    const stores: PostgresStore[] = [];
    for (let i = 0; i < n; i++) stores.push(await openPostgresStore({ url: URL, schema, poolSize: 3 }));
    opened.push(...stores);
    return { schema, stores };
  };
  return {
    admin,
    readerAndWriter: async () => {
      const {
        schema,
        stores: [reader, writer],
      } = await replicas(2);
      if (!reader || !writer) throw new Error('stores did not open');
      return { schema, reader, writer };
    },
    slowWriter: async (schema) => {
      const slow = new pg.Client({ connectionString: URL });
      await slow.connect();
      await slow.query(`SET search_path TO ${schema}`);
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      return slow;
    },
  };
}
