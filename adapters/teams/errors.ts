import type { SendOutcome } from '../../src/outbox/notifier.js';

type Failed = Extract<SendOutcome, { ok: false }>;

interface ConnectorError {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/** Teams sends Retry-After in seconds (or as a date); the outbox wants milliseconds. */
function retryAfterMs(err: ConnectorError): number | undefined {
  const raw = err.response?.headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Connection failures before anything was sent: the post surely did not happen. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET_BEFORE_SEND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * A failed connector call as the outbox sees it. Throttling and the
 * gateway's hiccups (429, 412, 502, 504) and 5xx are retried, honouring
 * Retry-After; a removed bot or a deleted conversation (403, 404), and a
 * request Teams will never take (400, 413), fail the delivery for good; a
 * timeout or a dropped connection may have posted, so the outbox is told
 * the outcome is unknown.
 */
export function outcomeOfError(e: unknown): Failed {
  const err = (e ?? {}) as ConnectorError;
  const status = err.statusCode;
  const error = `Teams ${status ?? err.code ?? err.name ?? 'error'}: ${err.message ?? String(e)}`.slice(
    0,
    500,
  );
  if (status !== undefined) {
    if (status === 429 || status === 412 || status === 502 || status === 504 || status >= 500) {
      const after = retryAfterMs(err);
      return { ok: false, error, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    if (status === 401)
      return { ok: false, error: `${error} (check MicrosoftAppId and MicrosoftAppPassword)` };
    if (status === 403 || status === 404 || status === 400 || status === 413)
      return { ok: false, error, permanent: true };
    return { ok: false, error };
  }
  if (err.code && NOT_SENT.has(err.code)) return { ok: false, error };
  return { ok: false, error, unknownOutcome: true };
}

/** A delivery that cannot go anywhere as configured; retrying may help once Baton learns more. */
export function unreachable(
  error: string,
  opts: { permanent?: boolean; retryAfterMs?: number; notYet?: boolean } = {},
): Failed {
  return { ok: false, error, ...opts };
}
