import { catalogLanguage, t } from '../../src/i18n/translate.js';
import { type Html, html, raw } from './html.js';
import { STYLE } from './style.js';

export const NAV = ['overview', 'teams', 'gaps', 'handoffs', 'audit'] as const;
export type NavKey = (typeof NAV)[number];

const NAV_PATH: Record<NavKey, string> = {
  overview: '/dashboard',
  teams: '/dashboard/teams',
  gaps: '/dashboard/gaps',
  handoffs: '/dashboard/handoffs',
  audit: '/dashboard/audit',
};

export interface Shell {
  locale: string;
  title: string;
  body: Html;
  /** The signed-in person: with them come the navigation and the log-out button. */
  signedIn?: { name: string; csrf: string; current?: NavKey };
}

/**
 * The one page frame: the document language, a skip link, the header with
 * Baton, the person and the log-out form, the navigation (the current page
 * marked for screen readers), and the page's own markup in the main
 * landmark. The page's markup starts with its own h1 (the same words as
 * its title), so its sections start at h2.
 */
export function layout(s: Shell): Html {
  const { locale } = s;
  const me = s.signedIn;
  return html`<!doctype html>
<html lang="${catalogLanguage(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title} · Baton</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">${t(locale, 'dash.skip')}</a>
<header class="top">
<p class="brand"><a href="/dashboard">Baton</a></p>
${
  me
    ? html`<nav aria-label="${t(locale, 'dash.nav')}"><ul>${NAV.map(
        (k) =>
          html`<li><a href="${NAV_PATH[k]}"${me.current === k ? raw(' aria-current="page"') : ''}>${t(
            locale,
            `dash.nav.${k}`,
          )}</a></li>`,
      )}</ul></nav>
<div class="who"><span>${t(locale, 'dash.signedInAs', { name: me.name })}</span>
<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${me.csrf}"><button type="submit">${t(
        locale,
        'dash.logout',
      )}</button></form></div>`
    : ''
}
</header>
<main id="main" tabindex="-1">
${s.body}
</main>
</body>
</html>
`;
}
