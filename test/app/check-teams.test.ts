import { cp } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeLogin, startFakeLogin } from '../adapters/teams/fake-login.js';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';

/** The document `baton check --json` promises, strict: a field it does not document fails the parse. */
const checkLine = z
  .object({
    level: z.enum(['ok', 'warn', 'error', 'skip']),
    area: z.string().min(1),
    message: z.string().min(1),
    file: z.string().min(1).optional(),
    field: z.string().min(1).optional(),
    fix: z.string().min(1).optional(),
    url: z.string().url().optional(),
    cause: z.string().min(1).optional(),
  })
  .strict();
const documentOf = (stdout: string) =>
  z
    .object({ ok: z.boolean(), problems: z.array(checkLine), checks: z.array(checkLine) })
    .strict()
    .parse(JSON.parse(stdout));

const APP = '6f1c2d3e-0000-4000-8000-00000000b470';
const TENANT = '72f988bf-0000-4000-8000-0000000000aa';
const SECRET = 'Q~right-secret';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// Each case runs the CLI once or twice: seconds each, and more than half a minute on a machine
// shared by many test runs, so the CLI's kill limit is raised too (these are no timing claims).
describe('baton check: Teams asks Microsoft for its Bot Framework token', { timeout: 200_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let config: string;
  let handoffs: string;
  let login: FakeLogin;
  beforeEach(async () => {
    tmp = await tempDir('baton-check-teams-');
    config = path.join(tmp.dir, 'baton.config.yaml');
    handoffs = path.join(tmp.dir, 'handoffs');
    await cp(path.join(REPO, 'baton.config.example.yaml'), config);
    await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
    login = await startFakeLogin({ [TENANT]: { [APP]: SECRET } });
  });
  afterEach(async () => {
    await login.close();
    await tmp.cleanup();
  });

  const check = (args: string[], env: Record<string, string | undefined>) =>
    runCli(['check', ...args], {
      cwd: tmp.dir,
      timeoutMs: 90_000,
      env: {
        BATON_CONFIG: config,
        BATON_HANDOFFS: handoffs,
        BATON_DATA_FILE: path.join(tmp.dir, 'baton.json'),
        DATABASE_URL: undefined,
        SLACK_BOT_TOKEN: undefined,
        SLACK_SIGNING_SECRET: undefined,
        SLACK_APP_TOKEN: undefined,
        SLACK_API_URL: undefined,
        MicrosoftAppId: undefined,
        MicrosoftAppPassword: undefined,
        MicrosoftAppTenantId: undefined,
        MicrosoftAppType: undefined,
        ToChannelFromBotLoginUrl: undefined,
        TEAMS_SERVICE_URL: undefined,
        DEEPL_AUTH_KEY: undefined,
        AZURE_TRANSLATOR_KEY: undefined,
        ...env,
      },
    });
  const teamsApp = (secret: string, loginUrl = `${login.url}/${TENANT}`) => ({
    MicrosoftAppId: APP,
    MicrosoftAppPassword: secret,
    MicrosoftAppTenantId: TENANT,
    ToChannelFromBotLoginUrl: loginUrl,
  });
  const teamsToken = (doc: ReturnType<typeof documentOf>) =>
    doc.checks.filter((c) => c.area === 'teams' && /Bot Framework token/.test(c.message));

  it('the right secret: ok with the app id, after one client-credentials request for the Bot Framework', async () => {
    const r = await check(['--json'], teamsApp(SECRET));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = documentOf(r.stdout);
    expect(doc.ok).toBe(true);
    expect(teamsToken(doc)).toEqual([
      {
        level: 'ok',
        area: 'teams',
        message: `Teams: app ${APP} got a Bot Framework token from ${login.url}/${TENANT}/oauth2/v2.0/token`,
      },
    ]);
    expect(login.requests).toEqual([
      {
        path: `/${TENANT}/oauth2/v2.0/token`,
        tenant: TENANT,
        form: {
          grant_type: 'client_credentials',
          client_id: APP,
          client_secret: SECRET,
          scope: 'https://api.botframework.com/.default',
        },
      },
    ]);
  });

  it('a wrong secret: AADSTS7000215 with the URL, the cause and the fix, in --json and in the text; exit 1', async () => {
    const r = await check(['--json'], teamsApp('Q~the-secret-id-not-its-value'));
    expect(r.code).toBe(1);
    const doc = documentOf(r.stdout);
    expect(doc.ok).toBe(false);
    const url = `${login.url}/${TENANT}/oauth2/v2.0/token`;
    const problem = doc.problems.find((p) => p.area === 'teams' && p.level === 'error');
    expect(problem).toMatchObject({ level: 'error', url, cause: 'AADSTS7000215 (invalid_client)' });
    expect(problem?.fix).toMatch(/MicrosoftAppPassword.*client secret's Value \(not its Secret ID\)/);
    expect(problem?.message).toContain(
      `Microsoft refused a Bot Framework token for app ${APP} at ${url}: AADSTS7000215: Invalid client secret provided.`,
    );
    // Neither secret is ever printed.
    expect(r.stdout + r.stderr).not.toContain('the-secret-id-not-its-value');

    const text = await check([], teamsApp('Q~the-secret-id-not-its-value'));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `FAIL Teams: Microsoft refused a Bot Framework token for app ${APP} at ${url}`,
    );
  });

  it('an app id the tenant does not know: AADSTS700016 and what to set', async () => {
    const r = await check(['--json'], {
      ...teamsApp(SECRET),
      MicrosoftAppId: '00000000-0000-4000-8000-00000000dead',
    });
    expect(r.code).toBe(1);
    const problem = documentOf(r.stdout).problems.find((p) => p.area === 'teams' && p.level === 'error');
    expect(problem).toMatchObject({ cause: 'AADSTS700016 (unauthorized_client)' });
    expect(problem?.message).toContain(
      "Application with identifier '00000000-0000-4000-8000-00000000dead' was not found",
    );
    expect(problem?.fix).toMatch(new RegExp(`no such app in tenant ${TENANT}: set MicrosoftAppId`));
  });

  it('nothing listening: connection refused with the address, and the login URL to check', async () => {
    const port = await closedPort();
    const r = await check(['--json'], teamsApp(SECRET, `http://127.0.0.1:${port}/${TENANT}`));
    expect(r.code).toBe(1);
    const problem = documentOf(r.stdout).problems.find((p) => p.area === 'teams' && p.level === 'error');
    expect(problem).toEqual({
      level: 'error',
      area: 'teams',
      message: `Teams: Bot Framework token request to http://127.0.0.1:${port}/${TENANT}/oauth2/v2.0/token failed: connection refused (ECONNREFUSED 127.0.0.1:${port})`,
      url: `http://127.0.0.1:${port}/${TENANT}/oauth2/v2.0/token`,
      cause: `connection refused (ECONNREFUSED 127.0.0.1:${port})`,
      fix: 'check ToChannelFromBotLoginUrl and that this machine reaches it',
    });
  });

  it('a login host DNS does not know: said so, with the host', async () => {
    const r = await check(['--json'], teamsApp(SECRET, 'http://login.baton-check.invalid/tenant'));
    expect(r.code).toBe(1);
    const problem = documentOf(r.stdout).problems.find((p) => p.area === 'teams' && p.level === 'error');
    expect(problem?.url).toBe('http://login.baton-check.invalid/tenant/oauth2/v2.0/token');
    // A machine without any DNS server answers EAI_AGAIN instead: still the DNS, still the host.
    expect(problem?.cause).toMatch(
      /^(host name not found in DNS \(ENOTFOUND|DNS lookup failed for now \(EAI_AGAIN) login\.baton-check\.invalid\)$/,
    );
  });

  it('no Teams credentials (the Playground): the check is skipped and Microsoft is not asked', async () => {
    const r = await check(['--json'], { ToChannelFromBotLoginUrl: `${login.url}/${TENANT}` });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = documentOf(r.stdout);
    expect(doc.checks).toContainEqual({
      level: 'skip',
      area: 'platforms',
      message: 'no Slack or Teams credentials set: channel reachability not checked',
    });
    expect(teamsToken(doc)).toEqual([]);
    expect(login.requests).toEqual([]);
  });
});
