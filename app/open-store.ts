import type { Clock } from '../src/clock.js';
import type { Env } from '../src/config/env.js';
import type { Logger } from '../src/log.js';
import type { Store } from '../src/store/store.js';

/**
 * DATABASE_URL selects PostgreSQL (several replicas); otherwise the local
 * data file. The store modules are loaded only when chosen, so a file
 * deployment never loads the PostgreSQL driver.
 */
export async function openStore(
  env: Env,
  clock: Clock,
  log: Logger,
  opts: { readOnly?: boolean } = {},
): Promise<Store> {
  if (env.DATABASE_URL) {
    const { openPostgresStore } = await import('../adapters/store/postgres/index.js');
    return openPostgresStore({
      url: env.DATABASE_URL,
      poolSize: env.BATON_DB_POOL_SIZE,
      logger: log,
      ...(env.BATON_DB_SCHEMA ? { schema: env.BATON_DB_SCHEMA } : {}),
    });
  }
  const { openLowdbStore, openReadOnlyLowdbStore } = await import('../adapters/store/lowdb/index.js');
  // Read-only: for reports and checks while a running Baton holds the file's lock.
  if (opts.readOnly) return openReadOnlyLowdbStore(env.BATON_DATA_FILE, log);
  return openLowdbStore({ file: env.BATON_DATA_FILE, clock, logger: log });
}
