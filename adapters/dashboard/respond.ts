import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Html } from './html.js';

/**
 * Every dashboard answer carries these: no script may run, no other origin
 * may frame it or receive a form, and nothing (a sign-in link's token, a
 * customer's page) is cached or leaks through a Referer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function sendHtml(
  res: ServerResponse,
  status: number,
  page: Html,
  extra: Record<string, string | string[]> = {},
): void {
  const body = page.toString();
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

/** 303: after a sign-in the browser asks for the target with GET, and the token leaves the URL bar. */
export function seeOther(
  res: ServerResponse,
  location: string,
  extra: Record<string, string | string[]> = {},
) {
  res.writeHead(303, { ...SECURITY_HEADERS, location, 'content-length': 0, ...extra });
  res.end();
}

/** The path and query of a request (the host is not needed: every link the dashboard makes is relative). */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://dashboard.invalid');
}

/** For pages shown before anyone is known (sign-in, refusals): the browser's first language. */
export function browserLocale(req: IncomingMessage, fallback: string): string {
  const first = (req.headers['accept-language'] ?? '').split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(first) ? first : fallback;
}
