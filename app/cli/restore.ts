import { BatonError } from '../../src/errors.js';
import { PG_DUMP_HINT } from './backup.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton restore <file> [--force]

Brings a baton backup file back as the embedded store at BATON_DATA_FILE.
Baton must be stopped: restore holds the data file's lock while it works and
refuses while a Baton holds it. The backup is unpacked and checked (digests,
journal replay) before anything is replaced.

  --force   replace the data already at BATON_DATA_FILE

With DATABASE_URL, restore PostgreSQL with pg_restore instead.`;

export async function runRestore(args: string[]): Promise<number> {
  const o = options(args, { force: { type: 'boolean' } }, USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const [source, ...extra] = o.positionals;
  if (!source || extra.length > 0) {
    process.stderr.write(
      `baton restore: INVALID_ARGUMENT: name the one backup file to restore.\n\n${USAGE}\n`,
    );
    return 2;
  }
  const { env, log } = envAndLogger('warn');
  if (env.DATABASE_URL) throw new BatonError('RESTORE_USE_PG_RESTORE', PG_DUMP_HINT);
  const { restoreLowdb } = await import('../../adapters/store/lowdb/restore.js');
  const r = await restoreLowdb(source, env.BATON_DATA_FILE, { force: o.values.force === true }, log);
  process.stderr.write(
    `baton restore: ${env.BATON_DATA_FILE} restored from the backup of ${r.createdAt} ` +
      `(journal entry ${r.lastSeq}: ${r.customers} customers, ${r.handoffs} handoffs)\n`,
  );
  return 0;
}
