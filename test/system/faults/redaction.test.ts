import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createWebhooksAdapter } from '../../../adapters/webhooks/index.js';
import { batonRegistry } from '../../../app/registry.js';
import { secretEnv } from '../../../src/config/env.js';
import { redactedHeadersOf } from '../../../src/registry/registry.js';
import { createLogger } from '../../../src/server/logger.js';
import { FakeSlack } from '../../adapters/slack/fake-slack.js';
import { handoffVia, messageIn } from '../../adapters/slack/helpers.js';
import { aCustomer, type SlackTest, seedCustomers } from '../../adapters/slack/setup.js';
import { SlackClient } from '../../adapters/slack/slack-client.js';
import { batonSignature, post } from '../../adapters/webhooks/support.js';
import { startTestBaton, type TestBaton } from '../../support/harness.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-7391-redaction-test-bot-token',
  SLACK_SIGNING_SECRET: 'redaction-test-signing-secret',
  BATON_WEBHOOK_SECRET: 'redaction-test-webhook-secret',
  HUBSPOT_CLIENT_SECRET: 'redaction-test-hubspot-secret',
  STRIPE_WEBHOOK_SECRET: 'whsec_redaction_test_secret',
  LOG_LEVEL: 'debug',
};
const EMAIL = 'hidden.person@private.example';
const PHONE = '+44 7700 900461';
const HOOK_EMAIL = 'webhook.buyer@private.example';
const HOOK_PHONE = '+1 555 0100 7788';
const NEVER = [
  ENV.SLACK_BOT_TOKEN,
  ENV.SLACK_SIGNING_SECRET,
  ENV.BATON_WEBHOOK_SECRET,
  ENV.HUBSPOT_CLIENT_SECRET,
  ENV.STRIPE_WEBHOOK_SECRET,
  EMAIL,
  PHONE,
  HOOK_EMAIL,
  HOOK_PHONE,
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The real logger, as `baton start` builds it, writing into an array instead of stdout. */
function capturedLogger() {
  const lines: string[] = [];
  const log = createLogger({
    level: 'debug',
    secrets: secretEnv(batonRegistry).map((k) => (ENV as Record<string, string | undefined>)[k]),
    redactHeaders: redactedHeadersOf(batonRegistry),
    destination: { write: (s: string) => void lines.push(s) },
  });
  return { log, lines };
}

async function startBaton(fake: FakeSlack, log: ReturnType<typeof capturedLogger>['log']) {
  const t = await startTestBaton({
    log,
    adapters: async (ctx) => [
      await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
      await createWebhooksAdapter(ctx),
    ],
    env: { ...ENV, SLACK_API_URL: fake.url },
  });
  cleanups.push(() => t.stop());
  return t;
}

function asSlackTest(t: TestBaton, fake: FakeSlack): SlackTest {
  return {
    t,
    fake,
    slack: new SlackClient(t.url, ENV.SLACK_SIGNING_SECRET, fake),
    async pass(ms = 0) {
      await t.advance(ms);
      await t.baton.runOnce();
    },
    stop: () => t.stop(),
  };
}

describe('logs never hold tokens, secrets or customer contact details', () => {
  it('a whole flow at debug level, with Slack echoing the token in its errors', async () => {
    const { log, lines } = capturedLogger();
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.close());

    // A start whose token Slack refuses, with the token quoted back.
    fake.authError = `invalid_auth: ${ENV.SLACK_BOT_TOKEN} is not valid`;
    const refused = await startBaton(fake, log);
    await refused.stop();
    fake.authError = undefined;

    const t = await startBaton(fake, log);
    const s = asSlackTest(t, fake);
    await seedCustomers(t.store, [
      aCustomer({ contacts: [{ name: 'Min-jun Kim', email: EMAIL, phone: PHONE, role: 'sponsor' }] }),
      aCustomer({
        id: 'cus_globex',
        name: 'Globex',
        aliases: [],
        externalIds: { crm: 'crm-43' },
        contacts: [{ name: 'Hank', email: EMAIL, phone: PHONE, role: 'CEO' }],
      }),
    ]);

    // The first card is refused with the token in the error, the next one answered 500.
    fake.failNext(1, { error: `invalid_auth token=${ENV.SLACK_BOT_TOKEN}` }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery', {
      'f:keyContact': `Min-jun Kim <${EMAIL}> ${PHONE}`,
    });
    await s.pass();
    fake.failNext(1, { status: 500 }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Globex to delivery', { 'f:keyContact': `Hank ${PHONE}` });
    for (let i = 0; i < 4; i++) await s.pass(30_000);
    const card = messageIn(s, 'C0DELIVERY', 'Globex');
    await s.slack.answer((await s.slack.click(card, 'baton:accept', 'U0TOM')).responseId);
    const contact = await s.slack.command(
      '/cx',
      `contact Globex email wrote to ${EMAIL}, called ${PHONE}`,
      'U0TOM',
    );
    await s.slack.answer(contact.responseId);
    await s.pass();

    // Webhooks: a purchase carrying contact details, a forged one, and a malformed one.
    const body = JSON.stringify({
      id: 'evt_redact_1',
      type: 'purchase.completed',
      occurredAt: '2026-11-23T10:00:00Z',
      customer: {
        id: 'crm-redact',
        name: 'Redact Ltd',
        contacts: [{ name: 'Buyer', email: HOOK_EMAIL, phone: HOOK_PHONE, role: 'buyer' }],
      },
      stage: 'closedwon',
      owner: 'dana',
      context: { summary: `Call ${HOOK_PHONE}`, keyContact: HOOK_EMAIL, goLiveDate: '2027-01-15' },
    });
    const hook = (b: string, sig: string) => post(t.url, '/hooks/events', b, { 'x-baton-signature': sig });
    expect((await hook(body, batonSignature(body, ENV.BATON_WEBHOOK_SECRET))).status).toBe(202);
    expect((await hook(body, batonSignature(body, 'wrong'))).status).toBe(401);
    const broken = `{"id": "evt_bad", "customer": {"email": "${HOOK_EMAIL}"`;
    expect((await hook(broken, batonSignature(broken, ENV.BATON_WEBHOOK_SECRET))).status).toBe(400);
    await s.pass(1_000);
    await s.pass(1_000);
    // A forged Slack request quoting the signing secret.
    const forged = await s.slack.post(
      `token=${ENV.SLACK_SIGNING_SECRET}&text=${EMAIL}`,
      'application/x-www-form-urlencoded',
      {
        secret: 'not-the-secret',
      },
    );
    expect(forged.status).toBe(401);

    // The paths above were logged: the test would see a leak if there were one.
    const all = lines.join('');
    expect(all).toContain('invalid_auth');
    expect(all).toContain('webhook event processed');
    expect(lines.length).toBeGreaterThan(20);
    const leaks = lines.filter((l) => NEVER.some((secret) => l.includes(secret)));
    expect(leaks).toEqual([]);
    console.log(
      `redaction: ${lines.length} log lines at debug level checked for ${NEVER.length} secret values`,
    );
  }, 60_000);
});
