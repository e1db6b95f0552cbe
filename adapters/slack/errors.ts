import type { SendOutcome } from '../../src/outbox/notifier.js';
import { describeRequestFailure } from '../net-cause.js';

/** Answers that retrying cannot fix: the delivery fails now and is reported. */
const PERMANENT = new Set([
  'channel_not_found',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'missing_scope',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'msg_too_long',
  'invalid_blocks',
  'invalid_arguments',
  'restricted_action',
]);

/**
 * Baton is not in the channel yet: a person fixes it with `/invite @Baton`, and the message then
 * goes at once (Baton hears itself join), else at its next try this long after.
 */
export const NOT_YET_MS = 10 * 60_000;

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SlackishError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: { name?: string; message?: string; cause?: { code?: string } };
  message?: string;
}

/**
 * A Web API failure as the outbox understands it. Checked by the error's
 * `code` string rather than `instanceof`: Bolt may carry its own copy of
 * @slack/web-api, and the classes would then differ.
 */
export function outcomeOfError(err: unknown): Extract<SendOutcome, { ok: false }> {
  const e = (err ?? {}) as SlackishError;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const error = e.data?.error ?? 'unknown_error';
      if (error === 'ratelimited') return { ok: false, error, retryAfterMs: 30_000 };
      if (error === 'not_in_channel') return { ok: false, error, retryAfterMs: NOT_YET_MS, notYet: true };
      return { ok: false, error, ...(PERMANENT.has(error) ? { permanent: true } : {}) };
    }
    case 'slack_webapi_rate_limited_error':
      return { ok: false, error: 'rate limited', retryAfterMs: Math.max(1, e.retryAfter ?? 30) * 1_000 };
    case 'slack_webapi_http_error':
      // Slack answers 200 for everything it handled; a 5xx may have come after it posted.
      return {
        ok: false,
        error: `HTTP ${e.statusCode ?? '?'}`,
        unknownOutcome: (e.statusCode ?? 500) >= 500,
      };
    case 'slack_webapi_request_error': {
      const cause = e.original?.cause?.code ?? '';
      const reached = !CONNECT_FAILURES.has(cause);
      return {
        ok: false,
        error: `request failed: ${cause || e.original?.name || e.original?.message || 'unknown'}`,
        unknownOutcome: reached,
      };
    }
    default:
      return { ok: false, error: e.message ?? String(err), unknownOutcome: true };
  }
}

/** For logs and /readyz: the Slack error code, or the transport failure. */
export function errorText(err: unknown): string {
  const o = outcomeOfError(err);
  return o.error;
}

/**
 * Why a Web API call failed, for `baton check` and /readyz: Slack's own
 * error code (`invalid_auth`), the HTTP status it answered, or, when no
 * answer came, the network's reason with its address.
 */
export function failureCause(err: unknown): string {
  const e = (err ?? {}) as SlackishError;
  switch (e.code) {
    case 'slack_webapi_platform_error':
      return e.data?.error ?? 'unknown_error';
    case 'slack_webapi_http_error':
      return `HTTP ${e.statusCode ?? '?'}`;
    case 'slack_webapi_rate_limited_error':
      return `rate limited (HTTP 429, retry after ${e.retryAfter ?? '?'} s)`;
    case 'slack_webapi_request_error':
      return describeRequestFailure(e.original ?? err);
    default:
      return describeRequestFailure(err);
  }
}
