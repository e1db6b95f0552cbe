import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_LIMIT } from '../../adapters/webhooks/events.js';
import {
  batonSignature,
  hubspotHeaders,
  post,
  purchaseEvent,
  SECRETS,
  startWebhookBaton,
  stripeSignature,
  type WebhookBaton,
} from './support.js';

let t: WebhookBaton;
beforeAll(async () => {
  t = await startWebhookBaton();
});
afterAll(async () => {
  await t?.stop();
});

const ROUTES = ['/hooks/events', '/hooks/hubspot', '/hooks/stripe', '/hooks/salesforce'] as const;
type RouteName = (typeof ROUTES)[number];

/** Headers that pass each source's signature check for this body, as its sender would make them. */
function signedFor(route: RouteName, body: Buffer): Record<string, string> {
  const now = t.clock.now().getTime();
  switch (route) {
    case '/hooks/events':
      return { 'x-baton-signature': batonSignature(body) };
    case '/hooks/hubspot':
      return hubspotHeaders(`https://127.0.0.1:${t.port}${route}`, body, now);
    case '/hooks/stripe':
      return { 'stripe-signature': stripeSignature(body, Math.floor(now / 1000)) };
    case '/hooks/salesforce':
      return { 'x-baton-secret': SECRETS.SALESFORCE_WEBHOOK_SECRET };
  }
}

const route = fc.constantFrom(...ROUTES);
const printable = fc.stringMatching(/^[\x21-\x7e]{0,120}$/);
/** Bodies from plain junk to JSON that looks like each sender's. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
  fc.json().map((s) => Buffer.from(s)),
  fc
    .array(
      fc.dictionary(
        fc.constantFrom('eventId', 'objectId', 'portalId', 'subscriptionType', 'occurredAt', 'propertyName'),
        fc.jsonValue(),
      ),
      { maxLength: 5 },
    )
    .map((a) => Buffer.from(JSON.stringify(a))),
  fc
    .record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        type: fc.oneof(
          fc.constantFrom(
            'purchase.completed',
            'stage.changed',
            'contact.logged',
            'customer.updated',
            'invoice.paid',
          ),
          fc.string(),
        ),
        customer: fc.oneof(
          fc.jsonValue(),
          fc.record({
            id: fc.string(),
            contacts: fc.array(fc.record({ name: fc.string(), email: fc.string() })),
          }),
        ),
        stage: fc.option(fc.string()),
        occurredAt: fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        context: fc.dictionary(fc.string(), fc.jsonValue()),
        data: fc.record({ object: fc.dictionary(fc.string(), fc.jsonValue()) }),
        opportunity: fc.dictionary(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    )
    .map((o) => Buffer.from(JSON.stringify(o))),
);

describe('webhook routes under arbitrary input: never a 5xx', () => {
  it('answers any correctly signed body with 2xx, 400 or 413, and the tick that follows does not fail', async () => {
    await fc.assert(
      fc.asyncProperty(route, body, async (r, b) => {
        const res = await post(t.url, r, b, signedFor(r, b));
        expect([200, 202, 400, 413]).toContain(res.status);
        if (res.status === 400) expect(typeof res.json.field).toBe('string');
      }),
      { numRuns: 300 },
    );
    await t.advance(1_000);
    expect((await t.store.stats()).pendingInbound).toBe(0);
  });

  it('answers unsigned or wrongly signed requests with 401 and changes nothing', async () => {
    const before = await t.store.stats();
    const headerNames = fc.constantFrom(
      'x-baton-signature',
      'x-hubspot-signature-v3',
      'x-hubspot-request-timestamp',
      'stripe-signature',
      'x-baton-secret',
      'x-forwarded-proto',
      'x-forwarded-host',
    );
    await fc.assert(
      fc.asyncProperty(route, body, fc.dictionary(headerNames, printable), async (r, b, headers) => {
        const res = await post(t.url, r, b, headers);
        expect(res.status).toBe(401);
      }),
      { numRuns: 300 },
    );
    expect(await t.store.stats()).toEqual(before);
  });

  it('answers a body past the limit with 413, whatever it holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: EVENTS_LIMIT + 1, max: EVENTS_LIMIT * 3 }),
        fc.boolean(),
        async (size, signed) => {
          const b = Buffer.alloc(size, 'a');
          const res = await post(t.url, '/hooks/events', b, signed ? signedFor('/hooks/events', b) : {});
          expect(res.status).toBe(413);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('takes structured variations of a valid event without a 5xx, and processes what it accepts', async () => {
    const variation = fc.record({
      id: fc.stringMatching(/^[a-z0-9_]{1,20}$/),
      stage: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
      owner: fc.option(fc.constantFrom('dana', 'sam', 'ghost', ''), { nil: undefined }),
      type: fc.constantFrom(
        'purchase.completed',
        'stage.changed',
        'contact.logged',
        'customer.updated',
        'lead.qualified',
        'x.y',
      ),
      context: fc.dictionary(
        fc.stringMatching(/^[a-z][a-zA-Z]{0,12}$/),
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.integer(),
          fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(variation, async (v) => {
        const e = purchaseEvent({ ...v, id: `fz_${v.id}` });
        const res = await post(t.url, '/hooks/events', JSON.stringify(e), {
          'x-baton-signature': batonSignature(JSON.stringify(e)),
        });
        expect([200, 202, 400]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
    await t.advance(1_000);
    expect((await t.store.stats()).pendingInbound).toBe(0);
  });
});
