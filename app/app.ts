import { hostname } from 'node:os';
import path from 'node:path';
import { type BackfillOutcome, backfillJourney } from '../src/analytics/backfill.js';
import { recordingJourney } from '../src/analytics/record.js';
import { type Clock, type IdGenerator, randomIds, systemClock } from '../src/clock.js';
import { createDirectory } from '../src/config/directory.js';
import type { Env } from '../src/config/env.js';
import { createLiveDirectory, type LiveDirectory } from '../src/config/live-directory.js';
import { bundledPlaybooksPath, loadConfig } from '../src/config/load-config.js';
import type { Platform } from '../src/domain/types.js';
import type { Logger } from '../src/log.js';
import { createDispatcher } from '../src/outbox/dispatcher.js';
import type { Notifier } from '../src/outbox/notifier.js';
import { signallingQueued } from '../src/outbox/queued-signal.js';
import { createRenderer } from '../src/outbox/render.js';
import { describeWaiting, waitingDeliveries } from '../src/outbox/waiting.js';
import { loadPlaybooks } from '../src/playbooks/load-playbooks.js';
import {
  connectedPlatforms,
  connectedRecordWriters,
  envOf,
  isEmbedded,
  type Registry,
  translationProvider,
} from '../src/registry/registry.js';
import { createSchedulerLoop } from '../src/scheduler/loop.js';
import type { AdapterContext, PlatformAdapter, Route } from '../src/server/adapter.js';
import { configRefusedGauge } from '../src/server/config-metrics.js';
import { healthRoutes } from '../src/server/health.js';
import { createHttpServer } from '../src/server/http.js';
import { createMetrics } from '../src/server/metrics.js';
import { configReadiness } from '../src/services/config-replicas.js';
import type { RecordSystem } from '../src/services/deps.js';
import { createServices, type Services } from '../src/services/index.js';
import { createLiveConfig, type LiveConfig } from '../src/services/live-config.js';
import { refreshTimeOff } from '../src/services/time-off-store.js';
import type { Store } from '../src/store/store.js';
import { openStore } from './open-store.js';
import { batonRegistry } from './registry.js';
import { type LoadMemoryRelease, releaseLoadMemoryWhenIdle } from './release-load-memory.js';

export interface BatonOptions {
  env: Env;
  log: Logger;
  cwd?: string;
  clock?: Clock;
  ids?: IdGenerator;
  /** A store opened by the caller (tests); otherwise chosen from the env. */
  store?: Store;
  /** Adapters to run; by default chosen from the env (see `defaultAdapters`). */
  adapters?: (ctx: AdapterContext) => Promise<PlatformAdapter[]>;
  /** The platforms and sources known; by default `batonRegistry`. Parse `env` with the same one. */
  registry?: Registry;
  /**
   * Claim what a commit queues for sending at once rather than at the outbox's next interval
   * (default true); tests that drive the outbox step by step (`runOnce`) turn it off.
   */
  outboxOnQueue?: boolean;
}

export interface Baton {
  readonly dir: LiveDirectory;
  readonly store: Store;
  readonly services: Services;
  readonly adapters: PlatformAdapter[];
  readonly configFile: string;
  readonly bundledConfig: boolean;
  /** The config running, the change refused if any; watched from `listen` to `stop`. */
  readonly liveConfig: LiveConfig;
  /** Starts listening; resolves with the bound port. */
  listen(port?: number): Promise<number>;
  /** One scheduler pass now (tests and the CLI). */
  runOnce(): Promise<void>;
  /** Settles when the journey backfill `listen` started in the background is over (undefined: not started, or failed). */
  journeyBackfill(): Promise<BackfillOutcome | undefined>;
  stop(): Promise<void>;
}

/** Loads config and playbooks, opens the store, wires the adapters. Nothing listens yet. */
export async function createBaton(opts: BatonOptions): Promise<Baton> {
  const { env, log } = opts;
  const cwd = opts.cwd ?? process.cwd();
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  const registry = opts.registry ?? batonRegistry;
  if (!opts.adapters) preloadAdapters(registry, env);
  const loaded = await loadConfig(env.BATON_CONFIG, registry.platforms, cwd);
  const playbookDir = env.BATON_HANDOFFS
    ? path.resolve(cwd, env.BATON_HANDOFFS)
    : loaded.bundled
      ? bundledPlaybooksPath()
      : path.resolve(cwd, 'handoffs');
  const playbooks = await loadPlaybooks(playbookDir, loaded.config);
  // Live: the config and playbooks may be replaced while Baton runs, time off overlays them.
  const dir = createLiveDirectory(createDirectory(loaded.config, playbooks, registry));
  // Every write goes through the journey recorder, so the rollup moves in the same commit as its
  // handoff, and through the outbox's signal, so what a commit queues is sent without waiting a tick.
  const queued = signallingQueued(recordingJourney(opts.store ?? (await openStore(env, clock, log)), dir));
  const store = queued.store;
  // Platforms are known only once the adapters exist; services and metrics read this list lazily.
  const platforms: Platform[] = [];
  const recordSystems: RecordSystem[] = [];
  const metrics = createMetrics(store, platforms, dir.platforms);
  const replica = env.BATON_REPLICA ?? `${hostname()}:${process.pid}`;
  const liveConfig = await createLiveConfig({
    source: { configFile: loaded.file, playbookDir },
    watched: !loaded.bundled,
    dir,
    registry,
    store,
    clock,
    ids,
    log: log.child({ module: 'config' }),
    replica,
    platforms,
    pollMs: env.BATON_CONFIG_POLL_MS,
  });
  configRefusedGauge(metrics, () => liveConfig.status().refused !== undefined);

  const publicUrl = env.BATON_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const provider = translationProvider(registry, env);
  const translator = provider ? await provider.create(envOf(provider, env)) : undefined;
  if (provider) log.info({ provider: provider.name }, `Translate button on, through ${provider.label}`);
  const services = createServices({
    store,
    dir,
    clock,
    ids,
    log,
    platforms,
    recordSystems,
    publicUrl,
    ...(translator ? { translator } : {}),
  });
  // Time off set by command is in the store, not the config: read before anything is routed.
  await refreshTimeOff({ store, dir, log }, clock.now());
  const embedded = isEmbedded(registry.platforms, env);
  const ctx: AdapterContext = { env, services, log, metrics, registry, embedded };
  let adapters: PlatformAdapter[];
  try {
    adapters = await (opts.adapters ?? defaultAdapters)(ctx);
  } catch (err) {
    if (!opts.store) await store.close();
    throw err;
  }
  const notifiers = new Map<Platform, Notifier>();
  for (const a of adapters) if (a.notifier) notifiers.set(a.notifier.platform, a.notifier);
  platforms.push(...notifiers.keys());
  // Write-backs are queued only for the systems of record a notifier here carries.
  for (const w of registry.recordWriters ?? [])
    if (notifiers.has(w.name)) recordSystems.push({ name: w.name, keys: w.recordKeys });

  const dispatcher = createDispatcher({
    store,
    clock,
    ids,
    log: log.child({ module: 'outbox' }),
    notifiers,
    render: createRenderer(services.deps),
    replica,
    onSettled: (d, outcome) => metrics.deliveries.inc({ platform: d.platform, outcome }),
  });
  const loop = createSchedulerLoop({
    deps: { ...services.deps, replica },
    dispatcher,
    adapters,
    log: log.child({ module: 'scheduler' }),
    metrics,
    intervalMs: env.BATON_TICK_MS,
    ...(env.BATON_LEASE_MS === undefined ? {} : { leaseMs: env.BATON_LEASE_MS }),
  });
  if (opts.outboxOnQueue !== false) queued.onQueued(() => loop.deliveriesQueued());

  /** Once a start: what the outbox keeps for a platform that is not configured here. */
  const logWaiting = async () => {
    const stats = await store.stats().catch(() => undefined);
    if (!stats) return;
    for (const w of waitingDeliveries(stats, platforms))
      log.warn({ platform: w.platform, deliveries: w.count }, describeWaiting(w));
  };

  const routes: Route[] = [
    ...healthRoutes({
      store,
      adapters,
      metrics,
      config: () => configReadiness(liveConfig.status(), store, clock.now(), replica),
    }),
    ...adapters.flatMap((a) => a.routes),
  ];
  const server = createHttpServer({ routes, log, metrics });

  // Facts for handoffs from before the journey rollup, written once per store in the background.
  const backfillStop = new AbortController();
  let backfill: Promise<BackfillOutcome | undefined> = Promise.resolve(undefined);
  /**
   * After the store's indexes (`indexes`): a read of handoffs while the warm-up still builds them
   * in slices builds the rest in one go, and the backfill's first `listHandoffs` held the event
   * loop for up to a second (50,000 handoffs) whenever it started first.
   */
  const startBackfill = (indexes: Promise<unknown>) => {
    const journeyLog = log.child({ module: 'journey' });
    const stopped = new Promise<void>((resolve) =>
      backfillStop.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    backfill = (async () => {
      await Promise.race([indexes.catch(() => undefined), stopped]);
      if (backfillStop.signal.aborted) return undefined;
      return backfillJourney({
        store,
        dir,
        clock,
        log: journeyLog,
        owner: replica,
        signal: backfillStop.signal,
      });
    })().catch((err: unknown) => {
      journeyLog.warn({ err }, 'journey backfill failed; it runs again on the next start');
      return undefined;
    });
  };

  let loadMemory: LoadMemoryRelease | undefined;
  return {
    dir,
    store,
    services,
    adapters,
    configFile: loaded.file,
    bundledConfig: loaded.bundled,
    liveConfig,
    async listen(port = env.PORT) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve());
      });
      for (const a of adapters) await a.start?.();
      await logWaiting();
      await liveConfig.start();
      loop.start();
      // The store's indexes, then the name index over its names, in the background, in slices:
      // /readyz answers while they are built, and a look-up that needs one builds it first or
      // waits for it. Started once listening: their second of CPU is not spent before Baton
      // can answer at all.
      const indexes = store.warmUp?.() ?? Promise.resolve();
      const warm = (async () => {
        await indexes;
        await services.prepare();
      })();
      warm.catch((err: unknown) => log.warn({ err }, 'building the indexes failed'));
      loadMemory = releaseLoadMemoryWhenIdle(warm, log);
      startBackfill(indexes);
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    runOnce: () => loop.runOnce(),
    journeyBackfill: () => backfill,
    async stop() {
      // Stop taking new work, let in-flight requests and the current tick finish, then close the store.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections?.();
      loadMemory?.cancel();
      await loop.stop();
      await liveConfig.stop();
      backfillStop.abort();
      await backfill;
      for (const a of adapters)
        await a.stop?.().catch((err) => log.warn({ err, adapter: a.name }, 'adapter stop failed'));
      await store.close();
    },
  };
}

/**
 * The adapters every start runs (webhooks, each source enabled by its secret; the dashboard, whose
 * sign-in needs a link sent in chat; mail to customers, written as files without SMTP_URL), each
 * loaded when first asked for.
 */
const everyStart: ReadonlyArray<() => Promise<(ctx: AdapterContext) => Promise<PlatformAdapter>>> = [
  () => import('../adapters/webhooks/index.js').then((m) => m.createWebhooksAdapter),
  () => import('../adapters/dashboard/index.js').then((m) => m.createDashboardAdapter),
  () => import('../adapters/mail/index.js').then((m) => m.createMailAdapter),
];

/**
 * Starts loading what `defaultAdapters` will create (Bolt and botbuilder take about half a second
 * of a start), so that it loads in the gaps where reading the data file waits on the disk rather
 * than after it. Failures are left to the `create` that follows, which reports them.
 */
function preloadAdapters(registry: Registry, env: Env): void {
  const loads = [
    ...connectedPlatforms(registry.platforms, env).map((p) => p.load?.()),
    ...everyStart.map((l) => l()),
  ];
  for (const l of loads) l?.catch(() => undefined);
}

/**
 * Each registered platform whose credentials are set, or with none set the embedded default;
 * the systems of record written back to, each when switched on; then those of every start.
 */
export async function defaultAdapters(ctx: AdapterContext): Promise<PlatformAdapter[]> {
  const out: PlatformAdapter[] = [];
  for (const p of connectedPlatforms(ctx.registry.platforms, ctx.env)) out.push(await p.create(ctx));
  for (const w of connectedRecordWriters(ctx.registry, ctx.env)) out.push(await w.create(ctx));
  for (const load of everyStart) out.push(await (await load())(ctx));
  return out;
}

export type { Services };
