import { stat } from 'node:fs/promises';
import path from 'node:path';
import { dataPaths } from '../../adapters/store/lowdb/files.js';
import { listJournalGens } from '../../adapters/store/lowdb/journal-files.js';
import { systemClock } from '../../src/clock.js';
import type { Env } from '../../src/config/env.js';
import { errorMessage, isBatonError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import type { CheckLine } from '../../src/server/check-line.js';
import type { Store } from '../../src/store/store.js';
import { openStore } from '../open-store.js';

export interface StoreCheck {
  lines: CheckLine[];
  /** Open (read-only for the data file) when it could be opened; the caller closes it. */
  store?: Store;
}

/** The URL as it may be printed: the password never is. */
export function printableDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL is not a valid URL)';
  }
}

/**
 * Opens the store Baton would start on, the way `report` does (the data file
 * without its lock, so it works next to a running Baton). A store that cannot
 * open is a failure to report, never a reason to check against an empty one.
 */
export async function checkStore(env: Env): Promise<StoreCheck> {
  const which = env.DATABASE_URL
    ? `PostgreSQL ${printableDatabaseUrl(env.DATABASE_URL)} (DATABASE_URL)`
    : `data file ${path.resolve(env.BATON_DATA_FILE)} (BATON_DATA_FILE)`;
  let store: Store;
  try {
    // Silent: the open's own error log would repeat the FAIL line below as JSON.
    store = await openStore(env, systemClock, silentLogger, { readOnly: true });
  } catch (err) {
    return { lines: [failed(`store: cannot open the ${which}`, err, env)] };
  }
  try {
    const s = await store.stats();
    // Before its first snapshot a running Baton keeps everything in the journal and history, not in the file.
    const fresh = !env.DATABASE_URL && !(await dataOnDisk(env.BATON_DATA_FILE));
    return {
      store,
      lines: [
        {
          level: 'ok',
          area: 'store',
          message: fresh
            ? `store: ${which} does not exist yet; Baton creates it on first start`
            : `store: ${which}: ${s.customers} customers, handoffs not yet accepted: ${s.openHandoffs}`,
        },
      ],
    };
  } catch (err) {
    await store.close().catch(() => {});
    return { lines: [failed(`store: the ${which} opened but cannot be read`, err, env)] };
  }
}

/** Baton's own errors already say how to fix them; anything else gets the likely fix added. */
function failed(what: string, err: unknown, env: Env): CheckLine {
  const said = isBatonError(err) ? `${err.message} (${err.code})` : errorMessage(err);
  // A driver's message could quote the URL it was given: its password is not printed either way.
  let message = said;
  for (const p of env.DATABASE_URL ? passwordsOf(env.DATABASE_URL) : [])
    message = message.split(p).join('***');
  const line: CheckLine = { level: 'error', area: 'store', message: `${what}: ${message}` };
  if (isBatonError(err)) return line;
  const fix = env.DATABASE_URL
    ? 'Check that PostgreSQL runs and that DATABASE_URL names the right host, user, password and database.'
    : 'Check that BATON_DATA_FILE names a file (not a folder) this user may read, or restore it from a backup.';
  return { ...line, message: `${line.message}. ${fix}`, fix };
}

/** The password as written in the URL and decoded. */
function passwordsOf(url: string): string[] {
  try {
    const p = new URL(url).password;
    return p ? [p, decodeURIComponent(p)] : [];
  } catch {
    return [];
  }
}

/** Whether the data file, or the journal and history a Baton writes before its first snapshot, exist. */
async function dataOnDisk(file: string): Promise<boolean> {
  const paths = dataPaths(file);
  return (
    (await exists(paths.file)) ||
    (await exists(paths.historyDir)) ||
    (await listJournalGens(paths)).length > 0
  );
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
