/**
 * The little the store needs from a PostgreSQL connection, so the same store
 * code runs on a `pg` pool (production) and on PGlite (tests without a server).
 */
export interface SqlResult<R> {
  rows: R[];
  /** Rows changed by INSERT/UPDATE/DELETE, rows returned by SELECT. */
  rowCount: number;
}

export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Several statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlClient {
  /** Where the database is, for messages and logs: `host:port/db`, never a password. */
  readonly where: string;
  /**
   * Runs `fn` on one dedicated connection: a transaction or a session-level
   * advisory lock needs every statement on the same connection.
   */
  withConnection<T>(fn: (client: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Thrown inside a transaction to roll it back and hand `result` to the caller. */
export class Rollback<T> {
  constructor(readonly result: T) {}
}

/**
 * One transaction: committed when `fn` resolves, rolled back when it throws.
 * A `Rollback` thrown by `fn` is returned as a value instead of rethrown.
 */
export async function inTransaction<T, R = never>(
  driver: SqlDriver,
  fn: (tx: SqlClient) => Promise<T>,
): Promise<T | R> {
  return driver.withConnection(async (c) => {
    await c.query('BEGIN');
    try {
      const value = await fn(c);
      await c.query('COMMIT');
      return value;
    } catch (err) {
      // A failed ROLLBACK means the connection is gone, and the server drops
      // the transaction with it: the first error is the one worth reporting.
      await c.query('ROLLBACK').catch(() => undefined);
      if (err instanceof Rollback) return err.result as R;
      throw err;
    }
  });
}

/** A FIFO lock: PGlite is one connection, so a transaction must own it from BEGIN to COMMIT. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** The same driver with every error passed through `map` (to give lost connections a code). */
export function mapDriverErrors(driver: SqlDriver, map: (err: unknown) => unknown): SqlDriver {
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw map(err);
    }
  };
  return {
    where: driver.where,
    query: (text, params) => guard(() => driver.query(text, params)),
    exec: (sql) => guard(() => driver.exec(sql)),
    withConnection: (fn) => guard(() => driver.withConnection(fn)),
    close: () => driver.close(),
  };
}
