import type { Directory } from '../../src/config/directory.js';
import type { Customer } from '../../src/domain/types.js';
import { formatDateTime, languageName, t } from '../../src/i18n/translate.js';
import type { ViewReader } from '../../src/views/reader.js';
import { type Html, html } from './html.js';
import type { DashboardReader, PageContext } from './page.js';

/** An instant in the reader's zone and language, in a <time> element machines can read too. */
export function when(iso: string | undefined, r: DashboardReader): Html {
  if (!iso) return html`<span class="muted">–</span>`;
  return html`<time datetime="${iso}">${formatDateTime(iso, r.locale, r.timeZone)}</time>`;
}

/** Where a handoff came from, in words: a person, a phrase, silence, or the system of record's name. */
export function sourceName(source: string, locale: string, dir: Directory): string {
  if (source === 'person' || source === 'phrase' || source === 'silence')
    return t(locale, `dash.source.${source}`);
  return dir.systemName(source);
}

export function languageLabel(code: string | undefined, locale: string): string {
  if (!code || code === 'und') return t(locale, 'dash.language.und');
  return languageName(code, locale);
}

/** A customer's name as the dashboard shows it: an erased one never by what was erased. */
export function customerName(c: Customer | undefined, locale: string): string {
  if (!c) return t(locale, 'dash.unknownCustomer');
  return c.erasedAt ? t(locale, 'dash.customer.erasedName') : c.name;
}

export const customerPath = (id: string): string => `/customers/${encodeURIComponent(id)}`;

/** The customer's name linking to their single view. */
export function customerLink(ctx: PageContext, id: string, c: Customer | undefined): Html {
  return html`<a href="${ctx.href(customerPath(id))}">${customerName(c, ctx.reader.locale)}</a>`;
}

export const personName = (dir: Directory, key: string | undefined): string =>
  key === undefined ? '' : key === 'system' ? 'Baton' : dir.personName(key);

export const viewReader = (ctx: PageContext): ViewReader => ({
  dir: ctx.services.deps.dir,
  locale: ctx.reader.locale,
  timeZone: ctx.reader.timeZone,
  now: ctx.now,
});
