import type { z } from 'zod';
import type { Received } from './source.js';

/**
 * Parses a verified body with a schema. A refusal names the first field that
 * does not validate (`customer.contacts.0.email`), so whoever wires the
 * sender can fix it without reading Baton's logs.
 */
export function parseBody<T>(
  body: Buffer,
  schema: z.ZodType<T>,
): { ok: true; value: T } | Extract<Received, { ok: false }> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, status: 400, error: 'the body is not JSON', field: '(body)' };
  }
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  return { ok: false, status: 400, error: `${field}: ${issue?.message ?? 'invalid'}`, field };
}

/** Lower case, without spaces, dashes or underscores: "Closed Won" and "closedwon" are one stage. */
export function normalizeStage(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}
