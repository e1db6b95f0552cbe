import type { IncomingMessage, ServerResponse } from 'node:http';
import { t } from '../../src/i18n/translate.js';
import type { Services } from '../../src/services/index.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { sendExport } from './export.js';
import { html } from './html.js';
import { layout, type Shell } from './layout.js';
import type { PageContext } from './page.js';
import { format } from './query.js';
import { readerFor } from './reader.js';
import { browserLocale, requestUrl, sendHtml } from './respond.js';
import { routeOf } from './routes.js';
import type { Sessions } from './sessions.js';
import { signInPage, statusPage } from './status.js';
import { present } from './widgets.js';

/** A dashboard URL under /dashboard with its query; empty values are left out. */
export function dashboardHref(path: string, params?: Record<string, string | undefined>): string {
  const base =
    path === '' || path === '/' ? '/dashboard' : `/dashboard${path.startsWith('/') ? '' : '/'}${path}`;
  const query = new URLSearchParams(present(params ?? {})).toString();
  return query ? `${base}?${query}` : base;
}

/**
 * Every GET under /dashboard but the sign-in: the session, then who reads
 * (someone no longer in the config: 403), then the page or its export,
 * each answering in the reader's language and zone inside the one frame.
 */
export async function servePage(
  d: { services: Services; sessions: Sessions },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { dir, clock } = d.services.deps;
  const url = requestUrl(req);
  const session = await d.sessions.read(readCookie(req, SESSION_COOKIE));
  const guest = browserLocale(req, dir.config.defaults.locale);
  if (!session) return sendHtml(res, 401, signInPage(guest));
  const reader = readerFor(d.services.deps, session.person);
  if (!reader) return sendHtml(res, 403, statusPage(guest, 403, t(guest, 'dash.forbidden.unknownPerson')));

  const route = routeOf(url.pathname);
  const signedIn: NonNullable<Shell['signedIn']> = {
    name: dir.personName(reader.person),
    csrf: session.csrf,
    ...(route?.nav ? { current: route.nav } : {}),
  };
  const { locale } = reader;
  if (!route) return sendHtml(res, 404, statusPage(locale, 404, t(locale, 'dash.notFound.body'), signedIn));

  const ctx: PageContext = {
    reader,
    now: clock.now(),
    services: d.services,
    query: url.searchParams,
    href: dashboardHref,
  };
  const asked = format.parse(url.searchParams.get('format') ?? undefined);
  if (route.exporter && asked) {
    const r = await route.exporter(ctx);
    if (r.kind === 'status')
      return sendHtml(res, r.status, statusPage(locale, r.status, r.message, signedIn));
    return sendExport(res, asked, r.source);
  }
  const r = await route.page(ctx);
  if (r.kind === 'status') return sendHtml(res, r.status, statusPage(locale, r.status, r.message, signedIn));
  sendHtml(res, 200, layout({ locale, title: r.title, body: html`${r.body}`, signedIn }));
}
