import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { connectedRecordWriters } from '../../../src/registry/registry.js';
import type { PlatformAdapter } from '../../../src/server/adapter.js';
import { startTestBaton } from '../../support/harness.js';
import { FakeSlack } from '../slack/fake-slack.js';
import { aCustomer, SECRET, type SlackTest, seedCustomers, TOKEN } from '../slack/setup.js';
import { SlackClient } from '../slack/slack-client.js';
import { FakeHubSpot } from './fake-hubspot.js';
import { FakeSalesforce } from './fake-salesforce.js';

export const DEAL = '9001';
export const OPPORTUNITY = '006000000000001AAA';

export interface WriteBackTest extends SlackTest {
  hubspot: FakeHubSpot;
  salesforce: FakeSalesforce;
}

/**
 * A whole Baton with Slack and both write-backs switched on, against loopback
 * fakes of Slack, HubSpot and Salesforce; Acme Corp came from HubSpot deal
 * 9001 and Salesforce opportunity 006000000000001AAA.
 */
export async function startWriteBackTest(
  opts: {
    env?: Record<string, string | undefined>;
    externalIds?: Record<string, string>;
    /** A data file (a restart on it finds Acme Corp there already). */
    file?: string;
    /** Fakes kept from an earlier start. */
    fakes?: { hubspot: FakeHubSpot; salesforce: FakeSalesforce };
  } = {},
): Promise<WriteBackTest> {
  const fake = await new FakeSlack().start();
  const hubspot = opts.fakes?.hubspot ?? (await new FakeHubSpot().start());
  const salesforce = opts.fakes?.salesforce ?? (await new FakeSalesforce().start());
  const t = await startTestBaton({
    adapters: async (ctx) => {
      const out: PlatformAdapter[] = [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })];
      // As defaultAdapters does: each writer only when it is switched on.
      for (const w of connectedRecordWriters(ctx.registry, ctx.env)) out.push(await w.create(ctx));
      return out;
    },
    env: {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      HUBSPOT_WRITE_BACK: 'on',
      HUBSPOT_ACCESS_TOKEN: hubspot.token,
      HUBSPOT_API_URL: hubspot.url,
      SALESFORCE_LOGIN_URL: salesforce.url,
      SALESFORCE_CLIENT_ID: salesforce.clientId,
      SALESFORCE_CLIENT_SECRET: salesforce.clientSecret,
      ...opts.env,
    },
    ...(opts.file ? { store: { file: opts.file } } : {}),
  });
  if (!(await t.store.getCustomer('cus_acme')))
    await seedCustomers(t.store, [
      aCustomer({
        externalIds: opts.externalIds ?? { 'hubspot-deal': DEAL, 'salesforce-opportunity': OPPORTUNITY },
      }),
    ]);
  const slack = new SlackClient(t.url, SECRET, fake);
  return {
    t,
    fake,
    slack,
    hubspot,
    salesforce,
    async pass(ms = 0) {
      await t.advance(ms);
      await t.baton.runOnce();
    },
    async stop() {
      await t.stop();
      await fake.close();
      // Fakes handed in outlive this start.
      if (!opts.fakes) await Promise.all([hubspot.close(), salesforce.close()]);
    },
  };
}
