import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calledUrl, hubspotV3Signature, receiveHubSpot, signedUri } from '../../adapters/webhooks/hubspot.js';
import { fixtureJson } from './support.js';

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

  it('rebuilds the called URL from the proxy headers, or takes HUBSPOT_WEBHOOK_URL', () => {
    const req = request(
      0,
      { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'baton.example.com' },
      '/hooks/hubspot',
    );
    expect(calledUrl(req)).toBe('https://baton.example.com/hooks/hubspot');
    expect(calledUrl(request(0, {}, '/hooks/hubspot'))).toBe('https://www.example.com/hooks/hubspot');
    expect(calledUrl(req, 'https://public.example/hooks/hubspot')).toBe(
      'https://public.example/hooks/hubspot',
    );
    expect(calledUrl(req, 'https://public.example')).toBe('https://public.example/hooks/hubspot');
  });
});
