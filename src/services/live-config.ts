import type { Clock } from '../clock.js';
import { diffDirectories } from '../config/config-diff.js';
import {
  type ConfigSource,
  changedFiles,
  type FilesSnapshot,
  snapshotFiles,
} from '../config/config-files.js';
import type { Directory } from '../config/directory.js';
import type { LiveDirectory } from '../config/live-directory.js';
import { loadDirectory, problemsOf } from '../config/reload-config.js';
import { type FileWatch, watchConfigFiles } from '../config/watch-files.js';
import type { Logger } from '../log.js';
import type { ChatPlatform, WebhookSourceInfo } from '../registry/descriptors.js';
import type { ChangeSet, Store } from '../store/store.js';
import {
  changeAudit,
  type Refusal,
  type ReplicaConfig,
  refusalNotices,
  replicaRecord,
} from './config-events.js';

/** How often a replica says it still runs its config (its record older than 3× this is a replica gone). */
export const REPLICA_HEARTBEAT_MS = 5 * 60_000;

export interface LiveConfigStatus {
  configFile: string;
  playbookDir: string;
  /** False for the bundled example (no file of one's own): it is not watched. */
  watched: boolean;
  /** The fingerprint of the files Baton runs on. */
  fingerprint: string;
  appliedAt: string;
  /** The files on disk now, when they did not load: Baton runs on `fingerprint` meanwhile. */
  refused?: Refusal;
  /** Why the last record of this replica in the store failed, until one succeeds. */
  unrecorded?: string;
}

export interface LiveConfig {
  /** Records this replica's config in the store and starts watching the files. */
  start(): Promise<void>;
  /** Compares the files with what runs and applies or refuses a change: what the watch calls. */
  check(): Promise<void>;
  status(): LiveConfigStatus;
  stop(): Promise<void>;
}

export interface LiveConfigDeps {
  source: ConfigSource;
  watched: boolean;
  dir: LiveDirectory;
  registry: { platforms: readonly ChatPlatform[]; sources?: readonly WebhookSourceInfo[] };
  store: Store;
  clock: Clock;
  ids: (prefix: string) => string;
  log: Logger;
  replica: string;
  /** Platforms Baton is connected to (filled once the adapters exist). */
  platforms: readonly string[];
  pollMs: number;
  debounceMs?: number;
}

/**
 * Live config: a change to the config file or a playbook is loaded and
 * checked as a start would; a valid one replaces the directory every service
 * holds, an invalid one is refused as a whole (Baton keeps the last good
 * config, the log names each file and field, /readyz says why, the admins get
 * one DM per distinct problem). Each replica watches the files it reads and
 * records the config it runs in the store.
 *
 * Call only after the files were loaded into `dir`: the files are read again
 * here, and a change in between is applied by the first check.
 */
export async function createLiveConfig(deps: LiveConfigDeps): Promise<LiveConfig> {
  const { source, dir, store, clock, log, replica } = deps;
  let applied: { snap: FilesSnapshot; at: string } = {
    snap: await snapshotFiles(source),
    at: clock.now().toISOString(),
  };
  let refused: Refusal | undefined;
  let unrecorded: { change: ChangeSet; error: string } | undefined;
  let recordedAt = 0;
  let watch: FileWatch | undefined;
  let started = false;
  let checking: Promise<void> = Promise.resolve();

  const record = (): ReplicaConfig => ({
    fingerprint: applied.snap.fingerprint,
    appliedAt: applied.at,
    seenAt: clock.now().toISOString(),
    ...(refused
      ? { refused: { fingerprint: refused.fingerprint, at: refused.at, reason: refused.reason } }
      : {}),
  });

  /** Commits `extra` with this replica's record; a store that fails keeps it for the next check. */
  const commit = async (extra: ChangeSet = {}) => {
    const change: ChangeSet = {
      ...extra,
      kv: [...(extra.kv ?? []), ...(replicaRecord(replica, record()).kv ?? [])],
    };
    try {
      let r = await store.commit(change);
      // Another replica wrote the audit entry of this change first: record only ourselves.
      if (!r.ok && r.reason === 'conflict' && r.entity === 'kv' && change.kvInsert) {
        const { audit: _a, kvInsert: _k, ...rest } = change;
        r = await store.commit(rest);
      }
      if (!r.ok) throw new Error(`commit refused (${r.reason})`);
      unrecorded = undefined;
      recordedAt = clock.now().getTime();
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log.warn({ err }, 'cannot record the config change in the store; tried again at the next check');
      unrecorded = { change: unrecorded ? merge(unrecorded.change, extra) : extra, error };
    }
  };

  const refuse = async (snap: FilesSnapshot, err: unknown) => {
    const problems = problemsOf(err);
    const at = clock.now().toISOString();
    refused = { fingerprint: snap.fingerprint, at, problems, reason: problems.map((p) => p.text).join('; ') };
    for (const p of problems)
      log.error(
        { file: p.file, field: p.field, fix: p.fix },
        `config change refused, still running on config ${applied.snap.fingerprint}: ${p.text}`,
      );
    const dctx = { dir, ids: deps.ids, now: at, platforms: deps.platforms };
    await commit({ deliveries: refusalNotices(dctx, dir, refused, applied.snap.fingerprint) });
  };

  const apply = async (snap: FilesSnapshot, next: Directory) => {
    const before = applied;
    const at = clock.now().toISOString();
    const files = changedFiles(before.snap, snap);
    const change = diffDirectories(dir.base, next, files);
    dir.replaceBase(next);
    applied = { snap, at };
    const wasRefused = refused !== undefined;
    refused = undefined;
    log.info(
      { from: before.snap.fingerprint, to: snap.fingerprint, ...change },
      `config changed (${files.join(', ')}): now running on config ${snap.fingerprint}${wasRefused ? ', the refused change is fixed' : ''}`,
    );
    await commit(changeAudit(deps.ids, at, before.snap.fingerprint, snap.fingerprint, change));
  };

  const checkOnce = async () => {
    // A file may be half written: load only what reads the same before and after.
    for (let attempt = 0; attempt < 3; attempt++) {
      const snap = await snapshotFiles(source);
      if (snap.fingerprint === applied.snap.fingerprint) {
        if (refused) {
          refused = undefined;
          log.info(
            { fingerprint: snap.fingerprint },
            'the refused change is undone: the files are the config running',
          );
          return commit();
        }
        break;
      }
      if (refused?.fingerprint === snap.fingerprint) break;
      let next: Directory;
      try {
        next = await loadDirectory(source, deps.registry);
      } catch (err) {
        if ((await snapshotFiles(source)).fingerprint !== snap.fingerprint) continue;
        return refuse(snap, err);
      }
      if ((await snapshotFiles(source)).fingerprint !== snap.fingerprint) continue;
      return apply(snap, next);
    }
    if (unrecorded) return commit(unrecorded.change);
    if (clock.now().getTime() - recordedAt >= REPLICA_HEARTBEAT_MS) return commit();
  };

  const check = () => {
    checking = checking.then(checkOnce, checkOnce);
    return checking;
  };

  return {
    async start() {
      started = true;
      await check();
      if (recordedAt === 0 && !unrecorded) await commit();
      if (deps.watched)
        watch = watchConfigFiles({
          source,
          check,
          log,
          pollMs: deps.pollMs,
          debounceMs: deps.debounceMs ?? 200,
        });
      else {
        // The bundled example is not watched, but the replica still says it runs.
        const beat = setInterval(() => void check(), REPLICA_HEARTBEAT_MS);
        beat.unref();
        watch = { stop: () => clearInterval(beat) };
      }
    },
    check,
    status: () => ({
      configFile: source.configFile,
      playbookDir: source.playbookDir,
      watched: deps.watched,
      fingerprint: applied.snap.fingerprint,
      appliedAt: applied.at,
      ...(refused ? { refused } : {}),
      ...(unrecorded ? { unrecorded: unrecorded.error } : {}),
    }),
    async stop() {
      watch?.stop();
      await checking.catch(() => undefined);
      // A replica that stops says so: it no longer counts among those compared.
      if (started) await store.commit(replicaRecord(replica, null)).catch(() => undefined);
    },
  };
}

function merge(a: ChangeSet, b: ChangeSet): ChangeSet {
  return {
    audit: [...(a.audit ?? []), ...(b.audit ?? [])],
    deliveries: [...(a.deliveries ?? []), ...(b.deliveries ?? [])],
    kvInsert: [...(a.kvInsert ?? []), ...(b.kvInsert ?? [])],
  };
}
