/** The PostgreSQL store: selected by `DATABASE_URL`, for several replicas on one database. */

export type { SqlClient, SqlDriver } from './driver.js';
export { loadMigrations, runMigrations } from './migrate.js';
export { type PGliteLike, pgliteDriver } from './pglite-driver.js';
export {
  createPostgresStore,
  openPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from './postgres-store.js';
