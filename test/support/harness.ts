import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { type Baton, createBaton } from '../../app/app.js';
import { batonRegistry } from '../../app/registry.js';
import { type Clock, manualClock, sequentialIds } from '../../src/clock.js';
import { parseEnv } from '../../src/config/env.js';
import type { Logger } from '../../src/log.js';
import { silentLogger } from '../../src/log.js';
import type { Registry } from '../../src/registry/registry.js';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import type { Store } from '../../src/store/store.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

let runs = 0;

export interface TestBaton {
  baton: Baton;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  clock: ReturnType<typeof manualClock>;
  store: Store;
  /** Moves the clock and runs one scheduler pass (due follow-ups, outbox). */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Environment overrides; BATON_CONFIG and BATON_HANDOFFS default to the bundled example. */
  env?: Record<string, string | undefined>;
  /** Start of the manual clock; default Monday 2026-11-23 15:00 UTC (10:00 in New York). */
  now?: string;
  /** `memory` (default), a lowdb data file path, or a store the test opened (PostgreSQL); Baton closes it on stop. */
  store?: 'memory' | { file: string } | Store;
  adapters: (ctx: AdapterContext) => Promise<PlatformAdapter[]>;
  log?: Logger;
  clock?: Clock;
  /** The platforms and sources known; by default those of the composition root. */
  registry?: Registry;
  /** Claim what a commit queues at once, as a running Baton does; by default the tests send with `advance`. */
  outboxOnQueue?: boolean;
}

/**
 * Starts a whole Baton on a free loopback port with a manual clock: tests
 * drive it only through HTTP (signed requests, activities, webhooks) and the
 * fake platform servers, like the real world would.
 */
export async function startTestBaton(opts: StartOptions): Promise<TestBaton> {
  const clock = manualClock(opts.now ?? '2026-11-23T15:00:00Z');
  const registry = opts.registry ?? batonRegistry;
  const env = parseEnv(
    {
      BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml'),
      BATON_HANDOFFS: path.join(REPO, 'handoffs'),
      BATON_PLAYGROUND: 'off',
      // The tests drive the scheduler through `advance`; the timer stays out of the way.
      BATON_TICK_MS: '60000',
      ...opts.env,
    },
    registry,
  );
  const store =
    opts.store === undefined || opts.store === 'memory'
      ? createMemoryStore()
      : 'file' in opts.store
        ? await (await import('../../adapters/store/lowdb/index.js')).openLowdbStore({
            file: opts.store.file,
            clock,
          })
        : opts.store;
  const baton = await createBaton({
    env,
    log: opts.log ?? silentLogger,
    clock,
    // A tag per start: a restart on the same data file must not reuse ids.
    ids: sequentialIds(`${(runs++).toString(36)}${process.pid.toString(36)}x`),
    store,
    adapters: opts.adapters,
    registry,
    outboxOnQueue: opts.outboxOnQueue ?? false,
  });
  const port = await baton.listen(0);
  return {
    baton,
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    // The store as Baton writes through it: a handoff a test commits gets its journey fact too.
    store: baton.store,
    async advance(ms: number) {
      clock.advance(ms);
      await baton.runOnce();
    },
    stop: () => baton.stop(),
  };
}

export async function tempDir(prefix = 'baton-test-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
