import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton migrate

Applies the PostgreSQL migrations to DATABASE_URL (replicas also do it on
start, under an advisory lock, so running this first is optional).`;

export async function runMigrate(args: string[]): Promise<number> {
  if (!options(args, {}, USAGE)) return process.exitCode === 2 ? 2 : 0;
  const { env, log } = envAndLogger('warn');
  if (!env.DATABASE_URL) {
    process.stderr.write(
      'baton migrate: set DATABASE_URL to the PostgreSQL database (postgres://user@host:5432/db)\n',
    );
    return 2;
  }
  const { openPostgresStore } = await import('../../adapters/store/postgres/index.js');
  const store = await openPostgresStore({
    url: env.DATABASE_URL,
    poolSize: 2,
    logger: log,
    ...(env.BATON_DB_SCHEMA ? { schema: env.BATON_DB_SCHEMA } : {}),
  });
  try {
    const applied = await store.migrate();
    process.stdout.write(
      applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Up to date: no migration to apply.\n',
    );
    return 0;
  } finally {
    await store.close();
  }
}

const DATA_USAGE = `Usage: baton migrate-data --from <baton.json> --to <postgres-url>

Moves an embedded deployment's data file into PostgreSQL: customers,
handoffs, follow-ups, deliveries and history. Stop Baton first. Safe to run
again after an interruption: what is already there is skipped. Verified by counts.`;

export async function runMigrateData(args: string[]): Promise<number> {
  const o = options(args, { from: { type: 'string' }, to: { type: 'string' } }, DATA_USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  if (typeof o.values.from !== 'string' || typeof o.values.to !== 'string') {
    process.stderr.write(`baton migrate-data: --from and --to are required\n\n${DATA_USAGE}\n`);
    return 2;
  }
  const { env, log } = envAndLogger('warn');
  const { migrateData } = await import('../../adapters/store/postgres/migrate-data.js');
  const report = await migrateData({
    from: o.values.from,
    to: o.values.to,
    ...(env.BATON_DB_SCHEMA ? { schema: env.BATON_DB_SCHEMA } : {}),
    log: (line: string) => process.stdout.write(`${line}\n`),
    logger: log,
  });
  return report.ok ? 0 : 1;
}
