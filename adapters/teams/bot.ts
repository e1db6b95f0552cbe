import {
  type Activity,
  CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { TeamsEnv } from './platform.js';
import { ReusedClientsAuthentication } from './reused-clients.js';

/** The audience for calls to the Bot Framework connector in the public cloud. */
export const CONNECTOR_AUDIENCE = 'https://api.botframework.com';

/** A connector call that has not answered by then is an unknown outcome for the outbox to settle. */
export const SEND_TIMEOUT_MS = 15_000;

interface Pipeline {
  removePolicy(p: { name: string }): unknown;
  addPolicy(p: {
    name: string;
    sendRequest(req: { timeout: number }, next: (req: unknown) => Promise<unknown>): Promise<unknown>;
  }): void;
  getOrderedPolicies(): Array<{ name: string }>;
}

/**
 * The connector client retries 429s and 5xx by itself (Azure's default retry
 * policy), which would hold a conversation's queue for minutes and could post
 * a card twice after a 502. Baton's outbox retries with its own backoff and
 * knows when an outcome is unknown, so the client's retries come out and
 * every call gets a time limit.
 */
function tune(adapter: CloudAdapter, ctx: TurnContext): void {
  const client = ctx.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: Pipeline } }
    | undefined;
  const pipeline = client?.client?.pipeline;
  if (!pipeline || pipeline.getOrderedPolicies().some((p) => p.name === 'batonTimeout')) return;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy({
    name: 'batonTimeout',
    sendRequest: (req, next) => {
      req.timeout = SEND_TIMEOUT_MS;
      return next(req);
    },
  });
}

/**
 * botbuilder's CloudAdapter with its turn entry point opened up: Baton reads
 * and answers the HTTP request itself (its own body limit, 400 for bad JSON,
 * its own logs), and hands botbuilder only the parsed activity and the
 * Authorization header, which botbuilder checks.
 */
export class BatonCloudAdapter extends CloudAdapter {
  /**
   * `admit` sees the activity after its token was checked and before any
   * turn runs; a refusal it returns is the answer, and nothing happens.
   */
  async runTurn<R>(
    authHeader: string,
    activity: Activity,
    logic: (ctx: TurnContext) => Promise<void>,
    admit: () => R | undefined = () => undefined,
  ): Promise<{ refused: R } | { invoke: InvokeResponse | undefined }> {
    const auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    const refused = admit();
    if (refused !== undefined) return { refused };
    return { invoke: (await this.processActivity(auth, activity, logic)) as InvokeResponse | undefined };
  }
}

/**
 * Sends in a proactive turn as a new message (or a reply to `replyTo`).
 * botbuilder makes every proactive send a reply to its made-up continuation
 * activity; Teams would take that as a reply to a message that does not
 * exist, so the hook puts the reply target right after botbuilder set it.
 */
export function sendNew(ctx: TurnContext, activity: Partial<Activity>, replyTo?: string) {
  ctx.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) {
      if (replyTo) a.replyToId = replyTo;
      else delete a.replyToId;
    }
    return next();
  });
  return ctx.sendActivity(activity);
}

export interface Bot {
  adapter: BatonCloudAdapter;
  appId: string;
  /** Runs `fn` in a proactive turn on `ref`; its error (a failed send) is thrown here, not lost. */
  continueIn<T>(ref: Partial<ConversationReference>, fn: (ctx: TurnContext) => Promise<T>): Promise<T>;
  /** Opens a new conversation (a 1:1 chat, a channel thread) and runs `fn` in it. */
  createIn<T>(
    serviceUrl: string,
    params: ConversationParameters,
    fn: (ctx: TurnContext) => Promise<T>,
  ): Promise<T>;
}

/**
 * The app's credentials in botbuilder's settings, one place for the bot and
 * `baton check`'s token request: a tenant id makes a single-tenant app
 * unless MicrosoftAppType says otherwise.
 */
export function appSettings(env: TeamsEnv) {
  return {
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType:
      env.MicrosoftAppType ??
      (env.MicrosoftAppId && env.MicrosoftAppTenantId ? 'SingleTenant' : 'MultiTenant'),
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
  };
}

/**
 * With no MicrosoftAppId botbuilder accepts every request and proactive
 * calls go out without a token (the transport and the notifier keep that to
 * loopback: the Playground, tests); with one, botbuilder checks each
 * request's token and signs outgoing calls.
 */
export function createBot(env: TeamsEnv, authSettings: Record<string, string> = {}): Bot {
  const config = {
    // Where botbuilder finds the keys that sign the channel's tokens; tests point it at a loopback JWKS.
    ...authSettings,
    ...appSettings(env),
  };
  const auth = new ReusedClientsAuthentication(config);
  const adapter = new BatonCloudAdapter(auth);
  const appId = env.MicrosoftAppId ?? '';

  // A failed send inside a proactive turn would otherwise reach onTurnError and
  // vanish (the continueConversationAsync promise still resolves): the logic
  // catches it itself and the caller sees it thrown.
  async function capture<T>(
    run: (logic: (ctx: TurnContext) => Promise<void>) => Promise<void>,
    fn: (ctx: TurnContext) => Promise<T>,
  ) {
    let outcome: { ok: true; value: T } | { ok: false; err: unknown } | undefined;
    await run(async (ctx) => {
      try {
        tune(adapter, ctx);
        outcome = { ok: true, value: await fn(ctx) };
      } catch (err) {
        outcome = { ok: false, err };
      }
    });
    if (!outcome) throw new Error('the Bot Framework ran no turn');
    if (!outcome.ok) throw outcome.err;
    return outcome.value;
  }

  return {
    adapter,
    appId,
    continueIn: (ref, fn) => capture((logic) => adapter.continueConversationAsync(appId, ref, logic), fn),
    createIn: (serviceUrl, params, fn) =>
      capture(
        (logic) =>
          adapter.createConversationAsync(
            appId,
            'msteams',
            serviceUrl,
            appId ? CONNECTOR_AUDIENCE : '',
            params,
            logic,
          ),
        fn,
      ),
  };
}
