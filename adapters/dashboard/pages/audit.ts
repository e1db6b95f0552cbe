import { t } from '../../../src/i18n/translate.js';
import { AUDIT_ACTIONS } from '../../../src/services/audit.js';
import { auditSentence } from '../../../src/views/timeline.js';
import { type AuditFilters, auditExport, auditScope } from '../audit-list.js';
import type { Exporter } from '../exporter.js';
import { customerLink, personName, viewReader, when } from '../format.js';
import { customersOf } from '../handoff-list.js';
import { type Html, html } from '../html.js';
import type { Page, PageContext } from '../page.js';
import { exportLinks, filterForm, inputField, present, selectField, table } from '../widgets.js';

const PER_PAGE = 50;

const forbidden = (ctx: PageContext) =>
  ({ kind: 'status', status: 403, message: t(ctx.reader.locale, 'dash.forbidden.team') }) as const;

/** `/dashboard/audit`: who did what, newest first, filtered in the query string, a cursor per page. */
export const auditPage: Page = async (ctx) => {
  const scope = await auditScope(ctx);
  if (scope.kind === 'forbidden') return forbidden(ctx);
  const { locale } = ctx.reader;
  const { dir, store } = ctx.services.deps;
  const title = t(locale, 'dash.nav.audit');
  const form = filters(ctx, scope.filters);
  const params = filterParams(scope.filters);
  if (scope.kind === 'noCustomer') {
    return {
      kind: 'page',
      title,
      body: html`<h1>${title}</h1>${form}<p>${t(locale, 'dash.audit.noCustomer', { customer: scope.filters.customer ?? '' })}</p>`,
    };
  }
  const cursor = scope.filters.cursor;
  const page = await store.scanAudit({ ...scope.query, limit: PER_PAGE, ...(cursor ? { cursor } : {}) });
  const customers = await customersOf(
    ctx,
    page.entries.flatMap((e) => (e.customerId ? [e.customerId] : [])),
  );
  const vr = viewReader(ctx);
  const rows = page.entries.map(
    (e) => html`<tr>
<td>${when(e.at, ctx.reader)}</td>
<td>${actorLabel(ctx, e.actor)}</td>
<td>${auditSentence(e, vr)}</td>
<td>${e.customerId ? customerLink(ctx, e.customerId, customers.get(e.customerId)) : ''}</td>
</tr>`,
  );
  const pager: Html[] = [];
  if (cursor)
    pager.push(html`<li><a href="${ctx.href('/audit', params)}">${t(locale, 'dash.page.newest')}</a></li>`);
  if (page.next)
    pager.push(
      html`<li><a href="${ctx.href('/audit', { ...params, cursor: page.next })}">${t(locale, 'dash.page.next')}</a></li>`,
    );
  const body = html`<h1>${title}</h1>
${ctx.reader.readsEverything ? '' : html`<p class="muted">${t(locale, 'dash.audit.scope', { team: dir.teamName(ctx.reader.teams[0] ?? '') })}</p>`}
${form}
${exportLinks(ctx, '/audit', params)}
${
  rows.length === 0
    ? html`<p>${t(locale, 'dash.audit.none')}</p>`
    : table(
        t(locale, 'dash.audit.caption'),
        [
          t(locale, 'dash.col.when'),
          t(locale, 'dash.col.actor'),
          t(locale, 'dash.col.action'),
          t(locale, 'dash.col.customer'),
        ],
        rows,
      )
}
${pager.length > 0 ? html`<nav class="pager" aria-label="${t(locale, 'dash.pages')}"><ul>${pager}</ul></nav>` : ''}`;
  return { kind: 'page', title, body };
};

export const auditExporter: Exporter = async (ctx) => {
  const scope = await auditScope(ctx);
  if (scope.kind === 'forbidden') return forbidden(ctx);
  // No customer matched: an export with the header alone, as the page shows an empty list.
  const query = scope.kind === 'scope' ? scope.query : { customerIds: [] };
  return { kind: 'export', source: auditExport(ctx, query) };
};

function actorLabel(ctx: PageContext, actor: string): string {
  const { dir } = ctx.services.deps;
  if (actor.startsWith('webhook:')) return dir.systemName(actor.slice('webhook:'.length));
  return personName(dir, actor);
}

function filters(ctx: PageContext, f: AuditFilters): Html {
  const { locale } = ctx.reader;
  const { dir } = ctx.services.deps;
  const people = Object.keys(dir.config.people).map((p) => ({ value: p, label: dir.personName(p) }));
  return filterForm(ctx, '/audit', [
    inputField('since', t(locale, 'dash.filter.since'), 'date', f.since),
    inputField('until', t(locale, 'dash.filter.until'), 'date', f.until),
    selectField(
      ctx,
      'action',
      t(locale, 'dash.filter.action'),
      AUDIT_ACTIONS.map((a) => ({ value: a, label: a })),
      f.action,
    ),
    selectField(
      ctx,
      'actor',
      t(locale, 'dash.filter.actor'),
      [{ value: 'system', label: 'Baton' }, ...people],
      f.actor,
    ),
    inputField('customer', t(locale, 'dash.filter.customer'), 'text', f.customer),
  ]);
}

function filterParams(f: AuditFilters): Record<string, string> {
  return present({ since: f.since, until: f.until, action: f.action, actor: f.actor, customer: f.customer });
}
