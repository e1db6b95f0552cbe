import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { createWebhooksAdapter } from '../../adapters/webhooks/index.js';
import type { Store } from '../../src/store/store.js';
import { FakeSlack } from '../adapters/slack/fake-slack.js';
import { batonSignature, post } from '../adapters/webhooks/support.js';
import { startTestBaton, type TestBaton } from '../support/harness.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-outbox-on-queue',
  SLACK_SIGNING_SECRET: 'outbox-on-queue-signing-secret',
  BATON_WEBHOOK_SECRET: 'outbox-on-queue-webhook-secret',
};

function purchase(n: number): string {
  return JSON.stringify({
    id: `evt_soon_${n}`,
    type: 'purchase.completed',
    occurredAt: '2026-11-23T10:00:00Z',
    customer: { id: `crm-soon-${n}`, name: `Soon Ltd ${n}` },
    stage: 'closedwon',
    owner: 'dana',
    context: { summary: 'Bought the plan', goLiveDate: '2027-01-15' },
  });
}

/** A memory store that counts the outbox's claims. */
function countingClaims(): { store: Store; claims: () => number } {
  const memory = createMemoryStore();
  let claims = 0;
  const store: Store = {
    ...memory,
    claimDeliveries: (now, o) => {
      claims++;
      return memory.claimDeliveries(now, o);
    },
  };
  return { store, claims: () => claims };
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return done();
}

/**
 * A purchase comes in and its card should be in the channel as soon as the handoff is durable,
 * not at the outbox's next interval. The scheduler's timer is a minute here (the harness's), so
 * only a claim made because the commit queued the card can post it within the test.
 */
describe('the outbox claims what a commit queues at once', () => {
  let t: TestBaton | undefined;
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await t?.stop();
    await fake?.close();
    t = undefined;
  });

  async function start(outboxOnQueue: boolean, store?: Store) {
    fake = await new FakeSlack().start();
    t = await startTestBaton({
      adapters: async (ctx) => [
        await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
        await createWebhooksAdapter(ctx),
      ],
      env: { ...ENV, SLACK_API_URL: fake.url },
      outboxOnQueue,
      ...(store ? { store } : {}),
    });
    // The loops' first runs at start are over before the purchase comes in.
    await new Promise((r) => setTimeout(r, 100));
    return { t, fake };
  }

  const cardsOf = (f: FakeSlack, name: string) =>
    f.callsOf('chat.postMessage').filter((c) => String(c.args.text ?? '').includes(name));

  it('posts the card of a purchase within a second of the webhook, with the next interval a minute away', async () => {
    const { t, fake } = await start(true);
    const body = purchase(1);
    const sent = Date.now();
    const res = await post(t.url, '/hooks/events', body, {
      'x-baton-signature': batonSignature(body, ENV.BATON_WEBHOOK_SECRET),
    });
    expect(res.status).toBe(202);
    expect(await until(() => cardsOf(fake, 'Soon Ltd 1').length > 0, 5_000)).toBe(true);
    expect(Date.now() - sent).toBeLessThan(1_000);
  });

  it('control: with claims only at the interval, the card is not posted until the next pass', async () => {
    const { t, fake } = await start(false);
    const body = purchase(2);
    const res = await post(t.url, '/hooks/events', body, {
      'x-baton-signature': batonSignature(body, ENV.BATON_WEBHOOK_SECRET),
    });
    expect(res.status).toBe(202);
    expect(await until(() => cardsOf(fake, 'Soon Ltd 2').length > 0, 1_500)).toBe(false);
    await t.advance(0);
    expect(cardsOf(fake, 'Soon Ltd 2')).toHaveLength(1);
  });

  it('claims at most about ten times a second however many commits queue cards', async () => {
    const counting = countingClaims();
    const { t, fake } = await start(true, counting.store);
    const before = counting.claims();
    const started = Date.now();
    const n = 40;
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const body = purchase(100 + i);
        const res = await post(t.url, '/hooks/events', body, {
          'x-baton-signature': batonSignature(body, ENV.BATON_WEBHOOK_SECRET),
        });
        expect(res.status).toBe(202);
      }),
    );
    const posted = () =>
      fake.callsOf('chat.postMessage').filter((c) => /Soon Ltd 1\d\d/.test(String(c.args.text))).length;
    expect(await until(() => posted() > 0, 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    const claims = counting.claims() - before;
    const seconds = (Date.now() - started) / 1_000;
    // One claim per 100 ms at most (plus the one in flight), however many of the 40 commits came meanwhile.
    expect(claims).toBeGreaterThan(0);
    expect(claims).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
    // What one claim per conversation left waits for the next interval, as before.
    await t.advance(0);
    expect(posted()).toBe(n);
  });
});
