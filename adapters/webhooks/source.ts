import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '../../src/config/env.js';
import type { Contact, HandoffContext, InboundEvent } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import type { EnvShape, WebhookSourceInfo } from '../../src/registry/descriptors.js';
import type { CustomerData } from '../../src/services/customer-upsert.js';
import type { Services } from '../../src/services/index.js';

/** What a route handler knows about one request, before anything is parsed. */
export interface RawRequest {
  method: string;
  /** Path and query as the server received them. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  now: Date;
}

/** One delivery to remember: the sender's own id, its type, the validated payload. */
export interface Accepted {
  id: string;
  type: string;
  payload: unknown;
}

export type Received =
  | { ok: true; events: Accepted[]; ignored?: number }
  | { ok: false; status: 400 | 401; error: string; field?: string };

/**
 * A moment reported by a system of record, in Baton's words. Every source
 * turns its own payload into one; the processing after that is shared.
 */
export interface Signal {
  /** The source's name. */
  system: string;
  eventId: string;
  /** `purchase.completed`, `stage.changed`, `customer.updated`, `contact.logged`, or any other event type. */
  type: string;
  occurredAt: string;
  customer: CustomerData;
  /** For stage changes: the internal id and, where the system has one, the label people see. */
  stage?: { id: string; label?: string };
  /** Person key of the sender (the deal owner), when known. */
  owner?: string;
  context: HandoffContext;
  /**
   * For `contact.logged`; the contact happened at `occurredAt`. `byEmail` is
   * who made it, matched to a person of the config by email (no match: the
   * system made it). `onlyWhenOwed`: counted only while the customer is owed
   * a contact (a handoff's first, or a post-purchase cadence's), otherwise
   * ignored: a CRM logs every call of every sales rep, Baton does not mirror them.
   */
  contact?: {
    channel: 'call' | 'email' | 'chat' | 'meeting';
    note?: string;
    byEmail?: string;
    onlyWhenOwed?: boolean;
  };
  /** What happened, in a few words, for the note on a card already open. */
  headline: string;
  /** Updates a customer Baton already knows, and nothing else (CRM property noise). */
  onlyKnownCustomer?: boolean;
  /** Recorded on the timeline, never a handoff (a renewal invoice, an unpaid checkout). */
  recordOnly?: string;
}

/**
 * Processing failed. `retry: false` when trying again cannot help (the deal
 * was deleted, the payload names no customer); otherwise it is tried again
 * with backoff.
 */
export class SignalError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    /** What is stored with the event (its message may quote personal data): upper-case words. */
    readonly code = retry ? 'EVENT_NOT_PROCESSED' : 'EVENT_UNPROCESSABLE',
  ) {
    super(message);
  }
}

/** The part of a failure that is kept with the event: a code, never free text. */
export function failureCode(err: unknown): string {
  if (err instanceof SignalError) return err.code;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,60}$/.test(code) ? code : 'UNEXPECTED_ERROR';
}

export interface SourceContext {
  env: Env;
  services: Services;
  log: Logger;
}

/** How a source's requests are verified and parsed, and how its events are read. */
export interface SourceHandlers {
  /** Verifies (signature, time window) and validates; nothing is stored here. */
  receive(req: RawRequest, secret: string): Received;
  /** Turns a stored event into a signal; may read the system's API. Throws `SignalError`. */
  toSignal(event: InboundEvent): Promise<Signal | { skip: string }>;
  /** Lines for `baton check` beyond the secret (a missing API token, ...). */
  check?(): string[];
  /**
   * Reads the system for what it sends no webhook for, on the adapter's
   * tick, and records it as events (processed, retried and deduplicated like
   * the webhooks'). Keeps its own schedule; never throws.
   */
  poll?(): Promise<void>;
}

/**
 * A system of record as the composition root registers it: what the core
 * reads (name, route, variables, secrets, headers to redact) and the
 * handlers, made once the adapter starts.
 */
export interface WebhookSourcePlugin<S extends EnvShape = EnvShape> extends WebhookSourceInfo<S> {
  /** Largest body accepted, in bytes. */
  readonly limit: number;
  create(ctx: SourceContext): SourceHandlers;
}

export function defineSource<S extends EnvShape>(p: WebhookSourcePlugin<S>): WebhookSourcePlugin<S> {
  return p;
}

export const isSourcePlugin = (s: WebhookSourceInfo): s is WebhookSourcePlugin =>
  typeof (s as { create?: unknown }).create === 'function' &&
  typeof (s as { limit?: unknown }).limit === 'number';

/** One running source: the handlers with the descriptor's name, route, secret and limit. */
export interface WebhookSource extends SourceHandlers {
  readonly name: string;
  readonly path: string;
  /** The variable that switches the source on. */
  readonly secretEnv: string;
  readonly limit: number;
}

export function startSource(p: WebhookSourcePlugin, ctx: SourceContext): WebhookSource {
  return { name: p.name, path: p.route, secretEnv: p.secret, limit: p.limit, ...p.create(ctx) };
}

/** The source's secret when set (blank counts as unset, as for every variable). */
export function secretOf(env: Env, name: string): string | undefined {
  const v = env.vars[name]?.trim();
  return v ? v : undefined;
}

export function keyContactOf(contacts: Contact[] | undefined): string | undefined {
  const list = contacts ?? [];
  const pick = list.find((c) => /sponsor|champion|primary|main/i.test(c.role ?? '')) ?? list[0];
  if (!pick) return undefined;
  return pick.email ? `${pick.name} <${pick.email}>` : pick.name;
}

/** Drops keys whose value is undefined, so optional fields stay absent rather than `undefined`. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
