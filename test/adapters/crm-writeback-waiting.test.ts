import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';
import { FakeHubSpot } from './crm-writeback/fake-hubspot.js';
import { FakeSalesforce } from './crm-writeback/fake-salesforce.js';
import { startWriteBackTest, type WriteBackTest } from './crm-writeback/setup.js';
import { FakeSlack } from './slack/fake-slack.js';
import { handoffVia, messageIn } from './slack/helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const metricLine = (text: string, name: string) =>
  text.split('\n').find((l) => l.startsWith(name)) ?? `${name} (missing)`;

describe('CRM writes that wait', () => {
  it('are named by baton check, /readyz and the metrics, and go out once write-back is back', async () => {
    const tmp = await tempDir('baton-crm-waiting-');
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');
    const hubspot = await new FakeHubSpot().start();
    const salesforce = await new FakeSalesforce().start();
    cleanups.push(() => Promise.all([hubspot.close(), salesforce.close()]).then(() => {}));
    const fakes = { hubspot, salesforce };
    const noSalesforce = { SALESFORCE_CLIENT_ID: undefined };

    // HubSpot is down when Tom accepts: the note waits in the data file.
    hubspot.mode = 'down';
    let s: WriteBackTest = await startWriteBackTest({ file, fakes, env: noSalesforce });
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const clicked = await s.slack.click(messageIn(s, 'C0DELIVERY', 'Acme Corp'), 'baton:accept', 'U0TOM');
    await s.slack.answer(clicked.responseId);
    await s.pass();
    expect(hubspot.notes).toEqual([]);
    await s.stop();

    // `baton check` with write-back on: it signs in, and says what waits for HubSpot.
    const slack = await new FakeSlack().start();
    cleanups.push(() => slack.close());
    const cliEnv = {
      BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml'),
      BATON_HANDOFFS: path.join(REPO, 'handoffs'),
      BATON_DATA_FILE: file,
      SLACK_BOT_TOKEN: 'xoxb-check-token',
      SLACK_SIGNING_SECRET: 'check-signing-secret',
      SLACK_API_URL: slack.url,
      MicrosoftAppId: undefined,
      DATABASE_URL: undefined,
      HUBSPOT_WRITE_BACK: 'on',
      HUBSPOT_ACCESS_TOKEN: hubspot.token,
      HUBSPOT_API_URL: hubspot.url,
      SALESFORCE_CLIENT_ID: undefined,
    };
    const on = await runCli(['check'], { cwd: tmp.dir, env: cliEnv });
    expect(on.stdout).toContain(
      `ok   hubspot write-back on: notes on deals and companies through ${hubspot.url}`,
    );
    expect(on.stdout).toContain(
      `warn hubspot write-back: 1 note waits in the outbox for HubSpot at ${hubspot.url}`,
    );
    // Configured here, so not "waiting for an unconfigured platform".
    expect(on.stdout).not.toContain('waits for hubspot, which this Baton is not configured for');
    // Switched off: the note is kept and named as waiting for a system this Baton does not write to.
    const off = await runCli(['check'], { cwd: tmp.dir, env: { ...cliEnv, HUBSPOT_WRITE_BACK: undefined } });
    expect(off.stdout).toContain(
      'warn outbox: 1 delivery waits for hubspot, which this Baton is not configured for',
    );

    // A start with write-back off: still ready, the note named and counted.
    s = await startWriteBackTest({ file, fakes, env: { ...noSalesforce, HUBSPOT_WRITE_BACK: undefined } });
    await s.pass(60_000);
    const ready = (await (await fetch(`${s.t.url}/readyz`)).json()) as { ok: boolean; warnings?: string[] };
    expect(ready.ok).toBe(true);
    expect(ready.warnings).toEqual([expect.stringContaining('1 delivery waits for hubspot')]);
    const metrics = await (await fetch(`${s.t.url}/metrics`)).text();
    expect(metricLine(metrics, 'baton_waiting_deliveries{platform="hubspot"}')).toBe(
      'baton_waiting_deliveries{platform="hubspot"} 1',
    );
    expect(hubspot.notes).toEqual([]);
    await s.stop();

    // On again, HubSpot up: the note goes out, once.
    hubspot.mode = 'ok';
    s = await startWriteBackTest({ file, fakes, env: noSalesforce });
    await s.pass(60_000);
    await s.pass(60_000);
    expect(hubspot.notes).toHaveLength(1);
    expect(hubspot.notes[0]?.body).toContain('Acme Corp accepted by Tom Becker');
    await s.stop();
  }, 60_000);
});
