import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../adapters/slack/fake-slack.js';
import { SlackClient } from '../adapters/slack/slack-client.js';
import { type FakeConnector, startFakeConnector } from '../adapters/teams/fake-connector.js';
import { activity } from '../adapters/teams/helpers.js';
import { batonSignature } from '../adapters/webhooks/support.js';
import { REPO, tempDir } from '../support/harness.js';
import { type BatonProcess, startBatonProcess } from '../system/faults/support.js';

/**
 * `npm start` runs the production bundle (esbuild.config.mjs), not the modules tsc compiles
 * and the rest of the suite runs from source: these tests build it as `npm run build` does, into
 * a folder of their own two levels under the repository (where its files find the bundled config
 * and playbooks), and drive it through the same doors as a user: signed Slack requests, a
 * signed webhook, a Playground message.
 */
const OUT = path.join(REPO, 'dist-test', `bundle-${randomBytes(4).toString('hex')}`);
const ENTRY = path.join(OUT, 'main.js');
const SIGNING_SECRET = 'bundle-test-signing-secret';
const WEBHOOK_SECRET = 'bundle-test-webhook-secret';

beforeAll(async () => {
  const built = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['esbuild.config.mjs', OUT], { cwd: REPO, stdio: 'pipe' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('close', (code) => resolve({ code, out }));
  });
  expect(built.code, built.out).toBe(0);
  expect(existsSync(ENTRY)).toBe(true);
}, 120_000);

afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started(env: Record<string, string>): Promise<BatonProcess> {
  const tmp = await tempDir('baton-bundle-');
  cleanups.push(tmp.cleanup);
  const baton = await startBatonProcess(
    { BATON_DATA_FILE: path.join(tmp.dir, 'baton.json'), BATON_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
    tmp.dir,
    ENTRY,
  );
  cleanups.push(async () => {
    if (baton.child.exitCode === null) baton.child.kill('SIGKILL');
  });
  return baton;
}

describe('the production bundle', () => {
  it('runs Slack: answers a signed /cx, posts a purchase card to the team, and stops cleanly on SIGTERM', async () => {
    const slack = await new FakeSlack().start();
    cleanups.push(() => slack.close());
    const baton = await started({
      SLACK_BOT_TOKEN: 'xoxb-bundle-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
    });
    const ready = await fetch(`${baton.url}/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);
    expect(await ready.text()).toContain('slack');

    // A purchase from the CRM: its card goes to Delivery's channel.
    const body = JSON.stringify({
      id: 'evt-bundle-1',
      type: 'purchase.completed',
      occurredAt: '2026-11-23T10:00:00Z',
      customer: { id: 'crm-bundle-1', name: 'Bundled Widgets Ltd' },
      stage: 'closedwon',
      owner: 'dana',
      context: {
        summary: 'Bought to test the bundle',
        goLiveDate: '2027-01-15',
        keyContact: 'Ana <ana@bw.example>',
      },
    });
    const hook = await fetch(`${baton.url}/hooks/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-baton-signature': batonSignature(body, WEBHOOK_SECRET),
      },
      body,
    });
    expect(hook.status).toBe(202);
    const card = await slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0DELIVERY' &&
        JSON.stringify(c.args).includes('Bundled Widgets Ltd'),
      20_000,
    );
    expect(card.status).toBe(200);

    // Dana looks the customer up with a signed slash command: acked, then answered.
    const client = new SlackClient(baton.url, SIGNING_SECRET, slack);
    const { res, responseId } = await client.command('/cx', 'Bundled Widgets', 'U0DANA');
    expect(res.status).toBe(200);
    const answer = await slack.waitFor(
      (c) => c.method === 'response_url' && JSON.stringify(c.args).includes('Bundled Widgets Ltd'),
      10_000,
    );
    expect(answer.status).toBe(200);
    expect(responseId).toBeTruthy();

    // A request Slack did not sign is refused.
    const forged = await client.post('command=%2Fcx&text=x', 'application/x-www-form-urlencoded', {
      secret: 'not-the-secret',
    });
    expect(forged.status).toBe(401);

    baton.child.kill('SIGTERM');
    const exit = await baton.exited;
    expect(exit.code, baton.stderr()).toBe(0);
    expect(baton.lines.join('\n')).toContain('"msg":"stopped"');
  }, 90_000);

  it('runs the embedded default: a Playground message in Teams gets its answer', async () => {
    const connector: FakeConnector = await startFakeConnector();
    cleanups.push(() => connector.close());
    const baton = await started({});
    const ready = await fetch(`${baton.url}/readyz`);
    expect(ready.status).toBe(200);
    const a = activity('message-personal', connector.url, (x) => {
      x.text = 'help';
    });
    const res = await fetch(`${baton.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(a),
    });
    expect(res.status).toBeLessThan(300);
    const reply = await connector.waitFor((c) => c.kind === 'reply' || c.kind === 'post', 10_000);
    expect(JSON.stringify(reply)).toMatch(/handoff/i);
    baton.child.kill('SIGTERM');
    expect((await baton.exited).code).toBe(0);
  }, 90_000);
});
