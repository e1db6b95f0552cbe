import type { MessageKey } from '../../src/i18n/translate.js';
import { t } from '../../src/i18n/translate.js';
import { type Html, html } from './html.js';
import { layout, type Shell } from './layout.js';

type SignedIn = Shell['signedIn'];

const TITLES: Record<401 | 403 | 404, MessageKey> = {
  401: 'dash.signIn.title',
  403: 'dash.forbidden.title',
  404: 'dash.notFound.title',
};

/** A refusal or a notice in the page frame: what happened, and what to do next. */
export function statusPage(
  locale: string,
  status: 401 | 403 | 404,
  message: string,
  signedIn?: SignedIn,
): Html {
  const next =
    status === 401
      ? html`<p>${t(locale, 'dash.howToGetLink')}</p>`
      : signedIn
        ? html`<p><a href="/dashboard">${t(locale, 'dash.home')}</a></p>`
        : '';
  const title = t(locale, TITLES[status]);
  return layout({
    locale,
    title,
    body: html`<h1>${title}</h1><p>${message}</p>${next}`,
    ...(signedIn ? { signedIn } : {}),
  });
}

/** No session (never signed in, expired, logged out): how to get a link. */
export const signInPage = (locale: string): Html => statusPage(locale, 401, t(locale, 'dash.signIn.body'));

/** A sign-in link Baton refuses, saying which way it is wrong and how to get a new one. */
export function linkRefusedPage(locale: string, reason: 'unknown' | 'expired' | 'used'): Html {
  const title = t(locale, `dash.link.${reason}.title`);
  return layout({
    locale,
    title,
    body: html`<h1>${title}</h1><p>${t(locale, `dash.link.${reason}.body`)}</p><p>${t(locale, 'dash.howToGetLink')}</p>`,
  });
}

export function signedOutPage(locale: string): Html {
  const title = t(locale, 'dash.signedOut.title');
  return layout({
    locale,
    title,
    body: html`<h1>${title}</h1><p>${t(locale, 'dash.signedOut.body')}</p><p>${t(locale, 'dash.howToGetLink')}</p>`,
  });
}
