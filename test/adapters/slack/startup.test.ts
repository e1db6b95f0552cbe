import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkText } from '../../../src/server/check-line.js';
import { type SlackTest, startSlackTest } from './setup.js';

async function readyz(
  s: SlackTest,
): Promise<{ status: number; slack: { ok: boolean; detail: string } | undefined }> {
  const res = await fetch(`${s.t.url}/readyz`);
  const body = (await res.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
  return { status: res.status, slack: body.checks.slack };
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('Slack: start-up when Slack is unreachable or the token is wrong', () => {
  let s: SlackTest;
  afterEach(async () => {
    await s.stop();
  });

  it('a wrong token: Baton starts, /readyz says why, commands still answer; ready once the token works', async () => {
    s = await startSlackTest({ authError: 'invalid_auth' });
    const r = await until(
      () => readyz(s),
      (v) => v.slack?.detail.includes('invalid_auth') ?? false,
    );
    expect(r.status).toBe(503);
    // Where the call went, Slack's own answer and what to do, for /readyz and `baton check --json`.
    const url = `${s.fake.url}auth.test`;
    expect(r.slack).toEqual({
      ok: false,
      detail: `Slack auth.test at ${url} failed: invalid_auth (check SLACK_BOT_TOKEN)`,
      url,
      cause: 'invalid_auth',
      fix: 'check SLACK_BOT_TOKEN',
    });
    const help = await s.slack.command('/cx', 'help', 'U0DANA');
    expect(help.res.status).toBe(200);
    expect(String(help.res.json?.text)).toContain('/cx mine');

    s.fake.authError = undefined;
    await s.pass();
    const ok = await until(
      () => readyz(s),
      (v) => v.status === 200,
    );
    expect(ok.slack).toEqual({ ok: true, detail: 'connected to Example as @baton' });
  });

  it('Slack unreachable: Baton starts and /readyz names the connection failure', async () => {
    const port = await closedPort();
    s = await startSlackTest({ env: { SLACK_API_URL: `http://127.0.0.1:${port}/api/` } });
    const r = await until(
      () => readyz(s),
      (v) => v.slack?.detail.includes('ECONNREFUSED') ?? false,
    );
    expect(r.status).toBe(503);
    expect(r.slack?.detail).toBe(
      `Slack auth.test at http://127.0.0.1:${port}/api/auth.test failed: connection refused (ECONNREFUSED 127.0.0.1:${port})`,
    );
  });

  it('`baton check` lines: each team channel reachable, or what to do', async () => {
    s = await startSlackTest();
    s.fake.failNext(1, { error: 'not_in_channel' }, 'conversations.history');
    const slack = s.t.baton.adapters.find((a) => a.name === 'slack');
    const lines = (await slack?.check?.()) ?? [];
    expect(slack?.ready?.()).toEqual({ ok: true, detail: 'connected to Example as @baton' });
    expect(lines[0]).toMatchObject({
      level: 'error',
      url: `${s.fake.url}conversations.history`,
      cause: 'not_in_channel',
      fix: 'invite Baton with /invite @Baton',
    });
    expect(lines.map((l) => (typeof l === 'string' ? l : checkText(l)))).toEqual([
      'FAIL slack: Marketing (marketing) channel C0MARKETING not reachable (not_in_channel): invite Baton with /invite @Baton',
      'ok   slack: Sales (sales) channel C0SALES reachable',
      'ok   slack: Delivery (delivery) channel C0DELIVERY reachable',
      'ok   slack: Customer Care (care) channel C0CARE reachable',
    ]);
  });
});
