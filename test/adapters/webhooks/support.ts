import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createWebhooksAdapter } from '../../../adapters/webhooks/index.js';
import type { DispatchItem, Notifier, SendOutcome } from '../../../src/outbox/notifier.js';
import type { PlatformAdapter } from '../../../src/server/adapter.js';
import { REPO, type StartOptions, startTestBaton, type TestBaton } from '../../support/harness.js';

export const SECRETS = {
  BATON_WEBHOOK_SECRET: 'baton-generic-test-secret',
  HUBSPOT_CLIENT_SECRET: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_secret',
  SALESFORCE_WEBHOOK_SECRET: 'sf-named-credential-secret',
} as const;

export const FIXTURES = path.join(REPO, 'test/fixtures/webhooks');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

/** `X-Baton-Signature` as the spec defines it. */
export function batonSignature(body: string | Buffer, secret: string = SECRETS.BATON_WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** HubSpot's v3 headers, as HubSpot builds them for the URL it calls. */
export function hubspotHeaders(
  url: string,
  body: string | Buffer,
  timestampMs: number,
  secret: string = SECRETS.HUBSPOT_CLIENT_SECRET,
): Record<string, string> {
  const ts = String(timestampMs);
  const signed = Buffer.concat([Buffer.from(`POST${url}`), Buffer.from(body), Buffer.from(ts)]);
  const signature = createHmac('sha256', secret).update(signed).digest('base64');
  return { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': ts };
}

/** Stripe-Signature as Stripe builds it (stripe-node's `generateTestHeaderString`). */
export function stripeSignature(
  body: string | Buffer,
  timestampS: number,
  secret: string = SECRETS.STRIPE_WEBHOOK_SECRET,
) {
  const signed = Buffer.concat([Buffer.from(`${timestampS}.`), Buffer.from(body)]);
  const v1 = createHmac('sha256', secret).update(signed).digest('hex');
  return `t=${timestampS},v1=${v1}`;
}

export async function post(
  base: string,
  route: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, json };
}

export function postEvent(t: TestBaton, event: unknown) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  return post(t.url, '/hooks/events', body, { 'x-baton-signature': batonSignature(body) });
}

/** A notifier that records what it is asked to send and always succeeds. */
export function recordingNotifier(
  platform: 'slack' | 'teams' = 'slack',
): Notifier & { sent: DispatchItem[] } {
  const sent: DispatchItem[] = [];
  let n = 0;
  return {
    platform,
    sent,
    async send(item: DispatchItem): Promise<SendOutcome> {
      sent.push(item);
      n++;
      return { ok: true, ref: { conversationId: 'C0TEST', messageId: `m${n}` } };
    },
  };
}

export interface WebhookBaton extends TestBaton {
  notifier: ReturnType<typeof recordingNotifier>;
}

/** A Baton with the webhooks adapter, every source on, and a recording Slack notifier. */
export async function startWebhookBaton(
  opts: Partial<Omit<StartOptions, 'adapters'>> & {
    env?: Record<string, string | undefined>;
    /** false: accepted events wait for the tick (a crash between the 202 and processing). */
    processOnAccept?: boolean;
  } = {},
): Promise<WebhookBaton> {
  const notifier = recordingNotifier('slack');
  const fake: PlatformAdapter = { name: 'fake', routes: [], notifier };
  const t = await startTestBaton({
    ...opts,
    env: { ...SECRETS, BATON_CONFIG: path.join(FIXTURES, 'baton.config.yaml'), ...opts.env },
    adapters: async (ctx) => [
      fake,
      await createWebhooksAdapter(ctx, { processOnAccept: opts.processOnAccept ?? true }),
    ],
  });
  return Object.assign(t, { notifier });
}

/** A generic event like the spec's example, with a fresh id. */
export function purchaseEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...fixtureJson('generic-purchase.json'), ...overrides };
}

/** The first audit entry with this action on a customer's timeline. */
export async function auditEntry(b: TestBaton, customerId: string, action: string) {
  for (const e of await b.store.history(customerId))
    if (e.kind === 'audit' && e.entry.action === action) return e.entry;
  return undefined;
}
