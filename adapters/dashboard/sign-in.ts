import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from '../../src/config/env.js';
import { t } from '../../src/i18n/translate.js';
import type { Logger } from '../../src/log.js';
import { readBody } from '../../src/server/http.js';
import type { Services } from '../../src/services/index.js';
import { clearedSessionCookie, isHttps, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';
import { browserLocale, requestUrl, seeOther, sendHtml } from './respond.js';
import type { Sessions } from './sessions.js';
import { linkRefusedPage, signedOutPage, statusPage } from './status.js';

export interface SignInDeps {
  env: Env;
  services: Services;
  sessions: Sessions;
  log: Logger;
}

/**
 * `GET /dashboard/login?token=`: a one-time link becomes a session cookie,
 * then a 303 to the dashboard, so the token does not stay in the address bar
 * or the history. A refused link says why (401 unknown, 410 expired or
 * used) and how to get a new one.
 */
export async function signIn(d: SignInDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const locale = browserLocale(req, d.services.deps.dir.config.defaults.locale);
  const token = requestUrl(req).searchParams.get('token') ?? '';
  const redeemed = await d.services.redeemDashboardLink(token);
  if (!redeemed.ok) {
    sendHtml(res, redeemed.reason === 'unknown' ? 401 : 410, linkRefusedPage(locale, redeemed.reason));
    return;
  }
  // Another person's session in this browser ends here: one browser, one person.
  const previous = await d.sessions.read(readCookie(req, SESSION_COOKIE));
  if (previous) await d.sessions.end(previous.id);
  const { cookie } = await d.sessions.start(redeemed.person);
  d.log.info({ person: redeemed.person }, 'dashboard sign-in');
  seeOther(res, '/dashboard', { 'set-cookie': sessionCookie(cookie, isHttps(req, d.env)) });
}

/**
 * `POST /dashboard/logout`: ends the session everywhere (it lives in the
 * store) and clears the cookie. A form from another site cannot log anyone
 * out: the session's CSRF token must come with it, and a browser that says
 * the request is cross-site is refused outright.
 */
export async function signOut(d: SignInDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const locale = browserLocale(req, d.services.deps.dir.config.defaults.locale);
  const secure = isHttps(req, d.env);
  const body = await readBody(req, 4_096).catch(() => Buffer.alloc(0));
  const token = new URLSearchParams(body.toString('utf8')).get('csrf') ?? undefined;
  const session = await d.sessions.read(readCookie(req, SESSION_COOKIE));
  if (session) {
    const crossSite = req.headers['sec-fetch-site'] === 'cross-site';
    if (crossSite || !d.sessions.csrfMatches(session, token)) {
      const me = d.services.deps.dir.personLocale(session.person);
      sendHtml(res, 403, statusPage(me, 403, t(me, 'dash.forbidden.form')));
      return;
    }
    await d.sessions.end(session.id);
  }
  sendHtml(res, 200, signedOutPage(locale), { 'set-cookie': clearedSessionCookie(secure) });
}
