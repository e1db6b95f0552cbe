import { z } from 'zod';
import { EXPORT_FORMATS } from './export.js';

/**
 * A query-string field that is optional and forgiving: empty is unset, and
 * a bad value (a hand-edited link, an old bookmark) falls back to unset
 * instead of failing the page.
 */
export const field = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  );

export const pageNumber = z.coerce.number().int().min(1).max(1_000_000).catch(1);
export const format = field(z.enum(EXPORT_FORMATS));

/** The query string as one value per name (the first, as a form sends each once). */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (!(k in out)) out[k] = v;
  return out;
}
