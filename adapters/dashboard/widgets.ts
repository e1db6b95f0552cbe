import { t } from '../../src/i18n/translate.js';
import { type Html, html, raw } from './html.js';
import type { PageContext } from './page.js';

export interface Option {
  value: string;
  label: string;
}

/** A labelled select whose first choice, "Any", leaves the filter off. */
export function selectField(
  ctx: PageContext,
  name: string,
  label: string,
  options: readonly Option[],
  selected: string | undefined,
): Html {
  const id = `f-${name}`;
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}">
<option value="">${t(ctx.reader.locale, 'dash.filter.any')}</option>
${options.map(
  (o) => html`<option value="${o.value}"${o.value === selected ? raw(' selected') : ''}>${o.label}</option>`,
)}
</select></div>`;
}

export function inputField(
  name: string,
  label: string,
  type: 'date' | 'text',
  value: string | undefined,
): Html {
  const id = `f-${name}`;
  return html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${name}" type="${type}" value="${value ?? ''}"></div>`;
}

/** The filter form: a GET to the same page, so every filtered view is a link to share. */
export function filterForm(ctx: PageContext, path: string, fields: readonly Html[]): Html {
  const locale = ctx.reader.locale;
  return html`<form class="filters" method="get" action="${ctx.href(path)}"><fieldset><legend>${t(
    locale,
    'dash.filters',
  )}</legend>
${fields}
<div class="field"><button type="submit">${t(locale, 'dash.filter.apply')}</button></div>
<div class="field"><a href="${ctx.href(path)}">${t(locale, 'dash.filter.clear')}</a></div>
</fieldset></form>`;
}

/** Links to the same list as CSV and JSON Lines, with the filters on screen. */
export function exportLinks(
  ctx: PageContext,
  path: string,
  params: Record<string, string | undefined>,
): Html {
  const locale = ctx.reader.locale;
  return html`<nav class="exports" aria-label="${t(locale, 'dash.export')}"><ul>
<li><a href="${ctx.href(path, { ...params, format: 'csv' })}" download>${t(locale, 'dash.export.csv')}</a></li>
<li><a href="${ctx.href(path, { ...params, format: 'jsonl' })}" download>${t(locale, 'dash.export.jsonl')}</a></li>
</ul></nav>`;
}

/** A table with its caption and column headers scoped to their columns. */
export function table(caption: string, headers: readonly string[], rows: readonly Html[]): Html {
  return html`<div class="table-wrap"><table><caption>${caption}</caption>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** Strips the empty filters, so links stay short and "Any" is the same as unset. */
export function present(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** Previous/next links of a paged list, keeping its filters. */
export function pager(
  ctx: PageContext,
  path: string,
  params: Record<string, string>,
  page: number,
  pages: number,
): Html {
  const { locale } = ctx.reader;
  const link = (n: number, key: 'dash.page.previous' | 'dash.page.next') =>
    html`<li><a href="${ctx.href(path, { ...params, page: String(n) })}">${t(locale, key)}</a></li>`;
  return html`<nav class="pager" aria-label="${t(locale, 'dash.pages')}">
<span>${t(locale, 'dash.page.of', { page, pages })}</span>
<ul>${page > 1 ? link(page - 1, 'dash.page.previous') : ''}${page < pages ? link(page + 1, 'dash.page.next') : ''}</ul>
</nav>`;
}
