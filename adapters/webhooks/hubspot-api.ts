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

export interface HubSpotApiOptions {
  baseUrl?: string;
  token?: string;
  timeoutMs?: number;
  /** How long a pipeline's stage labels are reused. */
  labelTtlMs?: number;
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
    const route = path.split('?')[0];
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

  const q = (properties: string[], associations?: string[]) =>
    `?properties=${properties.join(',')}${associations ? `&associations=${associations.join(',')}` : ''}`;

  return {
    deal: (id: string) =>
      call(
        objectSchema,
        `/crm/v3/objects/deals/${encodeURIComponent(id)}${q(DEAL_PROPS, ['companies', 'contacts'])}`,
      ),
    company: (id: string) =>
      call(objectSchema, `/crm/v3/objects/companies/${encodeURIComponent(id)}${q(COMPANY_PROPS)}`),
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
