import { z } from 'zod';
import type { SendOutcome } from '../../src/outbox/notifier.js';

/** HubSpot-defined association types from a note (CRM v4 association type ids). */
export const NOTE_TO = {
  deal: { objectType: 'deals', typeId: 214 },
  company: { objectType: 'companies', typeId: 190 },
} as const;
export type NoteTarget = keyof typeof NOTE_TO;

const created = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
const found = z.object({
  total: z.number().optional(),
  results: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
});

export interface NotesApiOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

/**
 * The CRM v3 notes endpoints Baton writes with: create a note on a record,
 * look one up by the reference it carries, and a cheap authenticated read
 * for `baton check`.
 */
export function notesApi(opts: NotesApiOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${opts.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  /** Why a non-2xx answer failed, in words that say what to do. */
  async function refusal(res: Response, path: string): Promise<Extract<SendOutcome, { ok: false }>> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    const where = `${base}${path}`;
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        error: `HubSpot refused the token (${res.status}) on ${where}: check HUBSPOT_ACCESS_TOKEN and that its app has the crm.objects.deals.write and crm.objects.companies.write scopes`,
      };
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after'));
      return {
        ok: false,
        error: `HubSpot rate limit (429) on ${where}`,
        retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : 10_000,
      };
    }
    // A 5xx may come after the note was written: the next attempt looks for it first.
    if (res.status >= 500)
      return { ok: false, error: `HubSpot answered ${res.status} on ${where}`, unknownOutcome: true };
    // The record is gone or the body is refused: retrying the same write cannot help.
    return {
      ok: false,
      error: `HubSpot answered ${res.status} on ${where}: ${text}`,
      permanent: res.status !== 408 && res.status !== 409,
    };
  }

  return {
    url: base,
    async createNote(input: {
      body: string;
      at: string;
      to: NoteTarget;
      recordId: string;
    }): Promise<SendOutcome> {
      const path = '/crm/v3/objects/notes';
      const assoc = NOTE_TO[input.to];
      let res: Response;
      try {
        res = await call('POST', path, {
          properties: { hs_note_body: input.body, hs_timestamp: input.at },
          associations: [
            {
              to: { id: input.recordId },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: assoc.typeId }],
            },
          ],
        });
      } catch (err) {
        // No answer (a timeout, a dropped connection): the note may exist.
        return {
          ok: false,
          error: `HubSpot did not answer on ${base}${path}: ${String(err)}`,
          unknownOutcome: true,
        };
      }
      if (!res.ok) return refusal(res, path);
      const parsed = created.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success)
        return {
          ok: false,
          error: `HubSpot answered ${res.status} without a note id on ${base}${path}`,
          unknownOutcome: true,
        };
      return { ok: true, ref: { conversationId: input.recordId, messageId: parsed.data.id } };
    },
    /**
     * The note on this record whose body holds `marker`, if any. The search
     * index trails writes by a few seconds; the outbox asks only on a retry,
     * after its backoff.
     */
    async findNote(input: { marker: string; to: NoteTarget; recordId: string }): Promise<string | undefined> {
      const path = '/crm/v3/objects/notes/search';
      const res = await call('POST', path, {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: input.marker },
              {
                propertyName: `associations.${input.to}`,
                operator: 'EQ',
                value: input.recordId,
              },
            ],
          },
        ],
        properties: ['hs_note_body'],
        limit: 1,
      });
      if (!res.ok) throw new Error((await refusal(res, path)).error);
      const parsed = found.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success)
        throw new Error(`HubSpot's note search on ${base}${path} answered an unreadable body`);
      return parsed.data.results[0]?.id;
    },
    /** One authenticated read: the token is accepted and may read notes. */
    async probe(): Promise<string | undefined> {
      const path = '/crm/v3/objects/notes?limit=1';
      try {
        const res = await call('GET', path);
        return res.ok ? undefined : (await refusal(res, path)).error;
      } catch (err) {
        return `HubSpot did not answer on ${base}${path}: ${String(err)}`;
      }
    },
  };
}
