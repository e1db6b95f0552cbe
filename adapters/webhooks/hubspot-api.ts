import { z } from 'zod';
import { SignalError } from './source.js';

export const DEFAULT_HUBSPOT_API_URL = 'https://api.hubapi.com';

const props = z.record(z.string(), z.string().nullable());
const assoc = z.object({
  results: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
});
const objectSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  properties: props,
  associations: z.record(z.string(), assoc).optional(),
});
export type CrmObject = z.infer<typeof objectSchema>;
const batchSchema = z.object({ results: z.array(objectSchema) });
const pipelineSchema = z.object({ stages: z.array(z.object({ id: z.string(), label: z.string() })) });
const ownerSchema = z.object({
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
});

export const DEAL_PROPS = [
  'dealname',
  'dealstage',
  'amount',
  'closedate',
  'hubspot_owner_id',
  'pipeline',
  'deal_currency_code',
  'description',
];
export const COMPANY_PROPS = ['name', 'domain'];
export const CONTACT_PROPS = ['firstname', 'lastname', 'email', 'phone', 'jobtitle', 'hs_language'];

/** HubSpot's engagement objects that are a contact with the customer, by their generic webhook object type id. */
export const ENGAGEMENTS = {
  call: { typeId: '0-48', plural: 'calls', title: 'hs_call_title', props: ['hs_call_status'] },
  meeting: { typeId: '0-47', plural: 'meetings', title: 'hs_meeting_title', props: ['hs_meeting_outcome'] },
  email: { typeId: '0-49', plural: 'emails', title: 'hs_email_subject', props: ['hs_email_direction'] },
  note: { typeId: '0-46', plural: 'notes', title: undefined, props: [] },
} as const;
export type EngagementKind = keyof typeof ENGAGEMENTS;
export const ENGAGEMENT_KINDS = Object.keys(ENGAGEMENTS) as EngagementKind[];

/** HubSpot said 429: nothing more until `retryAfterMs` has passed. */
export class RateLimited extends SignalError {
  constructor(
    readonly retryAfterMs: number,
    route: string,
  ) {
    super(`HubSpot API answered 429 on ${route}`, true, 'HUBSPOT_API_429');
  }
}

/** `Retry-After` in seconds (or an HTTP date); HubSpot's window is 10 seconds when it says nothing. */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (value && /^\d{1,6}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(at) && at > now ? at - now : 10_000;
}

/** An engagement's time: `hs_timestamp` is ISO 8601 in v3 reads, milliseconds in some older records. */
export function engagementTime(p: Record<string, string | null>): string | undefined {
  for (const v of [p.hs_timestamp, p.hs_createdate]) {
    if (!v) continue;
    const ms = /^\d{10,16}$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return undefined;
}

export interface HubSpotApiOptions {
  baseUrl?: string;
  token?: string;
  timeoutMs?: number;
  /** How long a pipeline's stage labels are reused. */
  labelTtlMs?: number;
  /** More deal and company properties to read: the tier, region and custom fields segments match on. */
  extraProps?: () => readonly string[];
}

/**
 * The few reads of HubSpot's CRM v3 API Baton needs. Every failure is a
 * `SignalError`: an outage, a rate limit or a bad token is retried later
 * (someone may fix the token), a missing record is not.
 */
export function hubspotApi(opts: HubSpotApiOptions) {
  const base = (opts.baseUrl ?? DEFAULT_HUBSPOT_API_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const labelTtlMs = opts.labelTtlMs ?? 10 * 60_000;
  const labels = new Map<string, { at: number; stages: Map<string, string> }>();

  async function call<T>(schema: z.ZodType<T>, path: string, body?: unknown): Promise<T | undefined> {
    if (!opts.token)
      throw new SignalError(
        'HUBSPOT_ACCESS_TOKEN is not set: Baton cannot read the deal',
        true,
        'HUBSPOT_TOKEN_MISSING',
      );
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${opts.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new SignalError(
        `HubSpot API unreachable: ${err instanceof Error ? err.message : String(err)}`,
        true,
        'HUBSPOT_UNREACHABLE',
      );
    }
    const route = path.split('?')[0] ?? path;
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers.get('retry-after'));
      await res.body?.cancel();
      throw new RateLimited(wait, route);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 401 || res.status === 403) {
        throw new SignalError(
          `HubSpot API refused the token (${res.status}) on ${route}: check HUBSPOT_ACCESS_TOKEN and its scopes`,
          true,
          'HUBSPOT_TOKEN_REFUSED',
        );
      }
      throw new SignalError(
        `HubSpot API answered ${res.status} on ${route}`,
        res.status === 429 || res.status >= 500,
        `HUBSPOT_API_${res.status}`,
      );
    }
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success)
      throw new SignalError(
        `HubSpot API answered an unexpected body on ${route}`,
        true,
        'HUBSPOT_API_UNEXPECTED_BODY',
      );
    return parsed.data;
  }

  const withExtra = (props: readonly string[]) => [
    ...new Set([...props, ...(opts.extraProps?.() ?? []).map((p) => encodeURIComponent(p))]),
  ];
  const q = (properties: string[], associations?: string[]) =>
    `?properties=${properties.join(',')}${associations ? `&associations=${associations.join(',')}` : ''}`;

  return {
    deal: (id: string) =>
      call(
        objectSchema,
        `/crm/v3/objects/deals/${encodeURIComponent(id)}${q(withExtra(DEAL_PROPS), ['companies', 'contacts'])}`,
      ),
    company: (id: string) =>
      call(objectSchema, `/crm/v3/objects/companies/${encodeURIComponent(id)}${q(withExtra(COMPANY_PROPS))}`),
    contact: (id: string) =>
      call(
        objectSchema,
        `/crm/v3/objects/contacts/${encodeURIComponent(id)}${q(CONTACT_PROPS, ['companies'])}`,
      ),
    async contacts(ids: string[]): Promise<CrmObject[]> {
      if (ids.length === 0) return [];
      const r = await call(batchSchema, '/crm/v3/objects/contacts/batch/read', {
        properties: CONTACT_PROPS,
        inputs: ids.map((id) => ({ id })),
      });
      return r?.results ?? [];
    },
    /** One engagement with what tells who, when and with whom: its owner, time, title and associations. */
    engagement: (kind: EngagementKind, id: string) => {
      const e = ENGAGEMENTS[kind];
      const props = [
        'hs_timestamp',
        'hs_createdate',
        'hubspot_owner_id',
        ...(e.title ? [e.title] : []),
        ...e.props,
      ];
      return call(
        objectSchema,
        `/crm/v3/objects/${e.plural}/${encodeURIComponent(id)}${q(props, ['companies', 'deals', 'contacts'])}`,
      );
    },
    /** The engagements associated with a company or deal, by kind (one read). */
    async engagementIds(
      objectType: 'companies' | 'deals',
      id: string,
    ): Promise<Record<EngagementKind, string[]> | undefined> {
      const kinds = ENGAGEMENT_KINDS.map((k) => ENGAGEMENTS[k].plural);
      const o = await call(
        objectSchema,
        `/crm/v3/objects/${objectType}/${encodeURIComponent(id)}${q(['hs_object_id'], kinds)}`,
      );
      if (!o) return undefined;
      return Object.fromEntries(
        ENGAGEMENT_KINDS.map((k) => [k, associated(o, ENGAGEMENTS[k].plural)]),
      ) as Record<EngagementKind, string[]>;
    },
    /** When each of these engagements happened (at most 100 ids: one batch read). */
    async engagementTimes(kind: EngagementKind, ids: string[]): Promise<Array<{ id: string; at?: string }>> {
      if (ids.length === 0) return [];
      const r = await call(batchSchema, `/crm/v3/objects/${ENGAGEMENTS[kind].plural}/batch/read`, {
        properties: ['hs_timestamp', 'hs_createdate'],
        inputs: ids.map((id) => ({ id })),
      });
      return (r?.results ?? []).map((o) => {
        const at = engagementTime(o.properties);
        return at ? { id: o.id, at } : { id: o.id };
      });
    },
    /** Stage id → label of a deal pipeline, cached a while: labels rarely change. */
    async stageLabel(pipeline: string, stage: string): Promise<string | undefined> {
      const cached = labels.get(pipeline);
      if (cached && Date.now() - cached.at < labelTtlMs && cached.stages.has(stage))
        return cached.stages.get(stage);
      const p = await call(pipelineSchema, `/crm/v3/pipelines/deals/${encodeURIComponent(pipeline)}`);
      if (!p) return undefined;
      const stages = new Map(p.stages.map((s) => [s.id, s.label]));
      labels.set(pipeline, { at: Date.now(), stages });
      return stages.get(stage);
    },
    /** The owner's email, or nothing: a missing owner scope must not hold up the handoff. */
    async ownerEmail(ownerId: string): Promise<string | undefined> {
      try {
        const o = await call(ownerSchema, `/crm/v3/owners/${encodeURIComponent(ownerId)}`);
        return o?.email ?? undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type HubSpotApi = ReturnType<typeof hubspotApi>;

/** Associated ids of one kind, first-seen order, each once (v3 lists a pair once per association label). */
export function associated(o: CrmObject, kind: string): string[] {
  return [...new Set((o.associations?.[kind]?.results ?? []).map((r) => r.id))];
}
