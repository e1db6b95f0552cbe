import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import { createWebhooksAdapter } from '../../adapters/webhooks/index.js';
import { type Baton, createBaton } from '../../app/app.js';
import { batonRegistry } from '../../app/registry.js';
import { type manualClock, sequentialIds } from '../../src/clock.js';
import { parseEnv } from '../../src/config/env.js';
import type { Platform } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { PlatformAdapter } from '../../src/server/adapter.js';
import type { Sent } from '../../test/support/recording-notifier.js';
import { writeSetup } from './org.js';

const WEBHOOK_SECRET = 'sim-webhook-secret';

export interface BatonProcessOptions {
  /** The scratch directory: config and handoff files are rewritten into it on every (re)start. */
  tmp: string;
  /** Who is away until when; read again into the config on every restart. */
  away: Map<string, string>;
  dataFile: string;
  clock: ReturnType<typeof manualClock>;
  slackUrl: string;
  teamsUrl: string;
  /** What people were shown, as the notifiers handed it to the platforms (people's eyes, not the oracle's). */
  shown: Sent[];
  /** Called for every restart after the first start. */
  restarted: (why: string) => void;
}

export interface BatonProcess {
  /** Stops Baton if it runs, rewrites the setup and starts it again on the same data file. */
  restart(why: string): Promise<void>;
  current(): Baton;
  /** The shop's webhook, signed as Baton checks it; answered 202 the first time, 200 for a duplicate. */
  webhook(body: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The Baton under test: the real app with the real Slack, Teams and webhook
 * adapters, pointed at the fake platforms, its routes served on loopback.
 * A restart re-opens the embedded file store from disk.
 */
export function createBatonProcess(o: BatonProcessOptions): BatonProcess {
  let baton: Baton | undefined;
  let url = '';
  let http: Server | undefined;
  let generation = 0;

  function watched(n: Notifier): Notifier {
    return {
      platform: n.platform,
      async send(item) {
        const out = await n.send(item);
        if (out.ok) o.shown.push({ platform: n.platform as Platform, item });
        return out;
      },
      ...(n.reconcile ? { reconcile: (item) => n.reconcile?.(item) ?? Promise.resolve(undefined) } : {}),
      // The pacer counts real seconds, and the simulated world has none to spare: pacing is tested elsewhere.
      pacing: (item) => (n.pacing?.(item) ?? []).map((k) => ({ ...k, perSecond: k.perSecond * 10_000 })),
    };
  }
  const withWatchedNotifier = (a: PlatformAdapter): PlatformAdapter =>
    a.notifier ? { ...a, notifier: watched(a.notifier) } : a;

  async function restart(why: string): Promise<void> {
    if (baton) await baton.stop();
    const setup = await writeSetup(o.tmp, o.away, ++generation);
    const env = parseEnv(
      {
        BATON_CONFIG: setup.config,
        BATON_HANDOFFS: setup.handoffs,
        BATON_PLAYGROUND: 'off',
        SLACK_BOT_TOKEN: 'xoxb-sim',
        SLACK_SIGNING_SECRET: 'sim-signing-secret',
        SLACK_API_URL: o.slackUrl,
        TEAMS_SERVICE_URL: o.teamsUrl,
        BATON_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      batonRegistry,
    );
    const store = await openLowdbStore({ file: o.dataFile, clock: o.clock });
    baton = await createBaton({
      env,
      log: silentLogger,
      clock: o.clock,
      ids: sequentialIds(`g${generation}x`),
      store,
      adapters: async (ctx) => [
        withWatchedNotifier(await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })),
        withWatchedNotifier(await createTeamsAdapter(ctx)),
        await createWebhooksAdapter(ctx),
      ],
    });
    // Baton's own routes on loopback, without its timer: the simulation runs every scheduler pass itself.
    const routes = baton.adapters.flatMap((a) => a.routes);
    if (http) await new Promise<void>((resolve) => http?.close(() => resolve()));
    const server = createServer((req, res) => {
      const route = routes.find((r) => r.method === req.method && r.path === req.url);
      if (!route) return void res.writeHead(404).end();
      void route.handle(req, res);
    });
    http = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (generation > 1) o.restarted(why);
  }

  const current = (): Baton => {
    if (!baton) throw new Error('Baton is not running');
    return baton;
  };

  async function webhook(body: string): Promise<number> {
    const signature = createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
    const r = await fetch(`${url}/hooks/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-baton-signature': `sha256=${signature}` },
      body,
    });
    await r.arrayBuffer();
    return r.status;
  }

  async function stop(): Promise<void> {
    await current().stop();
    http?.closeAllConnections();
    await new Promise<void>((resolve) => http?.close(() => resolve()));
  }

  return { restart, current, webhook, stop };
}
