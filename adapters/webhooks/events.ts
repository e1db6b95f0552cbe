import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import { CONTACT_CHANNELS, type InboundEvent } from '../../src/domain/types.js';
import { attributesOf, attributesShape } from './attributes.js';
import { parseBody } from './parse.js';
import { digestEquals, header, hmacSha256 } from './signatures.js';
import {
  compact,
  defineSource,
  keyContactOf,
  type RawRequest,
  type Received,
  type Signal,
  type SourceContext,
} from './source.js';

/** The generic event's body limit: generous for a JSON event, small enough to refuse junk early. */
export const EVENTS_LIMIT = 256 * 1024;

const fieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, 'a field name like summary or goLiveDate');
const contextValue = z.union([
  z.string().max(10_000),
  z.number().finite(),
  z.array(z.string().max(1_000)).max(100),
]);
export const contactSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).optional(),
  phone: z.string().max(50).optional(),
  role: z.string().max(100).optional(),
});
export const languageSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language tag like "ko" or "pt-BR"');
const domainSchema = z
  .string()
  .max(253)
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain like acme.example');

const customerSchema = z
  .object({
    id: z.string().trim().min(1).max(200).optional(),
    /** Which system `id` belongs to; `crm` unless said. */
    system: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'a lower-case system name like "crm" or "shopify"')
      .optional(),
    name: z.string().trim().min(1).max(300).optional(),
    domain: domainSchema.optional(),
    language: languageSchema.optional(),
    contacts: z.array(contactSchema).max(50).optional(),
    ...attributesShape,
  })
  .refine((c) => c.id || c.domain || c.contacts?.some((k) => k.email), {
    message: 'give the customer an id, a domain or a contact email, so that Baton can find it again',
  });

export const eventSchema = z
  .object({
    id: z.string().trim().min(1).max(200),
    type: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/,
        'a dotted type like "purchase.completed" or "stage.changed"',
      ),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    customer: customerSchema,
    stage: z.string().trim().min(1).max(100).optional(),
    owner: z.string().trim().min(1).max(100).optional(),
    context: z.record(fieldName, contextValue).optional(),
    channel: z.enum(CONTACT_CHANNELS).optional(),
    note: z.string().max(10_000).optional(),
    /** For `contact.logged`: the email of who made the contact, matched to a person of the config. */
    by: z.email().max(320).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.type === 'stage.changed' && !e.stage) {
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: 'stage.changed needs the stage it changed to',
      });
    }
    if (e.context && Object.keys(e.context).length > 100) {
      ctx.addIssue({ code: 'custom', path: ['context'], message: 'at most 100 fields' });
    }
  });

export type GenericEvent = z.infer<typeof eventSchema>;

/** `POST /hooks/events`: Baton's own signed JSON event, for any system without a source of its own. */
export const eventsSource = defineSource({
  name: 'events',
  label: 'Events',
  route: '/hooks/events',
  env: { BATON_WEBHOOK_SECRET: optional },
  secret: 'BATON_WEBHOOK_SECRET',
  secretEnv: ['BATON_WEBHOOK_SECRET'],
  redactHeaders: ['x-baton-signature'],
  limit: EVENTS_LIMIT,
  create: (ctx: SourceContext) => ({
    receive: (req, secret) => receiveEvent(req, secret),
    toSignal: async (e) => eventSignal(ctx, e),
  }),
});

export function receiveEvent(req: RawRequest, secret: string): Received {
  const given = header(req.headers, 'x-baton-signature');
  if (!given) return { ok: false, status: 401, error: 'missing X-Baton-Signature' };
  const [scheme, hex] = given.split('=', 2);
  if (scheme?.trim().toLowerCase() !== 'sha256' || !hex) {
    return { ok: false, status: 401, error: 'X-Baton-Signature must be "sha256=<hex>"' };
  }
  if (!digestEquals(hmacSha256(secret, req.body), hex, 'hex')) {
    return { ok: false, status: 401, error: 'signature does not match the body' };
  }
  const parsed = parseBody(req.body, eventSchema);
  if (!parsed.ok) return parsed;
  return { ok: true, events: [{ id: parsed.value.id, type: parsed.value.type, payload: parsed.value }] };
}

function eventSignal(ctx: SourceContext, stored: InboundEvent): Signal {
  // Stored payloads were validated on the way in; parsing again keeps the types honest.
  const e = eventSchema.parse(stored.payload);
  const system = e.customer.system ?? 'crm';
  let owner: string | undefined;
  if (e.owner) {
    if (ctx.services.deps.dir.person(e.owner)) owner = e.owner;
    else
      ctx.log.warn(
        { source: 'events', id: e.id, owner: e.owner },
        'event owner is not a person in the config; ignored',
      );
  }
  const context = { ...(e.context ?? {}) };
  if (!context.keyContact) {
    const key = keyContactOf(e.customer.contacts);
    if (key) context.keyContact = key;
  }
  if (e.customer.language && !context.language) context.language = e.customer.language;
  return compact({
    system: 'events' as const,
    eventId: e.id,
    type: e.type,
    occurredAt: e.occurredAt ? new Date(e.occurredAt).toISOString() : stored.receivedAt,
    customer: compact({
      externalIds: e.customer.id ? { [system]: e.customer.id } : undefined,
      name: e.customer.name,
      domain: e.customer.domain,
      language: e.customer.language,
      contacts: e.customer.contacts?.map((c) => compact(c)),
      owner,
      attributes: attributesOf({ ...e.customer, context }),
    }),
    stage: e.stage ? { id: e.stage } : undefined,
    owner,
    context,
    contact:
      e.type === 'contact.logged'
        ? compact({ channel: e.channel ?? 'call', note: e.note, byEmail: e.by })
        : undefined,
    headline: e.stage ? `${e.type}: ${e.stage}` : e.type,
  });
}
