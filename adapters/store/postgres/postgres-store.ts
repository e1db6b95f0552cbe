import { errorMessage } from '../../../src/errors.js';
import type { Store } from '../../../src/store/store.js';
import { scanAudit } from './audit-scan.js';
import * as claims from './claims.js';
import { commitChange } from './commit.js';
import { checkSchemaName, connectError, parseDatabaseUrl, whileRunning } from './connection.js';
import { mapDriverErrors, type SqlDriver } from './driver.js';
import { JourneyCache } from './journey-cache.js';
import { LanguageCache } from './language-cache.js';
import { liveLoad } from './live-load.js';
import { type Migration, runMigrations } from './migrate.js';
import { pgDriver } from './pg-driver.js';
import { queuePage } from './queue-page.js';
import { cachedProbe } from './readiness.js';
import * as reads from './reads.js';
import { pruneOnce } from './retention.js';

export interface StoreLogger {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/db`. The password is never logged or shown. */
  url: string;
  /** Keep Baton's tables in this schema (created if missing) instead of the user's default. */
  schema?: string;
  /** Connections per replica (default 10). */
  poolSize?: number;
  logger?: StoreLogger;
  /** How long a new connection may take before the database counts as unreachable (default 5 s). */
  connectTimeoutMs?: number;
  /** How long `ready()` reuses its last answer (default 1.5 s). */
  readyCacheMs?: number;
}

export type PostgresStore = Store & {
  readonly kind: 'postgres';
  /**
   * Applies the migrations not yet applied and returns their names, including,
   * on the first call, those the open itself applied (`baton migrate`).
   */
  migrate(): Promise<string[]>;
};

const quiet: StoreLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Opens the PostgreSQL store: checks that the server answers (a coded
 * `DATABASE_UNREACHABLE` naming host:port if not), migrates, and returns the
 * store. Several replicas may open the same database at once.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<PostgresStore> {
  const address = parseDatabaseUrl(opts.url);
  const schema = opts.schema === undefined ? undefined : checkSchemaName(opts.schema);
  const logger = opts.logger ?? quiet;
  const driver = pgDriver({
    url: opts.url,
    address,
    schema,
    poolSize: opts.poolSize,
    connectTimeoutMs: opts.connectTimeoutMs,
    onConnectionError: (err) =>
      logger.warn({ database: address.where, err: errorMessage(err) }, 'PostgreSQL connection lost'),
  });
  try {
    await driver.query('SELECT 1');
  } catch (err) {
    await driver.close().catch(() => undefined);
    const coded = connectError(err, address);
    logger.error({ database: address.where, code: coded.code }, coded.message);
    throw coded;
  }
  try {
    return await createPostgresStore(driver, { schema, readyCacheMs: opts.readyCacheMs, logger });
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The store on any driver: a `pg` pool in production, PGlite in tests that
 * have no server. Migrates before it returns.
 */
export async function createPostgresStore(
  rawDriver: SqlDriver,
  opts: { schema?: string; logger?: StoreLogger; migrations?: Migration[]; readyCacheMs?: number } = {},
): Promise<PostgresStore> {
  const logger = opts.logger ?? quiet;
  const driver = mapDriverErrors(rawDriver, (err) => whileRunning(err, rawDriver.where));
  const runPending = async (): Promise<string[]> => {
    const applied = await runMigrations(driver, { schema: opts.schema, migrations: opts.migrations });
    if (applied.length > 0)
      logger.info({ database: driver.where, schema: opts.schema, applied }, 'migrations applied');
    return applied;
  };
  // Opening already migrated: the first `migrate()` still reports what that applied,
  // so `baton migrate` on a fresh database does not claim it was up to date.
  let unreported = await runPending();
  const migrate = async (): Promise<string[]> => {
    const applied = [...unreported, ...(await runPending())];
    unreported = [];
    return applied;
  };
  logger.info({ database: driver.where, schema: opts.schema }, 'PostgreSQL store open');

  const ready = cachedProbe(() => driver.query('SELECT 1'), {
    ttlMs: opts.readyCacheMs,
    onChange: (up, err) =>
      up
        ? logger.info({ database: driver.where }, 'PostgreSQL reachable again')
        : logger.warn({ database: driver.where, error: errorMessage(err) }, 'PostgreSQL unreachable'),
  });
  let closed = false;
  const journey = new JourneyCache(driver);
  const languages = new LanguageCache(driver);

  return {
    kind: 'postgres',
    migrate,
    prune: (before, once) => pruneOnce(driver, before, once),
    getCustomer: (id) => reads.getCustomer(driver, id),
    getCustomers: (ids) => reads.getCustomers(driver, ids),
    findCustomerByExternalId: (system, id) => reads.findCustomerByExternalId(driver, system, id),
    findCustomerByEmailOrDomain: (v) => reads.findCustomerByEmailOrDomain(driver, v),
    listCustomers: (filter) => reads.listCustomers(driver, filter),
    countCustomers: (filter) => reads.countCustomers(driver, filter),
    customerLanguages: (teams) => languages.counts(teams),
    customerNames: () => reads.customerNames(driver),
    getHandoff: (id) => reads.getHandoff(driver, id),
    getHandoffs: (ids) => reads.getHandoffs(driver, ids),
    listHandoffs: (filter) => reads.listHandoffs(driver, filter),
    liveLoad: (team, people) => liveLoad(driver, team, people),
    queuePage: (query) => queuePage(driver, query),
    listFollowUps: (filter) => reads.listFollowUps(driver, filter),
    listCardRefs: (handoffId) => reads.listCardRefs(driver, handoffId),
    getCardRef: (id) => reads.getCardRef(driver, id),
    getDelivery: (id) => reads.getDelivery(driver, id),
    listDeliveries: (filter) => reads.listDeliveries(driver, filter),
    getInbound: (source, id) => reads.getInbound(driver, source, id),
    getKv: (ns, key) => reads.getKv(driver, ns, key),
    listKv: (ns) => reads.listKv(driver, ns),
    scanAudit: (q) => scanAudit(driver, q),
    journeyFacts: (q) => journey.facts(q),
    history: (customerId, o) => reads.history(driver, customerId, o),
    stats: () => reads.stats(driver),
    commit: (change) => commitChange(driver, change),
    claimDueFollowUps: (now, o) => claims.claimDueFollowUps(driver, now, o),
    claimDeliveries: (now, o) => claims.claimDeliveries(driver, now, o),
    claimInbound: (now, o) => claims.claimInbound(driver, now, o),
    renewDeliveryLeases: (ids, now, o) => claims.renewDeliveryLeases(driver, ids, now, o),
    markDeliveriesSending: (marks, now, o) => claims.markDeliveriesSending(driver, marks, now, o),
    settleClaims: (list, o) => claims.settleClaims(driver, list, o),
    deliverNotYetNow: (platform, now) => claims.deliverNotYetNow(driver, platform, now),
    ready: () => (closed ? Promise.resolve(false) : ready()),
    close: async () => {
      if (closed) return;
      closed = true;
      await driver.close();
    },
  };
}
