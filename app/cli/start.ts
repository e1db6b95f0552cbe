import { teamsPlatform } from '../../adapters/teams/platform.js';
import type { Env } from '../../src/config/env.js';
import { errorMessage } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { envOf, isEmbedded } from '../../src/registry/registry.js';
import { publicUrlOf } from '../../src/services/dashboard-links.js';
import { type Baton, createBaton } from '../app.js';
import { seedExampleCustomers } from '../demo/example-customers.js';
import { batonRegistry } from '../registry.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton start

Runs Baton on PORT (default 3978): Slack at POST /slack/events, Teams at
POST /api/messages, webhooks under POST /hooks/<source>, and GET /healthz,
/readyz, /metrics. Without platform credentials it runs on the embedded
default (local data file, bundled example config and playbooks) and starts
the Microsoft 365 Agents Playground to try it in a browser (BATON_PLAYGROUND=off
to skip).`;

export async function runStart(args: string[]): Promise<number> {
  if (!options(args, {}, USAGE)) return process.exitCode === 2 ? 2 : 0;
  const { env, log } = envAndLogger();
  let baton: Baton | undefined;
  let playground: { url: string; stop(): Promise<void> } | undefined;
  let stopping = false;
  let starting: Promise<void> = Promise.resolve();

  // Listened for before anything starts: /readyz answers as soon as the port is open, and a
  // process manager's SIGTERM then, while the rest starts, must still stop Baton gracefully.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight work');
    // A second signal, or a stop that hangs, must still end the process.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    // What is starting finishes its step first, so the stop finds each part whole.
    await starting.catch(() => {});
    await playground?.stop().catch(() => {});
    await baton?.stop();
    log.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  starting = (async () => {
    baton = await createBaton({ env, log });
    if (stopping) return;
    // Before listening: once /readyz says ready, the embedded default's examples are there (a
    // SIGTERM right after it used to stop Baton before they were written).
    if (baton.bundledConfig) await seedExampleCustomers(baton.services, log);
    if (stopping) return;
    const port = await baton.listen();
    if (stopping) return;
    playground = await announce(baton, port, env, log, () => stopping);
  })();
  await starting;
  return -1;
}

/** Says Baton runs (and on the bundled config how to make it yours), and opens the Playground when asked. */
async function announce(
  baton: Baton,
  port: number,
  env: Env,
  log: Logger,
  stopping: () => boolean,
): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  const platforms = baton.adapters.filter((a) => a.notifier).map((a) => a.name);
  const embedded = isEmbedded(batonRegistry.platforms, env);
  const teamsEnv = envOf(teamsPlatform, env);
  log.info(
    {
      port,
      store: baton.store.kind,
      ...(baton.store.kind === 'lowdb' ? { dataFile: env.BATON_DATA_FILE } : {}),
      config: baton.configFile,
      bundledConfig: baton.bundledConfig,
      playbooks: baton.dir.playbooks.map((p) => p.id),
      platforms,
    },
    'Baton is running',
  );
  if (baton.bundledConfig) {
    log.info(
      {},
      'Using the bundled example config: copy baton.config.example.yaml to baton.config.yaml to make it yours',
    );
  }

  if (stopping()) return undefined;
  if (teamsEnv.BATON_PLAYGROUND === 'on' || (embedded && teamsEnv.BATON_PLAYGROUND === 'auto')) {
    try {
      const { startPlayground } = await import('../../adapters/teams/playground.js');
      const pg = await startPlayground({
        batonUrl: `http://127.0.0.1:${port}`,
        port: teamsEnv.BATON_PLAYGROUND_PORT,
        log,
      });
      process.stdout.write(
        `\n  Baton is running on the embedded default (no Slack or Teams credentials set).\n` +
          `  Try it in the Microsoft 365 Agents Playground: ${pg.url}\n` +
          `  You are Dana Reyes (Sales lead). In the Personal Chat type "help", or\n` +
          `  "handoff Acme Corp to delivery" and fill in the form; the card appears in the Delivery channel.\n` +
          `  You sent it, so Delivery accepts it: type "as tom" to act as Tom Becker (Delivery), "as dana" to return.\n` +
          `  "dashboard" sends you a one-time link to the web dashboard (${publicUrlOf(baton.services.deps)}/dashboard).\n` +
          `  Stop with Ctrl+C. Connect Slack or Teams: see README.md.\n\n`,
      );
      return pg;
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'the Agents Playground could not start; Baton runs without it');
    }
  }
  return undefined;
}
