import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import type { HandoffContext, InboundEvent } from '../../src/domain/types.js';
import { attributesOf, attributesShape } from './attributes.js';
import { contactSchema, languageSchema } from './events.js';
import { personByEmail } from './match.js';
import { normalizeStage, parseBody } from './parse.js';
import { activitySchema, activitySignal, isActivityBody } from './salesforce-activity.js';
import { header, secretEquals } from './signatures.js';
import {
  compact,
  defineSource,
  keyContactOf,
  type RawRequest,
  type Received,
  type Signal,
  SignalError,
  type SourceContext,
} from './source.js';

/** Salesforce record ids: 15 or 18 characters. */
const sfId = z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'a Salesforce id (15 or 18 characters)');

/**
 * The body a Flow HTTP callout sends on an opportunity stage change (see
 * docs/webhooks.md). `eventId` is optional: without it the delivery is known
 * by the opportunity, its stage and its LastModifiedDate.
 */
export const salesforceSchema = z
  .object({
    eventId: z.string().trim().min(1).max(200).optional(),
    opportunity: z.object({
      id: sfId,
      name: z.string().trim().min(1).max(300),
      stage: z.string().trim().min(1).max(100),
      amount: z.number().finite().nullish(),
      currency: z
        .string()
        .regex(/^[A-Za-z]{3}$/, 'an ISO currency code like USD')
        .nullish(),
      closeDate: z.string().max(40).nullish(),
      lastModifiedDate: z.iso.datetime({ offset: true }).optional(),
      ownerEmail: z.email().nullish(),
      summary: z.string().max(10_000).nullish(),
      goLiveDate: z.string().max(40).nullish(),
      language: languageSchema.nullish(),
    }),
    account: z.object({
      id: sfId,
      name: z.string().trim().min(1).max(300),
      website: z.string().max(500).nullish(),
      ...attributesShape,
    }),
    contacts: z.array(contactSchema).max(50).optional(),
  })
  .refine((b) => b.eventId || b.opportunity.lastModifiedDate, {
    message: 'give eventId, or opportunity.lastModifiedDate so that a redelivery is recognised',
    path: ['eventId'],
  });

export type SalesforceBody = z.infer<typeof salesforceSchema>;

export const salesforceSource = defineSource({
  name: 'salesforce',
  label: 'Salesforce',
  route: '/hooks/salesforce',
  env: { SALESFORCE_WEBHOOK_SECRET: optional },
  secret: 'SALESFORCE_WEBHOOK_SECRET',
  secretEnv: ['SALESFORCE_WEBHOOK_SECRET'],
  // The shared secret itself travels in this header.
  redactHeaders: ['x-baton-secret'],
  limit: 256 * 1024,
  // Without the org's own domain, Salesforce's login page forwards to the record once signed in.
  recordUrl: (id) =>
    URL.canParse(id) && /^https?:$/.test(new URL(id).protocol)
      ? new URL(id).href
      : `https://login.salesforce.com/?startURL=%2F${encodeURIComponent(id)}`,
  create: (ctx: SourceContext) => ({
    receive: (req, secret) => receiveSalesforce(req, secret),
    toSignal: async (e) => (isActivityBody(e.payload) ? activitySignal(e) : salesforceSignal(ctx, e)),
  }),
});

/**
 * The shared secret travels in `X-Baton-Secret`, a custom header of the
 * Named Credential. Two bodies: an opportunity's stage change, or (with an
 * `activity` key) a call, email or meeting logged on a Task or Event.
 */
export function receiveSalesforce(req: RawRequest, secret: string): Received {
  const given = header(req.headers, 'x-baton-secret');
  if (!given) return { ok: false, status: 401, error: 'missing X-Baton-Secret' };
  if (!secretEquals(secret, given)) return { ok: false, status: 401, error: 'X-Baton-Secret does not match' };
  if (isActivityBody(jsonOf(req.body))) {
    const activity = parseBody(req.body, activitySchema);
    if (!activity.ok) return activity;
    const { eventId, activity: a } = activity.value;
    return {
      ok: true,
      events: [{ id: eventId ?? `${a.type}:${a.id}`, type: `activity.${a.type}`, payload: activity.value }],
    };
  }
  const parsed = parseBody(req.body, salesforceSchema);
  if (!parsed.ok) return parsed;
  const b = parsed.value;
  const id =
    b.eventId ??
    `${b.opportunity.id}:${normalizeStage(b.opportunity.stage)}:${b.opportunity.lastModifiedDate}`;
  return { ok: true, events: [{ id, type: 'opportunity.stage', payload: b }] };
}

function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `https://www.acme.example/about` → `acme.example`. */
export function domainOf(website: string | null | undefined): string | undefined {
  if (!website?.trim()) return undefined;
  try {
    const url = new URL(/^https?:\/\//i.test(website) ? website : `https://${website.trim()}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    return host.includes('.') ? host : undefined;
  } catch {
    return undefined;
  }
}

function salesforceSignal(ctx: SourceContext, stored: InboundEvent): Signal {
  const parsed = salesforceSchema.safeParse(stored.payload);
  if (!parsed.success) throw new SignalError('the stored Salesforce event is not readable', false);
  const { opportunity: o, account, contacts } = parsed.data;
  const owner = personByEmail(ctx.services.deps.dir, o.ownerEmail ?? undefined);
  if (o.ownerEmail && !owner) {
    ctx.log.warn(
      { source: 'salesforce', id: stored.id },
      'opportunity owner email matches no person in the config',
    );
  }
  const context: HandoffContext = compact({
    summary: o.summary ?? undefined,
    goLiveDate: o.goLiveDate ?? undefined,
    dealValue: o.amount ?? undefined,
    currency: o.currency?.toUpperCase(),
    closeDate: o.closeDate ?? undefined,
    language: o.language ?? undefined,
    keyContact: keyContactOf(contacts),
  });
  return compact({
    system: 'salesforce' as const,
    eventId: stored.id,
    type: 'stage.changed',
    occurredAt: o.lastModifiedDate ? new Date(o.lastModifiedDate).toISOString() : stored.receivedAt,
    customer: compact({
      // The opportunity's own id rides along, so a write-back lands on it, not only the account.
      externalIds: { salesforce: account.id, 'salesforce-opportunity': o.id },
      name: account.name,
      domain: domainOf(account.website),
      language: o.language ?? undefined,
      contacts: contacts?.map((c) => compact(c)),
      owner,
      attributes: attributesOf({ ...account, context }),
    }),
    stage: { id: o.stage, label: o.stage },
    owner,
    context,
    headline: `${o.name} → ${o.stage}`,
  });
}
