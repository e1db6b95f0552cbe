import { cp, readFile, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
const checkDocument = z
  .object({ ok: z.boolean(), problems: z.array(checkLine), checks: z.array(checkLine) })
  .strict();

/** All of stdout must be the one document: JSON.parse refuses anything before or after it. */
const documentOf = (stdout: string) => checkDocument.parse(JSON.parse(stdout));

/** Lines of the text output that are not the check's own: a server log line would be one. */
const notCheckLines = (out: string) =>
  out.split('\n').filter((l) => l.length > 0 && !/^(ok {2}|FAIL|warn|skip) /.test(l));

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

/** A Slack Web API that answers every method as Slack does for a revoked or wrong token: HTTP 200, ok false. */
async function slackRefusingTheToken(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// Each case runs the CLI once or twice, a few seconds each on a busy machine.
describe('baton check --json', { timeout: 90_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let config: string;
  let handoffs: string;
  const stops: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    tmp = await tempDir('baton-check-json-');
    config = path.join(tmp.dir, 'baton.config.yaml');
    handoffs = path.join(tmp.dir, 'handoffs');
    await cp(path.join(REPO, 'baton.config.example.yaml'), config);
    await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await tmp.cleanup();
  });

  const check = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(['check', ...args], {
      cwd: tmp.dir,
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
        DEEPL_AUTH_KEY: undefined,
        AZURE_TRANSLATOR_KEY: undefined,
        ...env,
      },
    });
  const slackAt = (url: string) => ({
    SLACK_BOT_TOKEN: 'xoxb-check-json',
    SLACK_SIGNING_SECRET: 'check-json-signing-secret',
    SLACK_API_URL: url,
  });

  it('a good config: ok, exit 0, and only the document on stdout', async () => {
    const r = await check(['--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = documentOf(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(doc.checks).toContainEqual(expect.objectContaining({ level: 'ok', area: 'config', file: config }));
    expect(doc.checks).toContainEqual(
      expect.objectContaining({ level: 'ok', area: 'playbooks', file: handoffs }),
    );
    expect(doc.checks).toContainEqual(expect.objectContaining({ area: 'store' }));
    // The text output says the same for people.
    const text = await check([]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`ok   config ${config}`);
    expect(notCheckLines(text.stdout)).toEqual([]);
  });

  it('a lead who is nobody and an SLA that is no duration: each problem with its file, field and fix, in one run', async () => {
    await writeFile(config, (await readFile(config, 'utf8')).replace('lead: priya', 'lead: pryia'));
    const playbook = path.join(handoffs, 'sales-to-delivery.yaml');
    await writeFile(playbook, (await readFile(playbook, 'utf8')).replace('accept: PT4H', 'accept: 4 hours'));

    const r = await check(['--json']);
    expect(r.code).toBe(1);
    const doc = documentOf(r.stdout);
    expect(doc.ok).toBe(false);
    const lead = doc.problems.find((p) => p.field === 'teams.delivery.lead');
    expect(lead).toMatchObject({ level: 'error', area: 'config', file: config });
    expect(lead?.message).toContain('"pryia" is not a key under people');
    // The fix names the people there are, the right one among them.
    expect(lead?.fix).toMatch(/use one of the keys under people \(.*priya.*\), or add "pryia" under people/);
    const sla = doc.problems.find((p) => p.field === 'sla.accept');
    expect(sla).toMatchObject({ level: 'error', area: 'playbooks', file: playbook });
    expect(sla?.fix).toMatch(/ISO 8601.*PT4H/);
    // Problems are the warnings and errors of the checks, nothing else.
    expect(doc.problems).toEqual(doc.checks.filter((c) => c.level === 'error' || c.level === 'warn'));

    const text = await check([]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`FAIL ${config}: teams.delivery.lead: "pryia" is not a key under people`);
    expect(text.stdout).toContain(`FAIL ${playbook}: sla.accept:`);
  });

  it('a config that is not YAML: the problem names the file, the line, and the fix', async () => {
    await writeFile(config, 'teams:\n  sales:\n    name: "Sales\n');
    const r = await check(['--json']);
    expect(r.code).toBe(1);
    const doc = documentOf(r.stdout);
    expect(doc.problems[0]).toMatchObject({
      level: 'error',
      area: 'config',
      file: config,
      message: expect.stringMatching(/config is not valid YAML at line \d+/),
      fix: 'correct the YAML at the line and column named',
    });
  });

  it('Slack unreachable: the problem names the URL and "connection refused" with the address', async () => {
    const port = await closedPort();
    const api = `http://127.0.0.1:${port}/api/`;
    const r = await check(['--json'], slackAt(api));
    expect(r.code).toBe(1);
    const doc = documentOf(r.stdout);
    const slack = doc.problems.find((p) => p.area === 'slack');
    expect(slack).toMatchObject({
      level: 'error',
      url: `${api}auth.test`,
      cause: `connection refused (ECONNREFUSED 127.0.0.1:${port})`,
    });
    expect(slack?.message).toBe(
      `slack: Slack auth.test at ${api}auth.test failed: connection refused (ECONNREFUSED 127.0.0.1:${port})`,
    );
    expect(slack?.fix).toContain('SLACK_API_URL');
  });

  it("Slack answers 200 with ok:false: the problem names Slack's error code and the fix", async () => {
    const slack = await slackRefusingTheToken();
    stops.push(slack.close);
    const r = await check(['--json'], slackAt(slack.url));
    expect(r.code).toBe(1);
    const doc = documentOf(r.stdout);
    expect(doc.problems.find((p) => p.area === 'slack')).toEqual({
      level: 'error',
      area: 'slack',
      message: `slack: Slack auth.test at ${slack.url}auth.test failed: invalid_auth (check SLACK_BOT_TOKEN)`,
      url: `${slack.url}auth.test`,
      cause: 'invalid_auth',
      fix: 'check SLACK_BOT_TOKEN',
    });
  });

  it("the text output holds only the check's lines, no server log line", async () => {
    const port = await closedPort();
    const r = await check([], slackAt(`http://127.0.0.1:${port}/api/`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL slack: Slack auth.test at');
    expect(notCheckLines(r.stdout)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain('keeps running and asks again');

    // Control: the adapter still logs its server line (to stderr, when debugging), and the
    // assertion above catches it; with --json, stdout stays the document all the same.
    const debug = await check(['--json'], {
      ...slackAt(`http://127.0.0.1:${port}/api/`),
      LOG_LEVEL: 'debug',
    });
    expect(documentOf(debug.stdout).ok).toBe(false);
    expect(notCheckLines(debug.stderr)).toContainEqual(
      expect.stringContaining('keeps running and asks again'),
    );
  });
});
