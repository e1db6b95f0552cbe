import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { z } from 'zod';
import { errorMessage } from '../../src/errors.js';
import type { CheckLine } from '../../src/server/check-line.js';
import { describeRequestFailure } from '../net-cause.js';
import { appSettings, CONNECTOR_AUDIENCE } from './bot.js';
import type { TeamsEnv } from './platform.js';

/** botbuilder's AuthenticationConstants.ToChannelFromBotLoginUrl: the public cloud's login. */
const PUBLIC_LOGIN = 'https://login.microsoftonline.com/botframework.com';
/** A login that has not answered by then will not answer the bot either. */
const TOKEN_TIMEOUT_MS = 10_000;
const area = 'teams';

export interface TokenRequest {
  /** The identity platform's v2.0 token endpoint under the authority botbuilder picked. */
  tokenUrl: string;
  scope: string;
}

/** What botbuilder's credentials carry; read by shape, since their class is not exported by botbuilder. */
const authority = z.object({ oAuthEndpoint: z.string().min(1), oAuthScope: z.string().min(1) });

/**
 * Where the bot asks for its token, as botbuilder itself decides it: the
 * tenant for a SingleTenant app, botframework.com for a MultiTenant one, or
 * ToChannelFromBotLoginUrl as given. MSAL, which botbuilder then calls, is
 * not used for the request: it says only "network_error" whatever the
 * network did, and refuses any authority that is not https.
 */
export async function tokenRequestOf(env: TeamsEnv): Promise<TokenRequest> {
  const factory = new ConfigurationServiceClientCredentialFactory(appSettings(env));
  const creds = await factory.createCredentials(
    env.MicrosoftAppId ?? '',
    CONNECTOR_AUDIENCE,
    env.ToChannelFromBotLoginUrl ?? PUBLIC_LOGIN,
    true,
  );
  const { oAuthEndpoint, oAuthScope } = authority.parse(creds);
  return {
    tokenUrl: `${oAuthEndpoint.replace(/\/+$/, '')}/oauth2/v2.0/token`,
    scope: oAuthScope.endsWith('/.default') ? oAuthScope : `${oAuthScope}/.default`,
  };
}

const tokenAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional() });
const errorAnswer = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
  error_uri: z.string().optional(),
});

/**
 * `baton check`'s Teams reachability: asks Microsoft's identity platform for
 * the Bot Framework token the bot needs for every post (client credentials),
 * and says whether it came, or where the request went and why it failed.
 */
export async function checkBotToken(env: TeamsEnv, opts: { timeoutMs?: number } = {}): Promise<CheckLine> {
  const appId = env.MicrosoftAppId ?? '';
  if ((env.MicrosoftAppType ?? '').toLowerCase() === 'userassignedmsi')
    return {
      level: 'skip',
      area,
      message: `Teams: app ${appId} uses a managed identity: its token comes from Azure where Baton runs, not checked from here`,
    };
  if (!env.MicrosoftAppPassword)
    return {
      level: 'error',
      area,
      message: `Teams: MicrosoftAppPassword is not set: app ${appId} cannot get a Bot Framework token`,
      fix: "set MicrosoftAppPassword to a client secret's Value from the app registration (Certificates & secrets)",
    };
  let req: TokenRequest;
  try {
    req = await tokenRequestOf(env);
  } catch (err) {
    return {
      level: 'error',
      area,
      message: `Teams: app ${appId}'s settings are incomplete: ${errorMessage(err)}`,
      fix: 'set MicrosoftAppTenantId for a SingleTenant app, or MicrosoftAppType=MultiTenant',
    };
  }
  const url = req.tokenUrl;
  /** The request did not get a token answer: what went wrong on the way, with the URL asked. */
  const unreached = (cause: string): CheckLine => ({
    level: 'error',
    area,
    message: `Teams: Bot Framework token request to ${url} failed: ${cause}`,
    url,
    cause,
    fix: reachFix(env),
  });
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: appId,
        client_secret: env.MicrosoftAppPassword,
        scope: req.scope,
      }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? TOKEN_TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    return unreached(describeRequestFailure(err));
  }
  const body = jsonOf(text);
  if (status >= 200 && status < 300 && tokenAnswer.safeParse(body).success)
    return { level: 'ok', area, message: `Teams: app ${appId} got a Bot Framework token from ${url}` };
  const refused = errorAnswer.safeParse(body);
  if (!refused.success) return unreached(`HTTP ${status}${status < 300 ? ' without an access token' : ''}`);
  const { error, error_description: description = '', error_uri: errorUri } = refused.data;
  const code = /AADSTS\d+/.exec(description)?.[0];
  const cause = code ? `${code} (${error})` : error;
  const fix = (code ? FIXES[code]?.(env) : undefined) ?? otherFix(code, errorUri);
  return {
    level: 'error',
    area,
    message: `Teams: Microsoft refused a Bot Framework token for app ${appId} at ${url}: ${firstSentence(description) || error} — fix: ${fix}`,
    url,
    cause,
    fix,
  };
}

const APP_ID = "the app registration's Application (client) ID";
const TENANT_ID = "the app registration's Directory (tenant) ID";

/** Microsoft's own codes, each with what to change in Baton's environment or the app registration. */
const FIXES: Record<string, (env: TeamsEnv) => string> = {
  AADSTS7000215: () =>
    "MicrosoftAppPassword is not a secret of this app: set it to a client secret's Value (not its Secret ID) from the app registration's Certificates & secrets, or create a new secret there",
  AADSTS7000222: () =>
    "the client secret has expired: create a new one under the app registration's Certificates & secrets and set MicrosoftAppPassword to it",
  AADSTS700016: (env) =>
    env.MicrosoftAppTenantId
      ? `no such app in tenant ${env.MicrosoftAppTenantId}: set MicrosoftAppId to ${APP_ID} and MicrosoftAppTenantId to ${TENANT_ID}`
      : `no such multi-tenant app: set MicrosoftAppId to ${APP_ID}; if the app registration is single-tenant, also set MicrosoftAppTenantId to ${TENANT_ID}`,
  AADSTS90002: () => `the tenant does not exist: set MicrosoftAppTenantId to ${TENANT_ID}`,
  AADSTS900023: () => `MicrosoftAppTenantId is not a tenant id: set it to ${TENANT_ID} (a GUID)`,
  AADSTS7000112: () =>
    "the app is disabled in its tenant: enable it (Enterprise applications, the app's Properties, Enabled for users to sign in)",
};

function otherFix(code: string | undefined, errorUri: string | undefined): string {
  const docs =
    errorUri ?? (code ? `https://login.microsoftonline.com/error?code=${code.slice(6)}` : undefined);
  return docs
    ? `see Microsoft's explanation at ${docs}, then correct MicrosoftAppId, MicrosoftAppPassword or MicrosoftAppTenantId`
    : 'check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId against the app registration';
}

/** No usable answer: the network or the login URL, not the credentials. */
function reachFix(env: TeamsEnv): string {
  return env.ToChannelFromBotLoginUrl
    ? 'check ToChannelFromBotLoginUrl and that this machine reaches it'
    : 'check that this machine reaches login.microsoftonline.com over HTTPS (proxy, firewall, DNS)';
}

/** Microsoft's description up to its first full stop; the trace and correlation ids follow it. */
function firstSentence(description: string): string {
  const head = description.split(/\r?\n|\s+Trace ID:/)[0] ?? '';
  const end = head.search(/\.(\s|$)/);
  return (end >= 0 ? head.slice(0, end + 1) : head).trim();
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
