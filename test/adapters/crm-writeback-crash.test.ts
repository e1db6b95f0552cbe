import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { systemClock } from '../../src/clock.js';
import { tempDir } from '../support/harness.js';
import { type BatonProcess, sleep, startBatonProcess } from '../system/faults/support.js';
import { FakeHubSpot } from './crm-writeback/fake-hubspot.js';
import { FakeSalesforce } from './crm-writeback/fake-salesforce.js';
import { FakeSlack } from './slack/fake-slack.js';
import { SECRET, TOKEN } from './slack/setup.js';
import { SlackClient, visibleText } from './slack/slack-client.js';
import { batonSignature, post } from './webhooks/support.js';

const WEBHOOK_SECRET = 'crm-writeback-crash-webhook-01';
const DEAL = '9001';
const OPPORTUNITY = '006000000000001AAA';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A purchase whose customer came from `system` record `id`: its handoff's card goes to Delivery. */
function purchase(id: string, name: string, system: string, recordId: string): string {
  return JSON.stringify({
    id,
    type: 'purchase.completed',
    occurredAt: '2026-11-23T10:00:00Z',
    customer: { id: recordId, system, name },
    stage: 'closedwon',
    owner: 'dana',
    context: {
      summary: 'Bought the annual plan',
      goLiveDate: '2027-01-15',
      keyContact: 'Min-jun Kim <mj@acme.example>',
    },
  });
}

describe('kill -9 between the CRM taking a write and Baton recording it (data file store)', () => {
  it('still leaves exactly one note on the deal and one Task on the opportunity', async () => {
    const slack = await new FakeSlack().start();
    const hubspot = await new FakeHubSpot().start();
    const salesforce = await new FakeSalesforce().start();
    cleanups.push(() => Promise.all([slack.close(), hubspot.close(), salesforce.close()]).then(() => {}));
    const tmp = await tempDir('baton-crm-crash-');
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');
    const env = {
      BATON_DATA_FILE: file,
      BATON_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      HUBSPOT_WRITE_BACK: 'on',
      HUBSPOT_ACCESS_TOKEN: hubspot.token,
      HUBSPOT_API_URL: hubspot.url,
      SALESFORCE_LOGIN_URL: salesforce.url,
      SALESFORCE_CLIENT_ID: salesforce.clientId,
      SALESFORCE_CLIENT_SECRET: salesforce.clientSecret,
      BATON_TICK_MS: '200',
    };
    let running: BatonProcess | undefined;
    cleanups.push(async () => {
      running?.child.kill('SIGKILL');
    });
    const first = await startBatonProcess(env, tmp.dir);
    running = first;
    const customers = [
      ['Dealco Shop', 'hubspot-deal', DEAL],
      ['Oppco Shop', 'salesforce-opportunity', OPPORTUNITY],
    ] as const;
    for (const [name, system, id] of customers) {
      const body = purchase(`evt_${system}`, name, system, id);
      const res = await post(first.url, '/hooks/events', body, {
        'x-baton-signature': batonSignature(body, WEBHOOK_SECRET),
      });
      expect(res.status).toBeLessThan(300);
    }
    const cardOf = (name: string) =>
      slack.channel('C0DELIVERY').find((m) => visibleText(m.blocks).includes(`${name}: Sales → Delivery`));
    await until('both cards', () => customers.every(([name]) => cardOf(name) !== undefined));

    // Both systems take the write and never answer: Baton is killed while it waits.
    hubspot.mode = 'hold';
    salesforce.mode = 'hold';
    const client = new SlackClient(first.url, SECRET, slack);
    for (const [name] of customers) {
      const card = cardOf(name);
      if (!card) throw new Error(`no card for ${name}`);
      const clicked = await client.click(card, 'baton:accept', 'U0TOM');
      expect(clicked.res.status).toBe(200);
    }
    await until('both writes taken', () => hubspot.notes.length === 1 && salesforce.tasks.length === 1);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    hubspot.mode = 'ok';
    salesforce.mode = 'ok';
    const second = await startBatonProcess(env, tmp.dir);
    running = second;
    // The look-up's log line names the delivery key, `<handoff>:v<n>:record:<system>`.
    const found = (system: string) =>
      second.lines.some(
        (l) => l.includes('found a post in doubt on the platform') && l.includes(`:record:${system}"`),
      );
    // HubSpot is searched only once its index has had time to show the note (15 s after the write).
    await until('both writes found in their CRM', () => found('hubspot') && found('salesforce'), 60_000);
    second.child.kill('SIGTERM');
    await second.exited;
    running = undefined;

    expect(hubspot.notes).toHaveLength(1);
    expect(hubspot.notes[0]?.on).toEqual([`deal:${DEAL}`]);
    expect(hubspot.notes[0]?.body).toContain('Baton: Dealco Shop accepted by Tom Becker (Delivery)');
    expect(salesforce.tasks).toHaveLength(1);
    expect(salesforce.tasks[0]?.WhatId).toBe(OPPORTUNITY);
    expect(hubspot.violations).toEqual([]);
    expect(salesforce.violations).toEqual([]);
    // Nothing left to write, nothing given up.
    const store = await openLowdbStore({ file, clock: systemClock });
    try {
      for (const status of ['pending', 'failed'] as const) {
        const left = (await store.listDeliveries({ status })).filter((d) => d.message.type === 'crm-record');
        expect(left, status).toEqual([]);
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
