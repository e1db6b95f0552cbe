import type { IncomingMessage } from 'node:http';
import { SESSION_TTL_MS } from './sessions.js';

export const SESSION_COOKIE = 'baton_session';
/** Eight hours, the session's life: the cookie does not outlive what it names. */
export const SESSION_MAX_AGE_S = SESSION_TTL_MS / 1000;

/** The value of one cookie from the request's Cookie header; the first one wins, as browsers send the most specific path first. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (another site's form cannot
 * send it on a POST), Path=/dashboard (the webhooks and bots never see it),
 * and Secure whenever the browser reached Baton over HTTPS.
 */
export function sessionCookie(value: string, secure: boolean): string {
  return cookie(value, SESSION_MAX_AGE_S, secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return cookie('', 0, secure);
}

function cookie(value: string, maxAge: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/dashboard',
    `Max-Age=${maxAge}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Whether the browser talks HTTPS to Baton: the public URL says so, the
 * socket is TLS, or a proxy of ours (BATON_TRUST_PROXY) says it terminated
 * TLS. An X-Forwarded-Proto from anyone else is not believed.
 */
export function isHttps(
  req: IncomingMessage,
  env: { BATON_PUBLIC_URL?: string | undefined; BATON_TRUST_PROXY: boolean },
): boolean {
  if (env.BATON_PUBLIC_URL?.toLowerCase().startsWith('https:')) return true;
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!env.BATON_TRUST_PROXY) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}
