import { systemClock } from '../../src/clock.js';
import { BatonError } from '../../src/errors.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton backup <file>

Writes one file holding a consistent copy of the embedded store
(BATON_DATA_FILE: its snapshot, journal and history), while Baton runs and
writes; nothing is locked or paused. Bring it back with baton restore.

With DATABASE_URL, back up PostgreSQL with its own tools instead:
  pg_dump -Fc "$DATABASE_URL" -f baton.dump`;

export const PG_DUMP_HINT =
  'With DATABASE_URL set, Baton keeps its data in PostgreSQL: back it up with pg_dump -Fc "$DATABASE_URL" -f baton.dump ' +
  'and restore it with pg_restore --clean --if-exists -d "$DATABASE_URL" baton.dump (see README, Backups).';

export async function runBackup(args: string[]): Promise<number> {
  const o = options(args, {}, USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const [target, ...extra] = o.positionals;
  if (!target || extra.length > 0) {
    process.stderr.write(`baton backup: INVALID_ARGUMENT: name one file to write.\n\n${USAGE}\n`);
    return 2;
  }
  const { env, log } = envAndLogger('warn');
  if (env.DATABASE_URL) throw new BatonError('BACKUP_USE_PG_DUMP', PG_DUMP_HINT);
  const { backupLowdb } = await import('../../adapters/store/lowdb/backup.js');
  const started = systemClock.now();
  const trailer = await backupLowdb(env.BATON_DATA_FILE, target, started);
  const bytes = trailer.files.reduce((n, f) => n + f.bytes, 0);
  log.debug({ target, files: trailer.files.length }, 'backup written');
  process.stderr.write(
    `baton backup: ${env.BATON_DATA_FILE} as of journal entry ${trailer.lastSeq} ` +
      `(${trailer.files.length} files, ${bytes} bytes) written to ${target}\n`,
  );
  return 0;
}
