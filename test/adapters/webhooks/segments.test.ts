import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createWebhooksAdapter } from '../../../adapters/webhooks/index.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../../support/harness.js';
import { FakeSlack } from '../slack/fake-slack.js';
import { handoffVia } from '../slack/helpers.js';
import { aCustomer, SECRET, seedCustomers, TOKEN } from '../slack/setup.js';
import { SlackClient, visibleText } from '../slack/slack-client.js';
import { auditEntry, postEvent, purchaseEvent, SECRETS } from './support.js';

const HOUR = 3_600_000;

/**
 * The test's own SLAs, in whole hours. Monday 2026-11-23 10:00 UTC is 10:00
 * in London, inside Delivery's working day (09:00-17:30): every deadline
 * below falls the same day, so it is the handoff's start plus these hours.
 */
const ENTERPRISE = { acceptH: 1, firstContactH: 3 };
const STANDARD = { acceptH: 2, firstContactH: 6 };

const playbook = (name: string, when: string, sla: { acceptH: number; firstContactH: number }) =>
  [
    `name: ${name}`,
    'from: sales',
    'to: delivery',
    when,
    'postPurchase: true',
    'trigger:',
    '  crmStages: [closedwon]',
    '  events: [purchase.completed]',
    'context:',
    '  required: [summary, goLiveDate]',
    '  optional: [dealValue, keyContact, language]',
    'assign: round-robin',
    'sla:',
    `  accept: PT${sla.acceptH}H`,
    `  firstContact: PT${sla.firstContactH}H`,
    '  cadence: P14D',
  ].join('\n');

/** Every mrkdwn text of a message's blocks. */
function mrkdwnOf(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** Slack's date token for an instant, as it opens (the fallback text is the reader's zone's). */
const tokenAt = (ms: number) => `<!date^${Math.floor(ms / 1000)}^`;

let tmp: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeSlack;
let t: TestBaton;
let slack: SlackClient;

/** Baton with Slack and the webhooks, and the test's sales → delivery playbooks (the default only when asked). */
async function start(withDefault: boolean): Promise<void> {
  tmp = await tempDir('baton-segments-');
  const handoffs = path.join(tmp.dir, 'handoffs');
  await mkdir(handoffs);
  for (const f of ['marketing-to-sales.yaml', 'delivery-to-care.yaml', 'care-cadence.yaml'])
    await cp(path.join(REPO, 'handoffs', f), path.join(handoffs, f));
  if (withDefault)
    await writeFile(
      path.join(handoffs, 'sales-to-delivery.yaml'),
      playbook('Closed-won to delivery', '', STANDARD),
    );
  await writeFile(
    path.join(handoffs, 'sales-to-delivery-enterprise.yaml'),
    playbook('Closed-won to delivery (enterprise)', 'when: { tier: [enterprise, strategic] }', ENTERPRISE),
  );
  fake = await new FakeSlack().start();
  t = await startTestBaton({
    now: '2026-11-23T10:00:00Z',
    env: {
      BATON_HANDOFFS: handoffs,
      BATON_WEBHOOK_SECRET: SECRETS.BATON_WEBHOOK_SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
    },
    adapters: async (ctx) => [
      await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
      await createWebhooksAdapter(ctx),
    ],
  });
  slack = new SlackClient(t.url, SECRET, fake);
}

afterEach(async () => {
  await t.stop();
  await fake.close();
  await tmp.cleanup();
  expect(fake.violations).toEqual([]);
});

/** The one card in Delivery's channel that names the customer. */
const cardOf = (customer: string) => {
  const found = fake
    .channel('C0DELIVERY')
    .filter((m) => visibleText(m.blocks).includes(`${customer}: Sales → Delivery`));
  expect(found, `one card for ${customer}`).toHaveLength(1);
  return mrkdwnOf(found[0]?.blocks);
};

/** A signed purchase event; processed and its card posted on the passes after it. */
async function purchase(id: string, customer: Record<string, unknown>) {
  const r = await postEvent(
    t,
    purchaseEvent({
      id,
      customer: { language: 'en', ...customer },
      context: { summary: 'Annual plan', goLiveDate: '2027-01-15' },
    }),
  );
  expect(r.status).toBe(202);
}

describe('segments: an enterprise customer takes the enterprise playbook, a standard one the default', () => {
  beforeEach(() => start(true));

  it('the card and the deadlines of each follow its own playbook (signed events into /hooks/events)', async () => {
    await purchase('evt_ent', { id: 'crm-ent', name: 'Initrode Global', tier: 'Enterprise', region: 'emea' });
    await purchase('evt_std', { id: 'crm-std', name: 'Kwik-E-Mart', tier: 'standard' });
    // The events are processed on this pass: that instant is when both handoffs open.
    await t.advance(0);
    const opened = t.clock.now().getTime();
    await t.advance(0);

    const [ent] = await t.store.listCustomers().then((cs) => cs.filter((c) => c.name === 'Initrode Global'));
    expect(ent?.attributes).toEqual({ tier: 'Enterprise', region: 'emea' });
    const entHandoff = (await t.store.listHandoffs({ customerId: ent?.id ?? '' }))[0];
    expect(entHandoff).toMatchObject({ playbook: 'sales-to-delivery-enterprise', state: 'open' });
    expect(Date.parse(entHandoff?.acceptDueAt ?? '')).toBe(opened + ENTERPRISE.acceptH * HOUR);
    expect(Date.parse(entHandoff?.contactDueAt ?? '')).toBe(opened + ENTERPRISE.firstContactH * HOUR);
    const entCard = cardOf('Initrode Global');
    expect(entCard).toContain(`*Accept by*\n${tokenAt(opened + ENTERPRISE.acceptH * HOUR)}`);
    expect(entCard).toContain(`*First contact by*\n${tokenAt(opened + ENTERPRISE.firstContactH * HOUR)}`);

    const [std] = (await t.store.listCustomers()).filter((c) => c.name === 'Kwik-E-Mart');
    const stdHandoff = (await t.store.listHandoffs({ customerId: std?.id ?? '' }))[0];
    expect(stdHandoff).toMatchObject({ playbook: 'sales-to-delivery', state: 'open' });
    expect(Date.parse(stdHandoff?.acceptDueAt ?? '')).toBe(opened + STANDARD.acceptH * HOUR);
    const stdCard = cardOf('Kwik-E-Mart');
    expect(stdCard).toContain(`*Accept by*\n${tokenAt(opened + STANDARD.acceptH * HOUR)}`);
    expect(stdCard).toContain(`*First contact by*\n${tokenAt(opened + STANDARD.firstContactH * HOUR)}`);
  });

  it('a person handing an enterprise customer over with /handoff gets the enterprise SLA (signed Slack requests)', async () => {
    await seedCustomers(t.store, [
      aCustomer({ attributes: { tier: 'strategic' } }),
      aCustomer({
        id: 'cus_plain',
        name: 'Plainview',
        aliases: [],
        externalIds: {},
        domain: 'plain.example',
      }),
    ]);
    const start = t.clock.now().getTime();
    // The Slack helpers' view of this Baton: its stop is the afterEach's.
    const s = { t, fake, slack, pass: () => t.advance(0), stop: async () => {} };
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await handoffVia(s, 'U0DANA', 'Plainview to delivery');
    await t.advance(0);
    expect(cardOf('Acme Corp')).toContain(`*Accept by*\n${tokenAt(start + ENTERPRISE.acceptH * HOUR)}`);
    expect(cardOf('Acme Corp')).toContain(
      `*First contact by*\n${tokenAt(start + ENTERPRISE.firstContactH * HOUR)}`,
    );
    expect(cardOf('Plainview')).toContain(`*Accept by*\n${tokenAt(start + STANDARD.acceptH * HOUR)}`);
    const [acme] = await t.store.listHandoffs({ customerId: 'cus_acme' });
    expect(acme?.playbook).toBe('sales-to-delivery-enterprise');
  });

  it('a proposal confirmed after the CRM moved the customer to enterprise is sent under the enterprise SLA', async () => {
    // No go-live date: the event is only proposed, to its owner Dana, under the default.
    const proposed = await postEvent(
      t,
      purchaseEvent({
        id: 'evt_prop',
        customer: { id: 'crm-tyrell', name: 'Tyrell Corp', language: 'en' },
        context: { summary: 'Replicant fleet' },
      }),
    );
    expect(proposed.status).toBe(202);
    await t.advance(0);
    const [tyrell] = (await t.store.listCustomers()).filter((c) => c.name === 'Tyrell Corp');
    const [before] = await t.store.listHandoffs({ customerId: tyrell?.id ?? '' });
    expect(before).toMatchObject({ playbook: 'sales-to-delivery', state: 'proposed' });

    const updated = await postEvent(t, {
      id: 'evt_tier',
      type: 'customer.updated',
      customer: { id: 'crm-tyrell', tier: 'enterprise' },
    });
    expect(updated.status).toBe(202);
    await t.advance(0);
    expect((await t.store.getCustomer(tyrell?.id ?? ''))?.attributes).toEqual({ tier: 'enterprise' });

    const proposal = fake.channel('DU0DANA').find((m) => visibleText(m.blocks).includes('Tyrell Corp'));
    if (!proposal) throw new Error('no proposal to Dana');
    const start = await slack.click(proposal, 'baton:confirm', 'U0DANA');
    const form = await slack.openedModal(start.trigger);
    const confirmedAt = t.clock.now().getTime();
    const sent = await slack.submit(form, 'U0DANA', {
      'f:summary': 'Replicant fleet',
      'f:goLiveDate': '2027-03-01',
    });
    expect(sent.json?.errors).toBeUndefined();
    await t.advance(0);
    const card = cardOf('Tyrell Corp');
    expect(card).toContain(`*Accept by*\n${tokenAt(confirmedAt + ENTERPRISE.acceptH * HOUR)}`);
    expect(card).toContain(`*First contact by*\n${tokenAt(confirmedAt + ENTERPRISE.firstContactH * HOUR)}`);
    const [after] = await t.store.listHandoffs({ customerId: tyrell?.id ?? '' });
    expect(after).toMatchObject({ playbook: 'sales-to-delivery-enterprise', state: 'open' });
  });

  it('a deal value carried by the event is recorded on the customer', async () => {
    const r = await postEvent(
      t,
      purchaseEvent({
        id: 'evt_value',
        customer: {
          id: 'crm-v',
          name: 'Vandelay',
          tier: 'enterprise',
          fields: { industry: 'Import/Export' },
        },
        context: { summary: 'Latex', goLiveDate: '2027-01-15', dealValue: 250000 },
      }),
    );
    expect(r.status).toBe(202);
    await t.advance(0);
    const [c] = (await t.store.listCustomers()).filter((x) => x.name === 'Vandelay');
    expect(c?.attributes).toEqual({
      tier: 'enterprise',
      dealValue: 250000,
      fields: { industry: 'Import/Export' },
    });
    const entry = await auditEntry(t, c?.id ?? '', 'handoff.opened');
    expect(entry?.details).toMatchObject({ playbook: 'sales-to-delivery-enterprise' });
  });
});

describe('segments: a pair with only an enterprise playbook', () => {
  beforeEach(() => start(false));

  it('a standard customer is refused with the segments there are, and their event is recorded with the reason', async () => {
    await seedCustomers(t.store, [
      aCustomer({
        id: 'cus_plain',
        name: 'Plainview',
        aliases: [],
        externalIds: {},
        domain: 'plain.example',
      }),
    ]);
    const { res, responseId } = await slack.command('/handoff', 'Plainview to delivery', 'U0DANA');
    expect(res.status).toBe(200);
    const answer = String((await slack.answer(responseId)).text);
    expect(answer).toContain('No playbook from Sales to Delivery fits Plainview');
    expect(answer).toContain('tier enterprise or strategic');
    expect(await t.store.listHandoffs({ customerId: 'cus_plain' })).toEqual([]);

    await purchase('evt_plain', { id: 'crm-kwik', name: 'Kwik-E-Mart' });
    await t.advance(0);
    const [kwik] = (await t.store.listCustomers()).filter((c) => c.name === 'Kwik-E-Mart');
    expect(await t.store.listHandoffs({ customerId: kwik?.id ?? '' })).toEqual([]);
    const recorded = await auditEntry(t, kwik?.id ?? '', 'event.recorded');
    expect(String(recorded?.details?.reason)).toContain('no segment of the playbooks it triggers fits');

    // Control: an enterprise customer still goes.
    await purchase('evt_ent2', { id: 'crm-ent2', name: 'Initrode', tier: 'enterprise' });
    await t.advance(0);
    expect(cardOf('Initrode')).toContain('*Accept by*');
  });
});
