import type { IncomingMessage } from 'node:http';
import { envOf } from '../../src/registry/registry.js';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { allowedTenants } from './admission.js';
import { createBot } from './bot.js';
import { checkLines } from './check.js';
import { demoIdentity } from './demo-identity.js';
import { createTeamsNotifier } from './notifier.js';
import { teamsPlatform } from './platform.js';
import { createConversationBook } from './refs.js';
import type { TeamsRuntime } from './runtime.js';
import { messagesRoute } from './transport.js';
import { createTurnLogic } from './turn.js';

/**
 * Baton in Microsoft Teams: `POST /api/messages` on Baton's port, Adaptive
 * Cards with Universal Actions, proactive posts through the outbox. This
 * folder is the only place that knows botbuilder (Microsoft is retiring the
 * Bot Framework SDK): moving to the Teams SDK stays a change to this folder.
 */
export async function createTeamsAdapter(
  ctx: AdapterContext,
  opts: {
    peerOf?: (req: IncomingMessage) => string | undefined;
    /** botbuilder authentication settings (OpenID metadata URLs, issuer) for tests with signed tokens. */
    authSettings?: Record<string, string>;
  } = {},
): Promise<PlatformAdapter> {
  const { services } = ctx;
  const env = envOf(teamsPlatform, ctx.env);
  const log = ctx.log.child({ module: 'teams' });
  const bot = createBot(env, opts.authSettings);
  const store = services.deps.store;
  const book = createConversationBook({ store, log });
  const demo = demoIdentity(env, ctx.embedded);
  const dir = services.deps.dir;
  const notifier = createTeamsNotifier({ bot, book, dir, store, env, log });
  const rt: TeamsRuntime = {
    services,
    dir,
    store,
    log,
    env,
    bot,
    book,
    notifier,
    ...(demo ? { demo } : {}),
  };
  const logic = createTurnLogic(rt);
  // Inbound turns catch their own errors; this is the last resort botbuilder calls.
  bot.adapter.onTurnError = async (_turn, err) => {
    log.error({ err }, 'Teams turn error');
  };
  // Read from the directory at each use: live config may add a team's tenant.
  const tenants = env.MicrosoftAppId ? () => allowedTenants(env, rt.dir) : undefined;

  return {
    name: 'teams',
    notifier,
    routes: [
      messagesRoute({
        adapter: bot.adapter,
        log,
        logic,
        tenants,
        ...(opts.peerOf ? { peerOf: opts.peerOf } : {}),
      }),
    ],
    ready() {
      if (!env.MicrosoftAppId)
        return { ok: true, detail: 'Teams: no app id (local mode: loopback Playground only)' };
      if (tenants && tenants().size === 0)
        return {
          ok: false,
          detail:
            'Teams: no tenant allowed, every activity is refused: set MicrosoftAppTenantId or TEAMS_ALLOWED_TENANTS',
        };
      return { ok: true, detail: 'Teams: bot credentials set' };
    },
    check: () => checkLines({ services, book, env }),
  };
}
