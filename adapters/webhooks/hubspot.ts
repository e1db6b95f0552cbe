import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import type { Contact, CustomerAttributes, HandoffContext, InboundEvent } from '../../src/domain/types.js';
import { segmentFieldNames } from '../../src/playbooks/segments.js';
import { envOf } from '../../src/registry/registry.js';
import { attributesOf, propertiesNamed, REGION_PROPERTY, TIER_PROPERTY } from './attributes.js';
import { associated, type CrmObject, type HubSpotApi, hubspotApi } from './hubspot-api.js';
import { engagementEventId, engagementOf, engagementSignal, polledSchema } from './hubspot-engagement.js';
import { engagementPoller, pollEvery } from './hubspot-poll.js';
import { personByEmail } from './match.js';
import { parseBody } from './parse.js';
import { digestEquals, header, hmacSha256 } from './signatures.js';
import {
  compact,
  defineSource,
  keyContactOf,
  type RawRequest,
  type Received,
  type Signal,
  SignalError,
  type SourceContext,
  type SourceHandlers,
} from './source.js';

/** HubSpot's own replay window for X-HubSpot-Request-Timestamp. */
export const HUBSPOT_WINDOW_MS = 5 * 60_000;

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]).transform(String);
const hubspotEvent = z.object({
  eventId: numericId,
  subscriptionType: z.string().min(1).max(100),
  portalId: numericId,
  objectId: numericId,
  occurredAt: z.number().int().nonnegative(),
  objectTypeId: z.string().max(20).optional(),
  propertyName: z.string().max(200).optional(),
  propertyValue: z.string().max(10_000).nullish(),
  attemptNumber: z.number().int().optional(),
});
const batchSchema = z.array(hubspotEvent).min(1).max(1000);
export type HubSpotEvent = z.infer<typeof hubspotEvent>;

type Kind = 'deal' | 'company' | 'contact';
/** Object type ids of the newer `object.*` subscriptions. */
const TYPE_IDS: Record<string, Kind> = { '0-3': 'deal', '0-2': 'company', '0-1': 'contact' };

/** What Baton listens to in a batch; everything else is acknowledged and left alone. */
export function kindOf(
  e: HubSpotEvent,
): { kind: Kind; change: 'stage' | 'created' | 'property' } | undefined {
  const [object, action] = e.subscriptionType.split('.', 2);
  const kind = object === 'object' ? TYPE_IDS[e.objectTypeId ?? ''] : (object as Kind);
  if (kind === 'deal') {
    if (action === 'creation') return { kind, change: 'created' };
    if (action === 'propertyChange' && e.propertyName === 'dealstage') return { kind, change: 'stage' };
    return undefined;
  }
  if ((kind === 'company' || kind === 'contact') && action === 'propertyChange')
    return { kind, change: 'property' };
  return undefined;
}

const hubspotEnv = {
  HUBSPOT_CLIENT_SECRET: optional,
  HUBSPOT_ACCESS_TOKEN: optional,
  HUBSPOT_API_URL: optional,
  /** How often engagements are read for customers with open handoffs (portals without generic webhooks). */
  HUBSPOT_POLL_ENGAGEMENTS: optional.refine(
    (v) => v === undefined || v === 'off' || pollEvery(v) !== undefined,
    'write how often to read engagements, 30s at least: 5m, 90s, 1h or PT5M; or off',
  ),
  /** The target URL set in the HubSpot app, when a proxy hides it: the v3 signature covers it. */
  HUBSPOT_WEBHOOK_URL: optional.refine(
    (v) => v === undefined || URL.canParse(v),
    'write the full URL HubSpot calls, e.g. https://baton.example.com/hooks/hubspot',
  ),
};

export const hubspotSource = defineSource({
  name: 'hubspot',
  label: 'HubSpot',
  route: '/hooks/hubspot',
  env: hubspotEnv,
  secret: 'HUBSPOT_CLIENT_SECRET',
  secretEnv: ['HUBSPOT_CLIENT_SECRET', 'HUBSPOT_ACCESS_TOKEN'],
  redactHeaders: ['x-hubspot-signature-v3'],
  limit: 1024 * 1024,
  recordUrl: (id) => `https://app.hubspot.com/contacts/_/company/${encodeURIComponent(id)}`,
  create: (ctx: SourceContext) => hubspotHandlers(ctx),
});

function hubspotHandlers(ctx: SourceContext): SourceHandlers {
  const env = envOf({ env: hubspotEnv }, ctx.env);
  const api = hubspotApi({
    baseUrl: env.HUBSPOT_API_URL,
    token: env.HUBSPOT_ACCESS_TOKEN,
    // Read per request: the playbooks (and their segments' fields) may change while Baton runs.
    extraProps: () => [TIER_PROPERTY, REGION_PROPERTY, ...segmentFieldNames(ctx.services.deps.dir.playbooks)],
  });
  const every = env.HUBSPOT_POLL_ENGAGEMENTS ? pollEvery(env.HUBSPOT_POLL_ENGAGEMENTS) : undefined;
  const poller =
    every && env.HUBSPOT_ACCESS_TOKEN
      ? engagementPoller({
          api,
          store: ctx.services.deps.store,
          clock: ctx.services.deps.clock,
          log: ctx.log.child({ source: 'hubspot', job: 'engagements' }),
          everyMs: every,
        })
      : undefined;
  return {
    receive: (req, secret) =>
      receiveHubSpot(req, secret, {
        configuredUrl: env.HUBSPOT_WEBHOOK_URL,
        trustProxy: ctx.env.BATON_TRUST_PROXY,
      }),
    toSignal: (e) => hubspotSignal(ctx, api, e),
    ...(poller ? { poll: () => poller.poll() } : {}),
    check: () => [
      ...(every && !env.HUBSPOT_ACCESS_TOKEN
        ? [
            'warn webhooks: HUBSPOT_POLL_ENGAGEMENTS is set but HUBSPOT_ACCESS_TOKEN is not: engagements are not read',
          ]
        : []),
      ...(poller
        ? [`ok   webhooks: HubSpot engagements are read every ${env.HUBSPOT_POLL_ENGAGEMENTS}`]
        : []),
      ...(env.HUBSPOT_ACCESS_TOKEN
        ? []
        : [
            'warn webhooks: HUBSPOT_ACCESS_TOKEN is not set: HubSpot events are accepted but deals cannot be read',
          ]),
      ...(env.HUBSPOT_WEBHOOK_URL
        ? []
        : [
            'warn webhooks: HUBSPOT_WEBHOOK_URL is not set: HubSpot signatures are checked against the URL in the request (Host' +
              `${ctx.env.BATON_TRUST_PROXY ? ', X-Forwarded-Host' : ''}); set it to the target URL of your HubSpot app`,
          ]),
    ],
  };
}

export interface CalledUrlOptions {
  /** HUBSPOT_WEBHOOK_URL: the target URL set in the HubSpot app. */
  configuredUrl?: string | undefined;
  /** BATON_TRUST_PROXY: X-Forwarded-Proto/-Host come from our own proxy, not from the sender. */
  trustProxy?: boolean | undefined;
}

/**
 * The URI HubSpot signed: the public URL it called. HUBSPOT_WEBHOOK_URL says
 * it best. X-Forwarded-* are read only when BATON_TRUST_PROXY says a proxy of
 * ours sets them: otherwise whoever sends the request writes them, and a batch
 * signed for another deployment sharing the secret would verify here.
 * Without either, the Host header and https (HubSpot only calls https URLs).
 */
export function calledUrl(req: RawRequest, opts: CalledUrlOptions = {}): string {
  if (opts.configuredUrl) {
    const u = new URL(opts.configuredUrl);
    return u.pathname === '/' && !u.search ? `${u.origin}${req.url}` : opts.configuredUrl;
  }
  const first = (name: string) => header(req.headers, name)?.split(',')[0]?.trim();
  const proto = (opts.trustProxy && first('x-forwarded-proto')) || 'https';
  const host = (opts.trustProxy && first('x-forwarded-host')) || first('host') || 'localhost';
  return `${proto}://${host}${req.url}`;
}

const DECODE: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** HubSpot decodes these escapes in the URI before signing (its v3 validation guide). */
export function signedUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODE[m.toUpperCase()] ?? m);
}

export function hubspotV3Signature(
  secret: string,
  method: string,
  uri: string,
  body: Buffer,
  timestamp: string,
) {
  return hmacSha256(
    secret,
    Buffer.concat([Buffer.from(`${method}${signedUri(uri)}`), body, Buffer.from(timestamp)]),
  );
}

export function receiveHubSpot(req: RawRequest, secret: string, url: CalledUrlOptions = {}): Received {
  const sig = header(req.headers, 'x-hubspot-signature-v3');
  const ts = header(req.headers, 'x-hubspot-request-timestamp');
  if (!sig || !ts) {
    return { ok: false, status: 401, error: 'missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp' };
  }
  if (!/^\d{1,16}$/.test(ts) || Math.abs(req.now.getTime() - Number(ts)) > HUBSPOT_WINDOW_MS) {
    return { ok: false, status: 401, error: 'X-HubSpot-Request-Timestamp is outside the 5-minute window' };
  }
  const expected = hubspotV3Signature(secret, req.method, calledUrl(req, url), req.body, ts);
  if (!digestEquals(expected, sig, 'base64')) {
    return { ok: false, status: 401, error: 'X-HubSpot-Signature-v3 does not match' };
  }
  const parsed = parseBody(req.body, batchSchema);
  if (!parsed.ok) return parsed;
  const wanted = parsed.value.filter((e) => kindOf(e) || engagementOf(e));
  return {
    ok: true,
    events: wanted.map((e) => {
      const engagement = engagementOf(e);
      return {
        // HubSpot does not promise that eventId alone is unique; with the portal and object it is.
        // An engagement is known by itself: the poller may find it too, and it counts once.
        id: engagement
          ? engagementEventId(engagement, e.objectId)
          : `${e.portalId}:${e.objectId}:${e.eventId}`,
        type: e.subscriptionType,
        payload: e,
      };
    }),
    ignored: parsed.value.length - wanted.length,
  };
}

async function hubspotSignal(
  ctx: SourceContext,
  api: HubSpotApi,
  stored: InboundEvent,
): Promise<Signal | { skip: string }> {
  const polled = polledSchema.safeParse(stored.payload);
  if (polled.success)
    return engagementSignal(api, stored, polled.data.engagement, polled.data.objectId, toContact);
  const parsed = hubspotEvent.safeParse(stored.payload);
  const engagement = parsed.success ? engagementOf(parsed.data) : undefined;
  if (parsed.success && engagement)
    return engagementSignal(api, stored, engagement, parsed.data.objectId, toContact);
  const what = parsed.success ? kindOf(parsed.data) : undefined;
  if (!parsed.success || !what) throw new SignalError('the stored HubSpot event is not readable', false);
  const e = parsed.data;
  const base = {
    system: 'hubspot' as const,
    eventId: stored.id,
    occurredAt: new Date(e.occurredAt).toISOString(),
  };
  if (what.kind === 'company') {
    const company = await api.company(e.objectId);
    if (!company) return { skip: `company ${e.objectId} no longer exists` };
    return {
      ...base,
      type: 'customer.updated',
      customer: { ...companyData(company), ...segmentData(ctx, company) },
      context: {},
      headline: 'company updated',
      onlyKnownCustomer: true,
    };
  }
  if (what.kind === 'contact') {
    const contact = await api.contact(e.objectId);
    if (!contact) return { skip: `contact ${e.objectId} no longer exists` };
    const companyId = associated(contact, 'companies')[0];
    const person = toContact(contact);
    return {
      ...base,
      type: 'customer.updated',
      customer: compact({
        externalIds: companyId ? { hubspot: companyId } : undefined,
        contacts: person ? [person] : [],
      }),
      context: {},
      headline: 'contact updated',
      onlyKnownCustomer: true,
    };
  }
  const deal = await api.deal(e.objectId);
  if (!deal) throw new SignalError(`deal ${e.objectId} was not found in HubSpot (deleted?)`, false);
  const p = deal.properties;
  const stageId = (what.change === 'stage' ? e.propertyValue : undefined) ?? p.dealstage ?? '';
  const label = p.pipeline && stageId ? await api.stageLabel(p.pipeline, stageId) : undefined;
  const companyId = associated(deal, 'companies')[0];
  const company = companyId ? await api.company(companyId) : undefined;
  const found = await api.contacts(associated(deal, 'contacts').slice(0, 10));
  const people = found.map(toContact).filter((c) => c !== undefined);
  // HubSpot keeps the preferred language on contacts; the first one that has it speaks for the customer.
  const language = found.map((c) => c.properties.hs_language?.trim()).find(Boolean) ?? undefined;
  const ownerEmail = p.hubspot_owner_id ? await api.ownerEmail(p.hubspot_owner_id) : undefined;
  const owner = personByEmail(ctx.services.deps.dir, ownerEmail);
  if (p.hubspot_owner_id && !owner)
    ctx.log.warn(
      { source: 'hubspot', id: stored.id },
      'deal owner matches no person in the config (by email)',
    );
  const amount = p.amount ? Number(p.amount) : Number.NaN;
  const context: HandoffContext = compact({
    summary: p.description?.trim() || undefined,
    dealValue: Number.isFinite(amount) ? amount : undefined,
    currency: p.deal_currency_code ?? undefined,
    closeDate: p.closedate ? p.closedate.slice(0, 10) : undefined,
    keyContact: keyContactOf(people),
    language,
    links: [`https://app.hubspot.com/contacts/${e.portalId}/record/0-3/${deal.id}`],
  });
  const dealName = p.dealname?.trim() || `deal ${deal.id}`;
  const customer = company
    ? // The deal's own id rides along, so a write-back lands on the deal, not only the company.
      { ...companyData(company, deal.id), contacts: people, ...segmentData(ctx, company, deal, context) }
    : {
        externalIds: { 'hubspot-deal': deal.id },
        name: dealName,
        contacts: people,
        ...segmentData(ctx, undefined, deal, context),
      };
  return {
    ...base,
    type: 'stage.changed',
    customer: compact({ ...customer, language, owner }),
    stage: compact({ id: stageId, label }),
    owner,
    context,
    headline:
      what.change === 'created'
        ? `${dealName} created in ${label ?? stageId}`
        : `${dealName} → ${label ?? stageId}`,
  };
}

function companyData(c: CrmObject, dealId?: string) {
  return compact({
    externalIds: (dealId ? { hubspot: c.id, 'hubspot-deal': dealId } : { hubspot: c.id }) as Record<
      string,
      string
    >,
    name: c.properties.name?.trim() || undefined,
    domain: c.properties.domain?.trim().toLowerCase() || undefined,
  });
}

function toContact(c: CrmObject): Contact | undefined {
  const p = c.properties;
  const name = [p.firstname, p.lastname].filter(Boolean).join(' ').trim() || p.email;
  if (!name) return undefined;
  return compact({
    name,
    email: p.email ?? undefined,
    phone: p.phone ?? undefined,
    role: p.jobtitle ?? undefined,
  });
}

/**
 * Tier, region and the custom fields the playbooks' segments name, from the
 * company and the deal (the deal's own value first: it is the newer word).
 */
function segmentData(
  ctx: SourceContext,
  company: CrmObject | undefined,
  deal?: CrmObject,
  context?: HandoffContext,
): { attributes?: CustomerAttributes } {
  const props = { ...(company?.properties ?? {}), ...withValues(deal?.properties ?? {}) };
  const attributes = attributesOf({
    tier: props[TIER_PROPERTY],
    region: props[REGION_PROPERTY],
    fields: propertiesNamed(props, segmentFieldNames(ctx.services.deps.dir.playbooks)),
    ...(context ? { context } : {}),
  });
  return attributes ? { attributes } : {};
}

const withValues = (p: Record<string, string | null>) =>
  Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v.trim() !== ''));
