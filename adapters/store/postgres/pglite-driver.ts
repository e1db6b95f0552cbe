import { checkSchemaName } from './connection.js';
import { Mutex, type SqlClient, type SqlDriver } from './driver.js';

/**
 * The part of `@electric-sql/pglite` the driver uses. Typed structurally so
 * production code never imports PGlite (a development dependency).
 */
export interface PGliteLike {
  query<R>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; affectedRows?: number; rowCount?: number; command?: string }>;
  exec(sql: string): Promise<unknown>;
}

interface Session {
  mutex: Mutex;
  searchPath: string | undefined;
}

// PGlite is a single connection: every driver on one instance shares its lock
// and its session settings.
const sessions = new WeakMap<PGliteLike, Session>();

/**
 * A driver on an in-process PGlite database. Several drivers (stores) may
 * share one instance, each on its own schema: each call sets the
 * `search_path` it needs first. Nothing here is concurrent; claims and
 * transactions are serialised, which is all PGlite can do.
 */
export function pgliteDriver(db: PGliteLike, opts: { schema?: string } = {}): SqlDriver {
  if (opts.schema !== undefined) checkSchemaName(opts.schema);
  let session = sessions.get(db);
  if (!session) {
    session = { mutex: new Mutex(), searchPath: undefined };
    sessions.set(db, session);
  }
  const shared = session;

  const client: SqlClient = {
    query: async <R>(text: string, params?: readonly unknown[]) => {
      const result = await db.query<R>(text, params ? [...params] : undefined);
      const changed = result.command === 'SELECT' ? undefined : result.affectedRows;
      return { rows: result.rows, rowCount: changed ?? result.rowCount ?? result.rows.length };
    },
    exec: async (sql) => {
      await db.exec(sql);
    },
  };

  const exclusive = <T>(fn: () => Promise<T>): Promise<T> =>
    shared.mutex.run(async () => {
      if (opts.schema !== undefined && shared.searchPath !== opts.schema) {
        await db.exec(`SET search_path TO ${opts.schema}`);
        shared.searchPath = opts.schema;
      }
      return fn();
    });

  return {
    where: 'pglite (in-process)',
    query: (text, params) => exclusive(() => client.query(text, params)),
    exec: (sql) => exclusive(() => client.exec(sql)),
    withConnection: (fn) => exclusive(() => fn(client)),
    // The instance belongs to whoever created it; other drivers may still use it.
    close: async () => {},
  };
}
