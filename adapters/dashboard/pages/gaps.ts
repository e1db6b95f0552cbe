import { t } from '../../../src/i18n/translate.js';
import { html } from '../html.js';
import type { Page } from '../page.js';

/** Placeholder so the router compiles; the "pages" helper's version replaces this file at merge. */
export const gapsPage: Page = async (ctx) => ({
  kind: 'page',
  title: t(ctx.reader.locale, 'dash.nav.gaps'),
  body: html`<p>${t(ctx.reader.locale, 'dash.comingSoon')}</p>`,
});
