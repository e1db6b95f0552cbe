import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createWebhooksAdapter } from '../../adapters/webhooks/index.js';
import { FakeSlack } from '../adapters/slack/fake-slack.js';
import { SECRET, TOKEN } from '../adapters/slack/setup.js';
import { SlackClient } from '../adapters/slack/slack-client.js';
import {
  FIXTURES,
  post,
  postEvent,
  purchaseEvent,
  SECRETS,
  stripeSignature,
} from '../adapters/webhooks/support.js';
import { type StartOptions, startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { type PostgresTarget, postgresTarget } from '../support/postgres-target.js';

/**
 * `/cx forget` against the whole store: after it, no file under the data
 * directory (file store) and no row of any table (PostgreSQL) holds a value
 * that identified the customer or was written about them. The oracle is a
 * plain text search of the bytes, not the store's own reads; before the
 * erasure the same search finds every value (the control).
 */

/** Everything personal the scenario writes, and where it first enters. */
const PERSONAL = {
  name: 'Zenith Widgets',
  domain: 'zenith-widgets.example',
  externalId: 'crm-zw-7741',
  contactName: 'Oksana Petrenko',
  email: 'oksana@zenith-widgets.example',
  phone: '+380 44 555 0199',
  context: 'wants onboarding in Kyiv',
  note: 'budget of 77k',
  declineReason: 'prefers Thursdays only',
  /** Only in a webhook still pending when the customer is forgotten. */
  pendingOnly: 'Taras Kovalenko',
};
const VALUES = Object.values(PERSONAL);

type Kind = 'lowdb' | 'postgres';

let pgTarget: PostgresTarget | undefined;
afterAll(async () => {
  await pgTarget?.close();
});

describe.each(['lowdb', 'postgres'] as const)(
  'forget erases the customer from the whole %s store',
  (kind: Kind) => {
    let t: TestBaton | undefined;
    let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
    let fake: FakeSlack | undefined;
    let slack: SlackClient | undefined;
    let schema = '';
    afterEach(async () => {
      await t?.stop();
      t = undefined;
      await fake?.close();
      fake = undefined;
      await tmp?.cleanup();
      tmp = undefined;
    });

    /**
     * A whole Baton with Slack (a fake Slack on loopback) and the webhooks, on
     * the store under test: webhooks bring the customer in, people act in Slack.
     */
    async function start(now = '2026-11-23T15:00:00Z') {
      fake ??= await new FakeSlack().start();
      let store: StartOptions['store'];
      if (kind === 'lowdb') {
        tmp ??= await tempDir('baton-erasure-');
        store = { file: path.join(tmp.dir, 'baton.json') };
      } else {
        pgTarget ??= await postgresTarget();
        schema ||= pgTarget.freshSchema();
        store = await pgTarget.open(schema);
      }
      const slackFake = fake;
      const b = await startTestBaton({
        now,
        store,
        env: {
          ...SECRETS,
          BATON_CONFIG: path.join(FIXTURES, 'baton.config.yaml'),
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slackFake.url,
        },
        adapters: async (ctx) => [
          await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
          // An update left pending at the forget, as one accepted just before it would be.
          await createWebhooksAdapter(ctx, { processOnAccept: false }),
        ],
      });
      slack = new SlackClient(b.url, SECRET, slackFake);
      return b;
    }

    /** The values found anywhere in the store's bytes: every file, or every row of every table. */
    async function found(): Promise<string[]> {
      if (kind === 'lowdb') {
        let text = '';
        for (const entry of await readdir(tmp!.dir, { withFileTypes: true, recursive: true })) {
          if (entry.isFile()) text += await readFile(path.join(entry.parentPath, entry.name), 'utf8');
        }
        const lower = text.toLowerCase();
        return VALUES.filter((v) => lower.includes(v.toLowerCase()));
      }
      const db = pgTarget!;
      const tables = await db.admin<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
        [schema],
      );
      expect(tables.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['customers', 'deliveries', 'inbound']),
      );
      const hits = new Set<string>();
      for (const { table_name } of tables) {
        for (const v of VALUES) {
          const [row] = await db.admin<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${schema}.${table_name} t WHERE t::text ILIKE $1`,
            [`%${v}%`],
          );
          if ((row?.n ?? 0) > 0) hits.add(v);
        }
      }
      return VALUES.filter((v) => hits.has(v));
    }

    it('leaves none of the values behind, with no compaction or vacuum asked for', async () => {
      t = await start();
      const s = t.baton.services;

      // The customer arrives by a signed webhook, with a contact; the purchase opens a handoff to delivery.
      const purchase = purchaseEvent({
        id: 'evt_zw_1',
        customer: {
          id: PERSONAL.externalId,
          name: PERSONAL.name,
          domain: PERSONAL.domain,
          contacts: [
            { name: PERSONAL.contactName, email: PERSONAL.email, phone: PERSONAL.phone, role: 'sponsor' },
          ],
        },
        context: { summary: `Oksana ${PERSONAL.context}`, goLiveDate: '2027-01-15' },
      });
      expect((await postEvent(t, purchase)).status).toBe(202);
      await t.advance(1_000);
      const [customer] = await t.store.listCustomers();
      if (!customer)
        throw new Error(
          `the webhook made no customer: ${JSON.stringify(await t.store.getInbound('events', 'evt_zw_1'))}`,
        );
      const [handoff] = await t.store.listHandoffs({ customerId: customer.id });
      if (!handoff?.assignee) throw new Error('the purchase opened no handoff');

      // The handoff declined with a reason, and a contact logged with a note; the notes go out (sent).
      const declined = await s.decline({
        handoffId: handoff.id,
        actor: handoff.assignee,
        reason: `Oksana ${PERSONAL.declineReason}`,
      });
      expect(declined.ok).toBe(true);
      // While the handoff sits declined a person's contact is refused (it must be sent again or
      // cancelled), so the note arrives the way a system of record logs one.
      const logged = await s.logCustomerContact({
        customerId: customer.id,
        actor: 'system',
        channel: 'call',
        note: `Oksana mentioned a ${PERSONAL.note}`,
      });
      expect(logged.ok).toBe(true);
      await t.advance(1_000);
      // The decline went out in Slack with its reason: that delivery is now sent.
      expect(JSON.stringify(fake?.calls)).toContain(PERSONAL.declineReason);

      // A Stripe checkout naming the customer by name and phone but no e-mail: given up at once.
      const checkout = JSON.stringify({
        id: 'evt_stripe_zw',
        type: 'checkout.session.completed',
        created: Math.floor(t.clock.now().getTime() / 1000),
        data: {
          object: {
            id: 'cs_zw',
            customer_details: { name: PERSONAL.name, phone: PERSONAL.phone },
            amount_total: 500000,
            currency: 'usd',
          },
        },
      });
      const signed = stripeSignature(checkout, Math.floor(t.clock.now().getTime() / 1000));
      expect((await post(t.url, '/hooks/stripe', checkout, { 'stripe-signature': signed })).status).toBe(202);
      await t.advance(1_000);
      // Given up at once, it keeps only what an operator needs to find it at Stripe: no payload, a code.
      const givenUp = {
        source: 'stripe',
        id: 'evt_stripe_zw',
        type: 'checkout.session.completed',
        receivedAt: '2026-11-23T15:00:02.000Z',
        status: 'failed',
        outcome: 'failed: EVENT_UNPROCESSABLE',
        attempts: 1,
      };
      expect(await t.store.getInbound('stripe', 'evt_stripe_zw')).toEqual(givenUp);

      // A CRM update with a new contact, accepted but not yet processed when the admin forgets.
      const update = purchaseEvent({
        id: 'evt_zw_2',
        type: 'customer.updated',
        customer: {
          id: PERSONAL.externalId,
          contacts: [{ name: PERSONAL.pendingOnly, email: 'taras@elsewhere.example' }],
        },
      });
      expect((await postEvent(t, update)).status).toBe(202);

      // The control: before the erasure, the search finds every value somewhere in the store.
      expect(await found()).toEqual(VALUES);

      // Dana, an admin, types the exact command in Slack; the answer comes once it is done.
      const { res, responseId } = await slack!.command('/cx', `forget ${customer.id} --confirm`, 'U0DANA');
      expect(res.status).toBe(200);
      expect(String((await slack!.answer(responseId)).text)).toContain('is erased');
      // Confirmed means done: the search runs straight after, before any other pass or restart.
      expect(await found()).toEqual([]);

      // The pending update was settled as dropped: processing it later brings nobody back.
      expect(await t.store.getInbound('events', 'evt_zw_2')).toMatchObject({
        status: 'processed',
        outcome: 'dropped: its customer was erased',
      });
      // The given-up event keeps what an operator needs to find it at Stripe, nothing else.
      expect(await t.store.getInbound('stripe', 'evt_stripe_zw')).toEqual(givenUp);
      await t.advance(60_000);
      expect(await t.store.listCustomers()).toHaveLength(1);
      expect(await found()).toEqual([]);

      // And after a restart on the same data.
      await t.stop();
      t = await start('2026-11-23T16:00:00Z');
      await t.advance(1_000);
      expect(await found()).toEqual([]);
      expect((await t.store.getCustomer(customer.id))?.erasedAt).toBeDefined();
    });
  },
);
