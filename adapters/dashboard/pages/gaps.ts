import { formatDays, formatDuration, t } from '../../../src/i18n/translate.js';
import { type GapRow, gapsModel } from '../../../src/views/dashboard/gaps.js';
import { customerPath } from '../format.js';
import { type Html, html } from '../html.js';
import type { Page, PageContext } from '../page.js';
import { pager } from '../widgets.js';
import { select } from './filters.js';

function silent(r: GapRow, locale: string): string {
  if (r.daysSilent === undefined) return t(locale, 'figures.unknown');
  const days = formatDays(r.daysSilent, locale);
  return r.neverContacted ? t(locale, 'figures.neverContacted', { days }) : days;
}

function row(ctx: PageContext, r: GapRow): Html {
  const { locale } = ctx.reader;
  return html`<tr><th scope="row"><a href="${ctx.href(customerPath(r.customerId))}">${r.customerName}</a></th><td>${r.teamName}</td><td>${r.ownerName ?? t(locale, 'figures.noOwner')}</td><td>${r.leadName ?? t(locale, 'figures.noLead')}</td><td class="num">${silent(r, locale)}</td><td class="num">${formatDuration(r.overdueMs, locale)}</td></tr>`;
}

/**
 * `/dashboard/gaps`: post-purchase customers past their contact SLA now,
 * worst first, each linked to their customer page. Overdue is wall-clock
 * time: the customer waits through nights and weekends too.
 */
export const gapsPage: Page = async (ctx: PageContext) => {
  const { locale } = ctx.reader;
  const m = await gapsModel({ services: ctx.services, viewer: ctx.reader, query: ctx.query, now: ctx.now });
  const title = t(locale, 'figures.gaps.title');
  const count =
    m.total === 0
      ? t(locale, 'figures.gaps.none')
      : m.total === 1
        ? t(locale, 'figures.gaps.countOne')
        : t(locale, 'figures.gaps.count', { count: m.total });
  const form = html`<form class="filters" method="get" action="${ctx.href('/gaps')}">
<fieldset><legend>${t(locale, 'figures.filter.legend')}</legend>
${select('f-team', 'team', t(locale, 'figures.col.currentTeam'), m.teams, m.team, locale)}
<p class="field"><button type="submit">${t(locale, 'figures.filter.apply')}</button></p>
</fieldset></form>`;
  const table =
    m.rows.length === 0
      ? ''
      : html`<table class="gaps"><caption>${t(locale, 'figures.gaps.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'figures.col.customer')}</th><th scope="col">${t(locale, 'figures.col.currentTeam')}</th><th scope="col">${t(locale, 'figures.col.owner')}</th><th scope="col">${t(locale, 'figures.col.lead')}</th><th scope="col">${t(locale, 'figures.col.silent')}</th><th scope="col">${t(locale, 'figures.col.overdue')}</th></tr></thead>
<tbody>${m.rows.map((r) => row(ctx, r))}</tbody></table>`;
  return {
    kind: 'page',
    title,
    body: html`<h1>${title}</h1>
${form}
<p class="count">${count}</p>
${table}
${m.pages > 1 ? pager(ctx, '/gaps', m.team === undefined ? {} : { team: m.team }, m.page, m.pages) : ''}`,
  };
};
