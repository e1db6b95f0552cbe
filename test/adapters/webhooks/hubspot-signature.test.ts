import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  calledUrl,
  hubspotSource,
  hubspotV3Signature,
  receiveHubSpot,
  signedUri,
} from '../../../adapters/webhooks/hubspot.js';
import { batonRegistry } from '../../../app/registry.js';
import { parseEnv } from '../../../src/config/env.js';
import { envOf } from '../../../src/registry/registry.js';
import { fixtureJson, hubspotHeaders, post, startWebhookBaton, type WebhookBaton } from './support.js';

const doc = fixtureJson<{
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: string;
  v1: string;
  v1Body: string;
  v2: string;
  v3: string;
  encodedUri: string;
  encodedUriV3: string;
}>('hubspot-signature-v3.json');

describe("HubSpot's v3 signature", () => {
  it('reads the documented inputs as HubSpot does (its printed v1 and v2 hashes)', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(sha(doc.clientSecret + doc.v1Body)).toBe(doc.v1);
    expect(sha(doc.clientSecret + doc.method + doc.uri + doc.body)).toBe(doc.v2);
  });

  it('signs method + URI + body + timestamp, HMAC-SHA256, base64', () => {
    const sig = hubspotV3Signature(
      doc.clientSecret,
      doc.method,
      doc.uri,
      Buffer.from(doc.body),
      doc.timestamp,
    );
    expect(sig.toString('base64')).toBe(doc.v3);
  });

  it("decodes the escapes HubSpot's guide lists before signing", () => {
    expect(signedUri(doc.encodedUri)).toBe('https://www.example.com/webhook_uri?portal=a:b,c');
    const sig = hubspotV3Signature(
      doc.clientSecret,
      'POST',
      doc.encodedUri,
      Buffer.from(doc.body),
      doc.timestamp,
    );
    expect(sig.toString('base64')).toBe(doc.encodedUriV3);
    // %20 is not in the list: it stays as it was sent.
    expect(signedUri('https://x.example/a%20b%3a')).toBe('https://x.example/a%20b:');
  });

  const request = (now: number, headers: Record<string, string>, url = '/webhook_uri') => ({
    method: 'POST',
    url,
    headers: { host: 'www.example.com', ...headers },
    body: Buffer.from(doc.body),
    now: new Date(now),
  });
  const signed = { 'x-hubspot-signature-v3': doc.v3, 'x-hubspot-request-timestamp': doc.timestamp };

  it('passes the documented signature within five minutes either side (its body is no batch: 400)', () => {
    const at = Number(doc.timestamp);
    expect(receiveHubSpot(request(at + 299_000, signed), doc.clientSecret)).toMatchObject({ status: 400 });
    expect(receiveHubSpot(request(at - 299_000, signed), doc.clientSecret)).toMatchObject({ status: 400 });
  });

  it('refuses it as a replay past five minutes, and with a wrong secret or body', () => {
    const at = Number(doc.timestamp);
    expect(receiveHubSpot(request(at + 301_000, signed), doc.clientSecret)).toMatchObject({ status: 401 });
    expect(receiveHubSpot(request(at, signed), 'another-secret')).toMatchObject({ status: 401 });
    const other = { ...request(at, signed), body: Buffer.from('{"example_field":"other"}') };
    expect(receiveHubSpot(other, doc.clientSecret)).toMatchObject({ status: 401 });
    expect(receiveHubSpot(request(at, {}), doc.clientSecret)).toMatchObject({ status: 401 });
  });

  it('believes the proxy headers only when told to, and takes HUBSPOT_WEBHOOK_URL over everything', () => {
    const req = request(
      0,
      { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'baton.example.com' },
      '/hooks/hubspot',
    );
    // Untrusted: the sender wrote X-Forwarded-*, so only Host counts.
    expect(calledUrl(req)).toBe('https://www.example.com/hooks/hubspot');
    expect(calledUrl({ ...req, headers: { ...req.headers, 'x-forwarded-proto': 'http' } })).toBe(
      'https://www.example.com/hooks/hubspot',
    );
    expect(calledUrl(req, { trustProxy: true })).toBe('https://baton.example.com/hooks/hubspot');
    expect(calledUrl(request(0, {}, '/hooks/hubspot'), { trustProxy: true })).toBe(
      'https://www.example.com/hooks/hubspot',
    );
    const configuredUrl = 'https://public.example/hooks/hubspot';
    expect(calledUrl(req, { configuredUrl, trustProxy: true })).toBe(configuredUrl);
    expect(calledUrl(req, { configuredUrl: 'https://public.example' })).toBe(
      'https://public.example/hooks/hubspot',
    );
  });
});

describe('HubSpot: a batch signed for another deployment sharing the secret', () => {
  let t: WebhookBaton | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const batch = (eventId: number) =>
    JSON.stringify([
      {
        eventId,
        subscriptionId: 1,
        portalId: 62515,
        appId: 54321,
        occurredAt: 1_764_000_000_000,
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: 9001,
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
        changeSource: 'CRM',
      },
    ]);
  const OURS = 'https://baton.example.com/hooks/hubspot';
  const THEIRS = 'https://other-deployment.example/hooks/hubspot';
  /** Signed for `url`, with the forwarded headers a sender would add to make it look called there. */
  const send = (b: WebhookBaton, url: string, body: string) =>
    post(b.url, '/hooks/hubspot', body, {
      ...hubspotHeaders(url, body, b.clock.now().getTime()),
      'x-forwarded-proto': 'https',
      'x-forwarded-host': new URL(url).host,
    });

  it('is refused with 401 when HUBSPOT_WEBHOOK_URL names ours; one signed for ours is accepted', async () => {
    const b = await startWebhookBaton({ env: { HUBSPOT_WEBHOOK_URL: OURS, BATON_TRUST_PROXY: 'true' } });
    t = b;
    expect((await send(b, THEIRS, batch(1))).status).toBe(401);
    expect(await b.store.getInbound('hubspot', '62515:9001:1')).toBeUndefined();
    expect((await send(b, OURS, batch(2))).status).toBe(202);
    expect(await b.store.getInbound('hubspot', '62515:9001:2')).toBeDefined();
  });

  it('is refused with 401 without configuration: X-Forwarded-Host is not believed', async () => {
    const b = await startWebhookBaton();
    t = b;
    expect((await send(b, THEIRS, batch(3))).status).toBe(401);
    expect(await b.store.getInbound('hubspot', '62515:9001:3')).toBeUndefined();
  });

  it('refuses to start on a HUBSPOT_WEBHOOK_URL or BATON_TRUST_PROXY it cannot read', () => {
    expect(() => parseEnv({ HUBSPOT_WEBHOOK_URL: 'baton.example.com/hooks/hubspot' }, batonRegistry)).toThrow(
      /HUBSPOT_WEBHOOK_URL/,
    );
    expect(() => parseEnv({ BATON_TRUST_PROXY: 'maybe' }, batonRegistry)).toThrow(/BATON_TRUST_PROXY/);
    const env = parseEnv({ BATON_TRUST_PROXY: 'on', HUBSPOT_WEBHOOK_URL: OURS }, batonRegistry);
    expect(env.BATON_TRUST_PROXY).toBe(true);
    expect(envOf(hubspotSource, env).HUBSPOT_WEBHOOK_URL).toBe(OURS);
    expect(parseEnv({}, batonRegistry).BATON_TRUST_PROXY).toBe(false);
  });

  it('control: with BATON_TRUST_PROXY the forwarded host is believed, so the same request passes', async () => {
    const b = await startWebhookBaton({ env: { BATON_TRUST_PROXY: 'true' } });
    t = b;
    expect((await send(b, THEIRS, batch(4))).status).toBe(202);
  });
});
