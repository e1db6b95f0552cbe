import pg from 'pg';
import type { DatabaseAddress } from './connection.js';
import type { SqlClient, SqlDriver, SqlResult } from './driver.js';

export interface PgDriverOptions {
  url: string;
  address: DatabaseAddress;
  /** Every connection gets this `search_path`, so unqualified names live in it. */
  schema?: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  /** Errors of idle connections (the server restarted): logged, never thrown. */
  onConnectionError?: (err: Error) => void;
}

/** A `pg` pool behind the store's driver interface. */
export function pgDriver(opts: PgDriverOptions): SqlDriver {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'baton',
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // Without a listener an idle connection dropped by the server kills the process.
  pool.on('error', (err) => opts.onConnectionError?.(err));

  const run = async <R>(
    client: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
  ): Promise<SqlResult<R>> => {
    const result = await client.query(text, params as unknown[] | undefined);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  };

  return {
    where: opts.address.where,
    query: (text, params) => run(pool, text, params),
    exec: async (sql) => {
      // Without parameters pg uses the simple protocol, which takes several statements.
      await pool.query(sql);
    },
    withConnection: async (fn) => {
      const client = await pool.connect();
      let failure: Error | undefined;
      // pg-pool listens for errors on idle clients only: a connection lost between two
      // statements of a transaction would otherwise be an unhandled 'error' event.
      const onError = (err: Error) => {
        failure = err;
        opts.onConnectionError?.(err);
      };
      client.on('error', onError);
      try {
        const session: SqlClient = {
          query: (text, params) => run(client, text, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        return await fn(session);
      } catch (err) {
        // The connection may be mid-transaction or broken: never hand it to someone else.
        failure = err instanceof Error ? err : new Error(String(err));
        throw err;
      } finally {
        client.removeListener('error', onError);
        client.release(failure);
      }
    },
    close: () => pool.end(),
  };
}
