import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * Microsoft's identity platform on loopback, for the client-credentials
 * grant only: `POST /<tenant>/oauth2/v2.0/token` with a form body, answered
 * as login.microsoftonline.com answers it (a token, or a JSON error whose
 * error_description starts with its AADSTS code, then trace and
 * correlation ids on their own lines).
 */
export interface FakeLogin {
  /** `http://127.0.0.1:<port>`: the authority is this plus `/<tenant>`. */
  url: string;
  /** Each token request: the tenant in its path and its form fields. */
  requests: Array<{ path: string; tenant: string; form: Record<string, string> }>;
  close(): Promise<void>;
}

/** `tenants[tenant][appId]` is the app's client secret; `botframework.com` holds the multi-tenant apps. */
export async function startFakeLogin(tenants: Record<string, Record<string, string>>): Promise<FakeLogin> {
  const requests: FakeLogin['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      const answer = (status: number, body: Record<string, unknown>) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !m?.[1]) return answer(404, { error: 'not_found' });
      const tenant = decodeURIComponent(m[1]);
      const form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ path, tenant, form });
      const apps = tenants[tenant];
      if (!apps)
        return answer(
          400,
          refusal(
            'invalid_request',
            90002,
            `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
          ),
        );
      const appId = form.client_id ?? '';
      const secret = apps[appId];
      if (secret === undefined)
        return answer(
          400,
          refusal(
            'unauthorized_client',
            700016,
            `Application with identifier '${appId}' was not found in the directory '${tenant === 'botframework.com' ? 'Bot Framework' : tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
          ),
        );
      if (form.client_secret !== secret)
        return answer(
          401,
          refusal(
            'invalid_client',
            7000215,
            `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
          ),
        );
      answer(200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ aud: 'https://api.botframework.com', appid: appId })).toString('base64url')}.c2ln`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function refusal(error: string, code: number, text: string): Record<string, unknown> {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = '2026-12-06 13:00:00Z';
  return {
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}
