import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import PQueue from 'p-queue';
import { BatonError } from '../../src/errors.js';
import { envOf } from '../../src/registry/registry.js';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import type { CheckLine } from '../../src/server/check-line.js';
import { createAuthState } from './auth.js';
import { boltLogger } from './bolt-logger.js';
import { createDoor } from './door.js';
import { errorText, failureCause } from './errors.js';
import { registerActions } from './handlers/actions.js';
import { registerCommands } from './handlers/commands.js';
import { MAX_QUEUED } from './handlers/common.js';
import { registerEvents } from './handlers/events.js';
import { registerSubmissions } from './handlers/submissions.js';
import { createSlackNotifier } from './notifier.js';
import { slackChannelOf, slackPlatform } from './platform.js';
import { createReplayGuard, requestId } from './replays.js';
import { callerOf, detach, replyTo, type SlackRuntime } from './runtime.js';

export interface SlackAdapterOptions {
  /** Messages a second a channel (Slack: about 1). Tests raise it to keep the clock out of the way. */
  perSecond?: number;
  /** Hold the HTTP answer until the listener ends: only for tests that count on it. */
  processBeforeResponse?: boolean;
  /** How often to ask Slack again while it has not answered (auth.test, Socket Mode); default 30 s. */
  recheckMs?: number;
  /** How long one Web API call may take before it counts as an unknown outcome; default 10 s. */
  apiTimeoutMs?: number;
  /** Commands, clicks and submissions worked on at once after their acknowledgement; default 2. */
  workConcurrency?: number;
  /** Commands waiting beyond this are answered "busy, try again" at once; default MAX_QUEUED. */
  maxQueued?: number;
}

export interface SlackAdapter extends PlatformAdapter {
  readonly app: App;
}

/** Slack's Web API base, with the trailing slash the client expects. */
function apiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Baton in Slack: Bolt behind Baton's own HTTP server (`POST /slack/events`),
 * or Socket Mode when SLACK_APP_TOKEN is set. Nothing here throws when Slack
 * is unreachable or the token is wrong: it is logged and shown in /readyz.
 */
export async function createSlackAdapter(
  ctx: AdapterContext,
  opts: SlackAdapterOptions = {},
): Promise<SlackAdapter> {
  const { services } = ctx;
  const env = envOf(slackPlatform, ctx.env);
  const log = ctx.log.child({ module: 'slack' });
  const token = env.SLACK_BOT_TOKEN;
  if (!token) throw new BatonError('SLACK_CONFIG', 'SLACK_BOT_TOKEN is not set');
  const socketMode = Boolean(env.SLACK_APP_TOKEN);
  if (!socketMode && !env.SLACK_SIGNING_SECRET) {
    throw new BatonError(
      'SLACK_CONFIG',
      'Set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) with SLACK_BOT_TOKEN',
    );
  }
  const slackApiUrl = apiUrl(env.SLACK_API_URL);
  // No retries inside the client: the outbox retries with its own backoff, so
  // a 500 never blocks a send for half an hour and nothing is posted twice.
  const clientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.apiTimeoutMs ?? 10_000,
  };
  const logger = boltLogger(log, ctx.env.LOG_LEVEL === 'debug' || ctx.env.LOG_LEVEL === 'trace');
  const client = new webApi.WebClient(token, { ...clientOptions, logger });
  const recheckMs = opts.recheckMs ?? 30_000;
  const auth = createAuthState(client, token, log, recheckMs);

  const httpReceiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        endpoints: '/slack/events',
        processBeforeResponse: opts.processBeforeResponse ?? false,
        logger,
      });
  const socketReceiver = socketMode
    ? new SocketModeReceiver({
        appToken: env.SLACK_APP_TOKEN ?? '',
        logger,
        installerOptions: { clientOptions },
      })
    : undefined;
  let socketState = { ok: !socketMode, detail: 'Socket Mode: not connected yet' };
  socketReceiver?.client.on('connected', () => {
    socketState = { ok: true, detail: 'Socket Mode connected' };
  });
  socketReceiver?.client.on('disconnected', () => {
    socketState = { ok: false, detail: 'Socket Mode disconnected; reconnecting' };
  });

  const app = new App({
    receiver: httpReceiver ?? socketReceiver,
    authorize: () => auth.authorize(),
    clientOptions,
    convoStore: false,
    // Baton's message listener ignores every bot, itself included; one global middleware less a request.
    ignoreSelf: false,
    logger,
  });
  // First of all listeners: a replayed or retried request is acknowledged and goes no further.
  const replays = createReplayGuard({ clock: services.deps.clock, log });
  app.use(async (args) => {
    const id = requestId(args.body);
    if (!id || replays.firstTime(id)) return args.next();
    log.info(
      { id, retryNum: args.context.retryNum },
      'Slack request seen before: acknowledged, not run again',
    );
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
  });
  app.error(async (err) => {
    log.error({ err: errorText(err.original ?? err) }, 'Slack request failed');
  });

  const notifier = createSlackNotifier({
    client,
    dir: services.deps.dir,
    store: services.deps.store,
    log,
    perSecond: opts.perSecond ?? 1,
  });
  // 64 at a time, each taking its own turns of the event loop (src/server/turns.ts), so
  // acknowledgements are read between them. Slots bound what waits on the disk: with two, two
  // Accepts waiting on their fsync held every other command (the burst bench left 1,300 of
  // 4,000 unanswered; with 16, the queue still grew to 1,600). Sending to Slack holds no slot.
  const work = new PQueue({ concurrency: opts.workConcurrency ?? 64 });
  // Answering only after the work (processBeforeResponse) and acknowledging first exclude each other.
  const door =
    httpReceiver && !opts.processBeforeResponse
      ? createDoor({
          app,
          receiver: httpReceiver,
          signingSecret: env.SLACK_SIGNING_SECRET ?? '',
          log,
          backlog: () => work.size,
          maxQueued: opts.maxQueued ?? MAX_QUEUED,
          early: () => ctx.metrics.early.inc({ platform: 'slack' }),
          answerLate: (userId, url, reply) => detach(rt, () => replyTo(rt, callerOf(rt, userId), url, reply)),
        })
      : undefined;
  const sending = new Set<Promise<unknown>>();
  const rt: SlackRuntime = {
    app,
    client,
    work,
    sending,
    services,
    dir: services.deps.dir,
    log,
    notifier,
    backlog: () => work.size + (door?.waiting() ?? 0),
    maxQueued: opts.maxQueued ?? MAX_QUEUED,
    shed: () => ctx.metrics.shed.inc({ platform: 'slack', kind: 'command' }),
  };
  registerCommands(rt);
  registerActions(rt);
  registerSubmissions(rt);
  registerEvents(rt);

  let socketStartedAt = 0;
  async function startSocket(): Promise<void> {
    socketStartedAt = Date.now();
    try {
      await app.start();
    } catch (err) {
      socketState = { ok: false, detail: `Socket Mode could not connect: ${errorText(err)}` };
      log.error({ reason: errorText(err) }, 'Slack Socket Mode could not connect; Baton keeps trying');
    }
  }

  return {
    name: 'slack',
    app,
    notifier,
    routes: httpReceiver
      ? [
          {
            method: 'POST',
            path: '/slack/events',
            handle: (req, res) => {
              if (door) door.handle(req, res);
              else httpReceiver.requestListener(req, res);
            },
          },
        ]
      : [],
    async start() {
      void auth.check();
      if (socketMode) void startSocket();
    },
    async stop() {
      if (socketMode) {
        // A peer that never completes the closing handshake must not hold up Baton's stop.
        const timeout = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
        await Promise.race([app.stop().catch(() => undefined), timeout]);
      }
      // Answers already acknowledged are finished before the store closes.
      await door?.drained();
      await work.onIdle();
      await Promise.allSettled([...sending]);
    },
    ready() {
      const a = auth.status();
      if (!a.ok) return a;
      return socketState.ok ? a : socketState;
    },
    async onTick() {
      await auth.recheck();
      if (socketMode && !socketState.ok && Date.now() - socketStartedAt >= recheckMs) void startSocket();
    },
    async check() {
      // Lines in `baton check`'s form; the token's own verdict is ready()'s line.
      await auth.check();
      if (!auth.status().ok) return [];
      const lines: CheckLine[] = [];
      const url = `${client.slackApiUrl}conversations.history`;
      for (const [key, team] of Object.entries(services.deps.dir.config.teams)) {
        const channel = slackChannelOf(team);
        if (!channel) continue;
        const where = `slack: ${team.name} (${key}) channel ${channel}`;
        try {
          await client.conversations.history({ channel, limit: 1 });
          lines.push({ level: 'ok', area: 'slack', message: `${where} reachable` });
        } catch (err) {
          const cause = failureCause(err);
          const fix = cause === 'not_in_channel' ? 'invite Baton with /invite @Baton' : undefined;
          lines.push({
            level: 'error',
            area: 'slack',
            message: `${where} not reachable (${cause})${fix ? `: ${fix}` : ''}`,
            url,
            cause,
            ...(fix ? { fix } : {}),
          });
        }
      }
      return lines;
    },
  };
}
