import { type ConfigSource, snapshotFiles } from '../../src/config/config-files.js';
import type { CheckLine } from '../../src/server/check-line.js';
import { replicaWarnings, runningReplicas } from '../../src/services/config-replicas.js';
import type { Store } from '../../src/store/store.js';

const SAME_FILES = 'every replica must read the same config files (a shared volume or the same deploy)';

/**
 * The config each running replica recorded, compared with the files here:
 * a replica on other files, or one that refused the files it reads, is a
 * warning (it keeps running on its last good config).
 */
export async function replicaLines(
  source: ConfigSource,
  store: Store,
  now = new Date(),
): Promise<CheckLine[]> {
  const replicas = await runningReplicas(store, now).catch(() => undefined);
  if (!replicas)
    return [{ level: 'warn', area: 'replicas', message: 'cannot read the replicas’ configs from the store' }];
  if (replicas.length === 0)
    return [
      { level: 'skip', area: 'replicas', message: 'no Baton running on this store has recorded its config' },
    ];
  const here = (await snapshotFiles(source)).fingerprint;
  const lines: CheckLine[] = [];
  for (const r of replicas) {
    const on = `replica ${r.replica} runs config ${r.config.fingerprint} (applied ${r.config.appliedAt})`;
    lines.push(
      r.config.fingerprint === here
        ? { level: 'ok', area: 'replicas', message: `${on}: the files checked here` }
        : {
            level: 'warn',
            area: 'replicas',
            message: `${on}, not the files checked here (${here})`,
            fix: `${SAME_FILES}; a replica takes a valid change within seconds`,
          },
    );
  }
  for (const w of replicaWarnings(replicas))
    if (w.startsWith('replica '))
      lines.push({
        level: 'warn',
        area: 'replicas',
        message: w,
        fix: 'fix the files; the replica picks them up within seconds',
      });
  return lines;
}
