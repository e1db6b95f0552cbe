import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { teamsPlatform } from '../../../adapters/teams/platform.js';
import { checkBotToken, tokenRequestOf } from '../../../adapters/teams/token-check.js';
import { envOf } from '../../../src/registry/registry.js';
import { type FakeLogin, startFakeLogin } from './fake-login.js';

const APP = '6f1c2d3e-0000-4000-8000-00000000b470';
const TENANT = '72f988bf-0000-4000-8000-0000000000aa';
const SECRET = 'Q~right-secret';

/** The Teams variables as Baton reads them from the environment (strings in, zod at the edge). */
const env = (over: Record<string, string | undefined>) =>
  envOf(teamsPlatform, { vars: { MicrosoftAppId: APP, MicrosoftAppPassword: SECRET, ...over } });

describe('where the Teams check asks for the Bot Framework token', () => {
  // Microsoft's documented endpoints are the oracle, written out, not computed by Baton.
  it('a single-tenant app asks its own tenant, for the Bot Framework scope', async () => {
    expect(await tokenRequestOf(env({ MicrosoftAppTenantId: TENANT }))).toEqual({
      tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      scope: 'https://api.botframework.com/.default',
    });
  });

  it('a multi-tenant app asks the botframework.com tenant', async () => {
    expect((await tokenRequestOf(env({}))).tokenUrl).toBe(
      'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token',
    );
    // MultiTenant said outright wins over a tenant id, as in botbuilder.
    expect(
      (await tokenRequestOf(env({ MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'MultiTenant' }))).tokenUrl,
    ).toBe('https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token');
  });

  it('ToChannelFromBotLoginUrl is the whole authority, as botbuilder reads it', async () => {
    expect(
      (await tokenRequestOf(env({ ToChannelFromBotLoginUrl: 'http://127.0.0.1:5/some-tenant' }))).tokenUrl,
    ).toBe('http://127.0.0.1:5/some-tenant/oauth2/v2.0/token');
    // An authority without its tenant, or no URL at all, is refused where the environment is read.
    for (const bad of ['http://127.0.0.1:5/', 'login.microsoftonline.com/tenant'])
      expect(() => env({ ToChannelFromBotLoginUrl: bad })).toThrow(/ToChannelFromBotLoginUrl/);
  });
});

describe('the Teams token check against a fake identity platform', () => {
  let login: FakeLogin | undefined;
  afterEach(async () => {
    await login?.close();
    login = undefined;
  });

  it('a tenant that does not exist: AADSTS90002 and the tenant id to set', async () => {
    login = await startFakeLogin({ [TENANT]: { [APP]: SECRET } });
    const url = `${login.url}/contoso-typo`;
    const line = await checkBotToken(
      env({ MicrosoftAppTenantId: 'contoso-typo', ToChannelFromBotLoginUrl: url }),
    );
    expect(line).toMatchObject({
      level: 'error',
      area: 'teams',
      url: `${url}/oauth2/v2.0/token`,
      cause: 'AADSTS90002 (invalid_request)',
    });
    expect(line.message).toContain("AADSTS90002: Tenant 'contoso-typo' not found.");
    expect(line.message).not.toContain('Trace ID');
    expect(line.fix).toMatch(/MicrosoftAppTenantId.*Directory \(tenant\) ID/);
  });

  it('an app the tenant does not know: AADSTS700016, naming MicrosoftAppId and, multi-tenant, the tenant id', async () => {
    login = await startFakeLogin({ [TENANT]: { [APP]: SECRET }, 'botframework.com': {} });
    const single = await checkBotToken(
      env({ MicrosoftAppTenantId: TENANT, ToChannelFromBotLoginUrl: `${login.url}/${TENANT}` }),
    );
    expect(single).toMatchObject({ level: 'ok', area: 'teams' });
    // The same app asked as a multi-tenant one, where it is not registered.
    const multi = await checkBotToken(env({ ToChannelFromBotLoginUrl: `${login.url}/botframework.com` }));
    expect(multi).toMatchObject({ level: 'error', cause: 'AADSTS700016 (unauthorized_client)' });
    expect(multi.message).toContain(`Application with identifier '${APP}' was not found`);
    expect(multi.fix).toMatch(/MicrosoftAppId.*single-tenant.*MicrosoftAppTenantId/);
  });

  it("control: the verdict is the identity platform's answer, not the variables", async () => {
    // The same variables against a login that knows another secret for the app: the ok turns into a failure.
    const vars = { MicrosoftAppTenantId: TENANT };
    login = await startFakeLogin({ [TENANT]: { [APP]: SECRET } });
    expect(
      await checkBotToken(env({ ...vars, ToChannelFromBotLoginUrl: `${login.url}/${TENANT}` })),
    ).toMatchObject({
      level: 'ok',
    });
    await login.close();
    login = await startFakeLogin({ [TENANT]: { [APP]: 'Q~rotated-secret' } });
    expect(
      await checkBotToken(env({ ...vars, ToChannelFromBotLoginUrl: `${login.url}/${TENANT}` })),
    ).toMatchObject({
      level: 'error',
      cause: 'AADSTS7000215 (invalid_client)',
    });
  });

  it('no secret set: a failure naming MicrosoftAppPassword, and nothing sent', async () => {
    login = await startFakeLogin({ [TENANT]: { [APP]: SECRET } });
    const line = await checkBotToken(
      env({ MicrosoftAppPassword: undefined, ToChannelFromBotLoginUrl: `${login.url}/${TENANT}` }),
    );
    expect(line).toMatchObject({ level: 'error', fix: expect.stringContaining('MicrosoftAppPassword') });
    expect(login.requests).toEqual([]);
  });

  it('a port fetch refuses to use: said so, with the URL', async () => {
    const url = 'http://127.0.0.1:10080/t';
    const line = await checkBotToken(env({ ToChannelFromBotLoginUrl: url }));
    expect(line).toMatchObject({
      level: 'error',
      url: `${url}/oauth2/v2.0/token`,
      cause: 'fetch refuses this port (bad port): use another one',
    });
  });

  it('a login that speaks plain HTTP where TLS was asked for: a TLS failure, with the URL', async () => {
    login = await startFakeLogin({ [TENANT]: { [APP]: SECRET } });
    const url = `${login.url.replace('http:', 'https:')}/${TENANT}`;
    const line = await checkBotToken(env({ MicrosoftAppTenantId: TENANT, ToChannelFromBotLoginUrl: url }));
    expect(line).toMatchObject({ level: 'error', url: `${url}/oauth2/v2.0/token` });
    expect(line.cause).toMatch(/^(TLS failed|TLS handshake failed) \(/);
    expect(line.fix).toBe('check ToChannelFromBotLoginUrl and that this machine reaches it');
    expect(login.requests).toEqual([]);
  });

  it('a login that takes the request and never answers: no answer in time', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as { port: number }).port;
      const line = await checkBotToken(env({ ToChannelFromBotLoginUrl: `http://127.0.0.1:${port}/t` }), {
        timeoutMs: 200,
      });
      expect(line).toMatchObject({
        level: 'error',
        url: `http://127.0.0.1:${port}/t/oauth2/v2.0/token`,
        cause: 'no answer in time (TimeoutError)',
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});
