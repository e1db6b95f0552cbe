import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * The Bot Framework's token service on loopback: an OpenID configuration and
 * its JWKS (keys endorsed for msteams), and tokens signed like the channel's
 * (issuer https://api.botframework.com, audience the app id, the
 * serviceurl claim). Pointing botbuilder here checks real signatures offline.
 */
export interface FakeTokenService {
  /** botbuilder settings for `createTeamsAdapter(ctx, { authSettings })`. */
  settings: Record<string, string>;
  /** `Bearer <jwt>` for an activity to this app at this serviceUrl. */
  bearer(appId: string, serviceUrl: string, opts?: { foreignKey?: boolean }): string;
  close(): Promise<void>;
}

const ISSUER = 'https://api.botframework.com';

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function sign(key: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const signer = createSign('RSA-SHA256');
  signer.update(`${head}.${body}`);
  return `${head}.${body}.${signer.sign(key).toString('base64url')}`;
}

export async function startFakeTokenService(): Promise<FakeTokenService> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A key nobody published: a token signed with it must be refused.
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') return res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
    if (req.url === '/keys')
      return res.end(
        JSON.stringify({
          keys: [{ kty: 'RSA', use: 'sig', kid: 'k1', n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
        }),
      );
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    settings: {
      ToBotFromChannelOpenIdMetadataUrl: `${base}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${base}/openid`,
      ToBotFromChannelTokenIssuer: ISSUER,
      // Outgoing calls would need a token: make any attempt fail on loopback, never reach Microsoft.
      ToChannelFromBotLoginUrl: 'http://127.0.0.1:9/botframework.com',
      ToChannelFromBotOAuthScope: ISSUER,
      OAuthUrl: 'http://127.0.0.1:9/',
      ValidateAuthority: 'false',
    },
    bearer(appId, serviceUrl, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: ISSUER,
        aud: appId,
        serviceurl: serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + 3600,
      };
      return `Bearer ${sign(opts.foreignKey ? foreign : privateKey, 'k1', payload)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
