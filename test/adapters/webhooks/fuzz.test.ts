import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_LIMIT } from '../../../adapters/webhooks/events.js';
import type { Store } from '../../../src/store/store.js';
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js';
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
let hs: FakeHubSpot;
beforeAll(async () => {
  hs = await startFakeHubSpot();
  hubspotWorld(hs);
  t = await startWebhookBaton({ env: { HUBSPOT_API_URL: hs.url, HUBSPOT_ACCESS_TOKEN: hs.token } });
});
afterAll(async () => {
  await t?.stop();
  await hs?.close();
});

/** Deals 9001 and 9002 exist in HubSpot (with their company, contact, owner and pipeline); others do not. */
const DEALS = ['9001', '9002'];
const DELETED = ['404001', '404002'];
function hubspotWorld(fake: FakeHubSpot) {
  fake.pipelines.set('default', [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled' },
    { id: 'closedwon', label: 'Closed Won' },
  ]);
  fake.owners.set('4242', { email: 'Dana@Baton.example', firstName: 'Dana' });
  fake.companies.set('77', { properties: { name: 'Acme Corp', domain: 'acme.example' } });
  fake.contacts.set('501', {
    properties: { firstname: 'Min-jun', lastname: 'Kim', email: 'mj@acme.example', hs_language: 'ko' },
    associations: { companies: ['77'] },
  });
  for (const id of DEALS)
    fake.deals.set(id, {
      properties: {
        dealname: `Acme – deal ${id}`,
        dealstage: 'closedwon',
        amount: '120000',
        pipeline: 'default',
        hubspot_owner_id: '4242',
        closedate: '2026-11-20T17:00:00.000Z',
        description: 'Annual plan',
      },
      associations: { companies: ['77'], contacts: ['501'] },
    });
}

type Outcome = 'processed' | 'failed';
/** What each accepted event should have become, by source and id. */
type Expected = Map<string, { source: string; id: string; want: Outcome | 'settled'; why: string }>;

/** Runs ticks until nothing is pending (a few at most: each tick works through the backlog). */
async function settle(b: WebhookBaton) {
  for (let i = 0; i < 10 && (await b.store.stats()).pendingInbound > 0; i++) await b.advance(1_000);
}

/**
 * Each event as the store has it against what it should have become: `processed`, `failed`
 * (then also with its reason among the failures `baton check` lists), or `settled` (either,
 * not left pending). Returns what differs, in words.
 */
async function mismatches(store: Store, expected: Expected): Promise<string[]> {
  const out: string[] = [];
  for (const { source, id, want, why } of expected.values()) {
    const e = await store.getInbound(source, id);
    const status = e?.status ?? 'missing';
    const ok = want === 'settled' ? status === 'processed' || status === 'failed' : status === want;
    if (!ok)
      out.push(`${source} ${id} (${why}): ${status}${e?.outcome ? ` (${e.outcome})` : ''}, expected ${want}`);
    if (status === 'failed') {
      const failures = await store.listKv('webhook-failures');
      if (!failures.some((f) => f.key === `${source}:${id}`))
        out.push(`${source} ${id} failed without a record`);
    }
  }
  return out;
}

function expectAccepted(
  expected: Expected,
  source: string,
  res: { json: Record<string, unknown> },
  want: Outcome | 'settled',
  why: string,
) {
  for (const id of (res.json.accepted as string[] | undefined) ?? [])
    expected.set(`${source}:${id}`, { source, id, want, why });
}

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
  it('answers any correctly signed body with 2xx, 400 or 413, and settles what it accepted', async () => {
    const expected: Expected = new Map();
    await fc.assert(
      fc.asyncProperty(route, body, async (r, b) => {
        const res = await post(t.url, r, b, signedFor(r, b));
        expect([200, 202, 400, 413]).toContain(res.status);
        if (res.status === 400) expect(typeof res.json.field).toBe('string');
        // A generic event needs nothing from outside: what validates is processed (README: it
        // starts, proposes or notes a handoff, or is recorded on the timeline). The others may
        // end either way, but not pending and not failed without a record.
        const source = r.slice('/hooks/'.length);
        expectAccepted(expected, source, res, source === 'events' ? 'processed' : 'settled', 'random body');
      }),
      { numRuns: 300 },
    );
    await settle(t);
    expect(await mismatches(t.store, expected)).toEqual([]);
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

  it('answers each variation of a valid event as its fields say, and processes every one it accepts', async () => {
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
    const expected: Expected = new Map();
    const recorded = new Set<string>();
    await fc.assert(
      fc.asyncProperty(variation, async (v) => {
        const id = `fz_${v.id}`;
        const e = purchaseEvent({ ...v, id });
        const res = await post(t.url, '/hooks/events', JSON.stringify(e), {
          'x-baton-signature': batonSignature(JSON.stringify(e)),
        });
        // The README's rules, read off the variation: a blank stage or owner is no value, and
        // stage.changed needs its stage; an id seen before is a duplicate.
        const blank = (x: string | undefined) => x !== undefined && x.trim() === '';
        const invalid = blank(v.stage) || blank(v.owner) || (v.type === 'stage.changed' && !v.stage?.trim());
        const want = invalid ? 400 : recorded.has(id) ? 200 : 202;
        expect(res.status, JSON.stringify(v)).toBe(want);
        if (want === 202) recorded.add(id);
        expectAccepted(
          expected,
          'events',
          res,
          'processed',
          `${v.type}${v.owner ? ` owner ${v.owner}` : ''}`,
        );
      }),
      { numRuns: 150 },
    );
    expect(expected.size).toBeGreaterThan(20);
    await settle(t);
    expect(await mismatches(t.store, expected)).toEqual([]);
  });

  it('HubSpot batches: events of deals HubSpot has are processed, of deleted deals failed', async () => {
    let eventId = 0;
    const expected: Expected = new Map();
    const stageChange = fc.record({
      objectId: fc.constantFrom(...DEALS, ...DELETED),
      stage: fc.constantFrom('closedwon', 'appointmentscheduled'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(stageChange, { minLength: 1, maxLength: 4 }), async (changes) => {
        const events = changes.map((c) => ({
          eventId: ++eventId,
          subscriptionId: 1,
          portalId: 62515,
          appId: 54321,
          occurredAt: t.clock.now().getTime() - 1_000,
          subscriptionType: 'deal.propertyChange',
          attemptNumber: 0,
          objectId: Number(c.objectId),
          propertyName: 'dealstage',
          propertyValue: c.stage,
          changeSource: 'CRM',
        }));
        const b = JSON.stringify(events);
        const res = await post(t.url, '/hooks/hubspot', b, signedFor('/hooks/hubspot', Buffer.from(b)));
        expect(res.status).toBe(202);
        expect(res.json.accepted).toHaveLength(events.length);
        // The oracle is HubSpot's own content (the fake), not anything Baton computed.
        for (const e of events) {
          const id = `62515:${e.objectId}:${e.eventId}`;
          const exists = DEALS.includes(String(e.objectId));
          expected.set(`hubspot:${id}`, {
            source: 'hubspot',
            id,
            want: exists ? 'processed' : 'failed',
            why: exists ? 'deal in HubSpot' : 'deal deleted in HubSpot',
          });
        }
      }),
      { numRuns: 40 },
    );
    const wants = [...expected.values()].map((e) => e.want);
    expect(wants).toContain('processed');
    expect(wants).toContain('failed');
    await settle(t);
    expect(await mismatches(t.store, expected)).toEqual([]);
  });
});

describe('control: the outcome check tells processed from failed', () => {
  let c: WebhookBaton;
  let fake: FakeHubSpot;
  beforeAll(async () => {
    fake = await startFakeHubSpot();
    hubspotWorld(fake);
    c = await startWebhookBaton({ env: { HUBSPOT_API_URL: fake.url, HUBSPOT_ACCESS_TOKEN: fake.token } });
  });
  afterAll(async () => {
    await c?.stop();
    await fake?.close();
  });

  /** The store Baton writes to, made to record every settled event with the other outcome. */
  function swapOutcomes(store: Store) {
    const commit = store.commit.bind(store);
    store.commit = (change) =>
      commit({
        ...change,
        ...(change.inbound
          ? {
              inbound: change.inbound.map((i) =>
                i.value.status === 'failed'
                  ? { ...i, value: { ...i.value, status: 'processed' as const } }
                  : i.value.status === 'processed'
                    ? { ...i, value: { ...i.value, status: 'failed' as const } }
                    : i,
              ),
            }
          : {}),
      });
    return () => {
      store.commit = commit;
    };
  }

  it('a Baton that marked a deleted deal processed (and a processed one failed) is caught', async () => {
    const restore = swapOutcomes(c.store);
    try {
      const events = [
        { objectId: 9001, eventId: 1 },
        { objectId: 404001, eventId: 2 },
      ].map((e) => ({
        ...e,
        subscriptionId: 1,
        portalId: 62515,
        appId: 54321,
        occurredAt: c.clock.now().getTime() - 1_000,
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
        changeSource: 'CRM',
      }));
      const b = JSON.stringify(events);
      const now = c.clock.now().getTime();
      const res = await post(
        c.url,
        '/hooks/hubspot',
        b,
        hubspotHeaders(`https://127.0.0.1:${c.port}/hooks/hubspot`, b, now),
      );
      expect(res.status).toBe(202);
      const generic = purchaseEvent({ id: 'ctl_generic' });
      const g = await post(c.url, '/hooks/events', JSON.stringify(generic), {
        'x-baton-signature': batonSignature(JSON.stringify(generic)),
      });
      expect(g.status).toBe(202);
      await settle(c);
      const expected: Expected = new Map([
        ['a', { source: 'hubspot', id: '62515:9001:1', want: 'processed', why: 'deal in HubSpot' }],
        ['b', { source: 'hubspot', id: '62515:404001:2', want: 'failed', why: 'deal deleted in HubSpot' }],
        ['c', { source: 'events', id: 'ctl_generic', want: 'processed', why: 'generic event' }],
      ]);
      const found = await mismatches(c.store, expected);
      // Each wrong outcome is named: the deleted deal's event is not let through as processed.
      expect(found).toEqual([
        expect.stringMatching(/^hubspot 62515:9001:1 \(deal in HubSpot\): failed .*expected processed$/),
        'hubspot 62515:9001:1 failed without a record',
        expect.stringMatching(
          /^hubspot 62515:404001:2 \(deal deleted in HubSpot\): processed .*expected failed$/,
        ),
        expect.stringMatching(/^events ctl_generic \(generic event\): failed .*expected processed$/),
        'events ctl_generic failed without a record',
      ]);
    } finally {
      restore();
    }
  });
});
