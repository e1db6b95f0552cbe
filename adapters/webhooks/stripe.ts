import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import type { HandoffContext, InboundEvent } from '../../src/domain/types.js';
import { personByEmail, playbookFields } from './match.js';
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
} from './source.js';

/** Stripe's own default tolerance for `t=` in Stripe-Signature. */
export const STRIPE_TOLERANCE_S = 300;
const PURCHASES = ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'invoice.paid'];
/** Invoices that renew or change what was already bought: recorded, not a new purchase. */
const RENEWALS = ['subscription_cycle', 'subscription_update', 'subscription_threshold'];
/** Currencies Stripe counts in whole units (https://docs.stripe.com/currencies#zero-decimal). */
const ZERO_DECIMAL = 'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' ');
const THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];

const text = z.string().nullish();
const stripeCustomer = z.union([z.string(), z.object({ id: z.string() }).loose()]).nullish();
const metadata = z.record(z.string(), z.string()).nullish();

const objectSchema = z.object({
  id: z.string().min(1),
  customer: stripeCustomer,
  customer_details: z.object({ email: text, name: text, phone: text }).loose().nullish(),
  customer_email: text,
  customer_name: text,
  amount_total: z.number().nullish(),
  amount_paid: z.number().nullish(),
  currency: text,
  payment_status: text,
  billing_reason: text,
  hosted_invoice_url: text,
  locale: text,
  metadata,
});

const eventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  livemode: z.boolean().optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** What is kept of a purchase event: the fields Baton reads, not the whole (large) Stripe object. */
const storedSchema = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number(),
  livemode: z.boolean().optional(),
  object: objectSchema,
});
type Stored = z.infer<typeof storedSchema>;

export const stripeSource = defineSource({
  name: 'stripe',
  label: 'Stripe',
  route: '/hooks/stripe',
  env: { STRIPE_WEBHOOK_SECRET: optional },
  secret: 'STRIPE_WEBHOOK_SECRET',
  secretEnv: ['STRIPE_WEBHOOK_SECRET'],
  redactHeaders: ['stripe-signature'],
  limit: 1024 * 1024,
  create: (ctx: SourceContext) => ({
    receive: (req, secret) => receiveStripe(req, secret),
    toSignal: async (e) => stripeSignal(ctx, e),
  }),
});

/** Stripe-Signature: `t=<unix s>,v1=<hex>[,v1=<hex>...]`, HMAC-SHA256 of `<t>.<raw body>`. */
export function receiveStripe(req: RawRequest, secret: string): Received {
  const sig = header(req.headers, 'stripe-signature');
  if (!sig) return { ok: false, status: 401, error: 'missing Stripe-Signature' };
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of sig.split(',')) {
    const [k, v] = part.split('=', 2).map((s) => s.trim());
    if (k === 't') t = v;
    else if (k === 'v1' && v) v1.push(v);
  }
  if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) {
    return { ok: false, status: 401, error: 'Stripe-Signature needs t= and at least one v1=' };
  }
  if (Math.abs(req.now.getTime() / 1000 - Number(t)) > STRIPE_TOLERANCE_S) {
    return {
      ok: false,
      status: 401,
      error: `Stripe-Signature timestamp is more than ${STRIPE_TOLERANCE_S} s off`,
    };
  }
  const expected = hmacSha256(secret, Buffer.concat([Buffer.from(`${t}.`), req.body]));
  if (!v1.some((s) => digestEquals(expected, s, 'hex'))) {
    return { ok: false, status: 401, error: 'no v1 signature matches the body' };
  }
  const parsed = parseBody(req.body, eventSchema);
  if (!parsed.ok) return parsed;
  const e = parsed.value;
  if (!PURCHASES.includes(e.type)) return { ok: true, events: [], ignored: 1 };
  const object = objectSchema.safeParse(e.data.object);
  if (!object.success) {
    const issue = object.error.issues[0];
    const field = ['data', 'object', ...(issue?.path ?? [])].map(String).join('.');
    return { ok: false, status: 400, error: `${field}: ${issue?.message ?? 'invalid'}`, field };
  }
  const stored: Stored = {
    id: e.id,
    type: e.type,
    created: e.created,
    livemode: e.livemode,
    object: object.data,
  };
  return { ok: true, events: [{ id: e.id, type: e.type, payload: stored }] };
}

function stripeSignal(ctx: SourceContext, stored: InboundEvent): Signal {
  const parsed = storedSchema.safeParse(stored.payload);
  if (!parsed.success) throw new SignalError('the stored Stripe event is not readable', false);
  const e = parsed.data;
  const o = e.object;
  const customerId = typeof o.customer === 'string' ? o.customer : o.customer?.id;
  const email = o.customer_details?.email ?? o.customer_email ?? undefined;
  const name = o.customer_details?.name ?? o.customer_name ?? undefined;
  if (!customerId && !email) {
    throw new SignalError('the Stripe event names no customer (no customer id, no email)', false);
  }
  const invoice = e.type === 'invoice.paid';
  const cents = invoice ? o.amount_paid : o.amount_total;
  const currency = o.currency?.toLowerCase();
  const amount = typeof cents === 'number' && currency ? toUnits(cents, currency) : undefined;
  const meta = o.metadata ?? {};
  const contacts = email
    ? [compact({ name: name ?? email, email, phone: o.customer_details?.phone ?? undefined })]
    : [];
  const language = meta.language ?? (o.locale && o.locale !== 'auto' ? o.locale : undefined);

  const context: HandoffContext = {};
  const fields = playbookFields(ctx.services.deps.dir);
  for (const [k, v] of Object.entries(meta)) if (fields.has(k) && v.trim()) context[k] = v;
  if (amount !== undefined) context.dealValue = amount;
  if (currency) context.currency = currency.toUpperCase();
  if (language && !context.language) context.language = language;
  const key = keyContactOf(contacts);
  if (key && !context.keyContact) context.keyContact = key;
  const dashboard = `https://dashboard.stripe.com/${e.livemode === false ? 'test/' : ''}`;
  context.links = [
    ...(customerId ? [`${dashboard}customers/${customerId}`] : []),
    ...(o.hosted_invoice_url ? [o.hosted_invoice_url] : []),
  ];

  const ownerKey = meta.owner && ctx.services.deps.dir.person(meta.owner) ? meta.owner : undefined;
  const owner = ownerKey ?? personByEmail(ctx.services.deps.dir, meta.owner_email);
  const paid = invoice || o.payment_status !== 'unpaid';
  const renewal =
    invoice && o.billing_reason && RENEWALS.includes(o.billing_reason) ? o.billing_reason : undefined;
  const what = invoice ? `invoice ${o.id} paid` : `checkout ${o.id} completed`;
  const money =
    amount !== undefined && currency ? ` (${amount.toLocaleString('en-US')} ${currency.toUpperCase()})` : '';
  return compact({
    system: 'stripe' as const,
    eventId: e.id,
    type: 'purchase.completed',
    occurredAt: new Date(e.created * 1000).toISOString(),
    customer: compact({
      externalIds: customerId ? { stripe: customerId } : undefined,
      name: name ?? email,
      language,
      contacts,
      owner,
    }),
    owner,
    context,
    headline: `${what}${money}`,
    recordOnly: renewal
      ? `a renewal (${renewal}), not a new purchase`
      : paid
        ? undefined
        : 'checkout completed, payment not yet received',
  });
}

function toUnits(amount: number, currency: string): number {
  if (ZERO_DECIMAL.includes(currency)) return amount;
  if (THREE_DECIMAL.includes(currency)) return amount / 1000;
  return amount / 100;
}
