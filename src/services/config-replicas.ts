import type { Store } from '../store/store.js';
import { REPLICA_NS, type ReplicaConfig } from './config-events.js';
import { type LiveConfigStatus, REPLICA_HEARTBEAT_MS } from './live-config.js';

/** The replicas running now, each with the config it runs (a record not refreshed for 3 heartbeats is a replica gone). */
export async function runningReplicas(
  store: Store,
  now: Date,
): Promise<Array<{ replica: string; config: ReplicaConfig }>> {
  const rows = await store.listKv(REPLICA_NS);
  const since = now.getTime() - 3 * REPLICA_HEARTBEAT_MS;
  return rows
    .flatMap((r) => (isReplicaConfig(r.value) ? [{ replica: r.key, config: r.value }] : []))
    .filter((r) => Date.parse(r.config.seenAt) >= since)
    .sort((a, b) => a.replica.localeCompare(b.replica));
}

function isReplicaConfig(v: unknown): v is ReplicaConfig {
  const o = v as Partial<ReplicaConfig> | null;
  return (
    typeof o?.fingerprint === 'string' && typeof o.seenAt === 'string' && typeof o.appliedAt === 'string'
  );
}

/** Replicas that run different configs, and those that refused the files they read: one line each. */
export function replicaWarnings(
  replicas: ReadonlyArray<{ replica: string; config: ReplicaConfig }>,
): string[] {
  const out: string[] = [];
  const byConfig = new Map<string, string[]>();
  for (const r of replicas)
    byConfig.set(r.config.fingerprint, [...(byConfig.get(r.config.fingerprint) ?? []), r.replica]);
  if (byConfig.size > 1) {
    const groups = [...byConfig].map(([fp, names]) => `${names.join(', ')} on ${fp}`).join('; ');
    out.push(
      `replicas run different configs (${groups}): every replica must read the same config files (a shared volume or the same deploy); a replica catches up within seconds of reading the new files`,
    );
  }
  for (const r of replicas)
    if (r.config.refused)
      out.push(`replica ${r.replica} refused the config files it reads: ${r.config.refused.reason}`);
  return out;
}

/** What /readyz says of the config: never unready (a typo must not take every replica out), but why. */
export async function configReadiness(
  status: LiveConfigStatus,
  store: Store,
  now: Date,
  self: string,
): Promise<{ ok: true; detail: string; warnings: string[] }> {
  const running = `config ${status.fingerprint} (${status.watched ? 'watched' : 'bundled example, not watched'}, applied ${status.appliedAt})`;
  const warnings: string[] = [];
  let detail = running;
  if (status.refused) {
    const refused = `the config files on disk were refused (${status.refused.reason}); still running on the last good ${running}`;
    detail = refused;
    warnings.push(refused);
  }
  if (status.unrecorded)
    warnings.push(`this replica's config is not recorded in the store: ${status.unrecorded}`);
  const others = await runningReplicas(store, now).catch(() => []);
  // This replica speaks for itself from what it runs: its stored row lags a change it is still
  // recording, and its own refusal is said above, in its own words.
  const mine = ({ replica, config }: (typeof others)[number]) =>
    replica === self
      ? { replica, config: { ...config, fingerprint: status.fingerprint, refused: undefined } }
      : { replica, config };
  warnings.push(...replicaWarnings(others.map(mine)));
  return { ok: true, detail, warnings };
}
