import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Auth = ConfigurationBotFrameworkAuthentication;
type AuthResult = Awaited<ReturnType<Auth['authenticateRequest']>>;
type ConnectorFactory = NonNullable<AuthResult['connectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type Claims = Parameters<Auth['createUserTokenClient']>[0];
type UserTokenClient = Awaited<ReturnType<Auth['createUserTokenClient']>>;

/** Apps, service URLs and audiences seen are a handful; past this many the oldest client is let go. */
const KEPT = 64;

/** The app a request's clients act as: botbuilder takes it from the token's audience claim (appid from the Emulator). */
const appOf = (claims: Claims): string => claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';

/** A promise kept by key, forgotten if it fails (the next turn tries again), the oldest let go past KEPT. */
function keep<T>(kept: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = kept.get(key);
  if (known) return known;
  const made = make();
  made.catch(() => {
    if (kept.get(key) === made) kept.delete(key);
  });
  if (kept.size >= KEPT) {
    const oldest = kept.keys().next().value;
    if (oldest !== undefined) kept.delete(oldest);
  }
  kept.set(key, made);
  return made;
}

/**
 * botbuilder's authentication, with the clients a request's turn gets made
 * once and shared by every turn of the same app (and service URL and
 * audience). botbuilder builds a connector client for the replies and a
 * user-token client (for sign-in prompts, which Baton does not use) on every
 * turn, each an HTTP pipeline of a dozen policies with its credentials: more
 * CPU than the rest of a `mine` turn outside Baton's own work. Neither holds
 * anything of a turn (the credentials keep and renew their token), so turns
 * can share them. Proactive turns (the outbox) still get a client each: the
 * bot tunes its retries and time limit (bot.ts), which the replies to a
 * request do not get.
 */
export class ReusedClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(...args: Parameters<Auth['authenticateRequest']>): Promise<AuthResult> {
    const auth = await super.authenticateRequest(...args);
    const factory = auth.connectorFactory;
    if (!factory) return auth;
    const app = appOf(auth.claimsIdentity);
    const shared = Object.create(factory) as ConnectorFactory;
    shared.create = (serviceUrl: string, audience: string) =>
      keep(this.connectors, `${app}\n${audience}\n${serviceUrl}`, () => factory.create(serviceUrl, audience));
    return { ...auth, connectorFactory: shared };
  }

  override createUserTokenClient(claims: Claims): Promise<UserTokenClient> {
    return keep(this.tokenClients, appOf(claims), () => super.createUserTokenClient(claims));
  }
}
