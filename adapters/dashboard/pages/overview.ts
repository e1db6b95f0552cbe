import { t } from '../../../src/i18n/translate.js';
import { type Headline, type OverviewModel, overviewModel } from '../../../src/views/dashboard/overview.js';
import { chartFigure, loadCharts } from '../charts.js';
import { type Html, html } from '../html.js';
import type { Page, PageContext } from '../page.js';
import { filterForm, periodLine } from './filters.js';
import { formatBusiness, formatFigure, formatRate, weekLabel, weekShort } from './format.js';

const HOUR = 3_600_000;

function change(h: Headline, locale: string): string {
  if (h.direction === null) return t(locale, 'figures.change.none');
  const words = t(locale, `figures.change.${h.direction}`);
  if (h.verdict === 'better') return t(locale, 'figures.change.better', { change: words });
  if (h.verdict === 'worse') return t(locale, 'figures.change.worse', { change: words });
  return words;
}

function headlines(m: OverviewModel, locale: string): Html {
  const fmt = (h: Headline, v: number | null) => formatFigure(v, h.kind, locale, m.businessDayMs);
  return html`<section aria-labelledby="h-headlines"><h2 id="h-headlines">${t(locale, 'figures.headlines')}</h2>
<table class="headlines"><caption>${t(locale, 'figures.headlines.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'figures.col.figure')}</th><th scope="col">${t(locale, 'figures.col.thisPeriod')}</th><th scope="col">${t(locale, 'figures.col.previous')}</th><th scope="col">${t(locale, 'figures.col.change')}</th></tr></thead>
<tbody>${m.headlines.map(
    (h) =>
      html`<tr data-figure="${h.key}"${h.verdict ? html` class="${h.verdict}"` : ''}><th scope="row">${t(locale, `figures.h.${h.key}`)}</th><td class="num">${fmt(h, h.value)}</td><td class="num">${fmt(h, h.previous)}</td><td>${change(h, locale)}</td></tr>`,
  )}</tbody></table></section>`;
}

const rateOrNone = (v: number | null, locale: string) =>
  v === null ? t(locale, 'figures.noData') : formatRate(v, locale);

function trend(m: OverviewModel, locale: string): Html {
  const weeks = m.trend.map((p) => weekShort(p.week, locale));
  const points = (values: ReadonlyArray<number | null>, fmt: (v: number) => string) =>
    values.map((v, i) => `${weeks[i]}: ${v === null ? t(locale, 'figures.noData') : fmt(v)}`).join(', ');
  const count = (n: number) => formatFigure(n, 'count', locale, m.businessDayMs);
  const hours = (n: number) => formatFigure(Math.round(n * 10) / 10, 'count', locale, m.businessDayMs);
  const accept = t(locale, 'figures.col.acceptSla');
  const contact = t(locale, 'figures.col.contactSla');
  const started = chartFigure({
    kind: 'line',
    title: t(locale, 'figures.trend.started'),
    summary: points(
      m.trend.map((p) => p.started),
      count,
    ),
    categories: weeks,
    series: [{ name: t(locale, 'figures.col.started'), data: m.trend.map((p) => p.started) }],
    formatValue: count,
  });
  const sla = chartFigure({
    kind: 'line',
    title: t(locale, 'figures.trend.sla'),
    summary: `${accept}: ${points(
      m.trend.map((p) => p.acceptSlaRate),
      (v) => formatRate(v, locale),
    )}; ${contact}: ${points(
      m.trend.map((p) => p.contactSlaRate),
      (v) => formatRate(v, locale),
    )}`,
    categories: weeks,
    series: [
      { name: accept, data: m.trend.map((p) => p.acceptSlaRate) },
      { name: contact, data: m.trend.map((p) => p.contactSlaRate) },
    ],
    percent: true,
    formatValue: (v) => formatRate(v, locale),
  });
  const contactHours = m.trend.map((p) => (p.contactMedianMs === null ? null : p.contactMedianMs / HOUR));
  const contactChart = chartFigure({
    kind: 'line',
    title: t(locale, 'figures.trend.contact'),
    summary: points(contactHours, hours),
    categories: weeks,
    series: [{ name: t(locale, 'figures.chart.hours'), data: contactHours }],
    formatValue: hours,
  });
  const none = t(locale, 'figures.noData');
  return html`<section aria-labelledby="h-trend"><h2 id="h-trend">${t(locale, 'figures.trend')}</h2>
<div class="charts">${started}${sla}${contactChart}</div>
<table class="trend"><caption>${t(locale, 'figures.trend.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'figures.col.week')}</th><th scope="col">${t(locale, 'figures.col.started')}</th><th scope="col">${accept}</th><th scope="col">${contact}</th><th scope="col">${t(locale, 'figures.col.contactMedian')}</th><th scope="col">${t(locale, 'figures.col.missed')}</th></tr></thead>
<tbody>${m.trend.map(
    (p) =>
      html`<tr><th scope="row">${weekLabel(p.week, locale)}</th><td class="num">${count(p.started)}</td><td class="num">${rateOrNone(p.acceptSlaRate, locale)}</td><td class="num">${rateOrNone(p.contactSlaRate, locale)}</td><td class="num">${p.contactMedianMs === null ? none : formatBusiness(p.contactMedianMs, m.businessDayMs, locale)}</td><td class="num">${count(p.missedContactSla)}</td></tr>`,
  )}</tbody></table></section>`;
}

function byTeam(m: OverviewModel, locale: string): Html {
  const title = t(locale, 'figures.byTeam');
  if (m.byTeam.length === 0)
    return html`<section aria-labelledby="h-byteam"><h2 id="h-byteam">${title}</h2><p>${t(locale, 'figures.noTeams')}</p></section>`;
  const accept = t(locale, 'figures.col.acceptSla');
  const contact = t(locale, 'figures.col.contactSla');
  const names = m.byTeam.map((r) => r.teamName);
  const pts = (pick: (r: OverviewModel['byTeam'][number]) => number | null) =>
    m.byTeam.map((r, i) => `${names[i]}: ${rateOrNone(pick(r), locale)}`).join(', ');
  const chart = chartFigure({
    kind: 'bar',
    title: t(locale, 'figures.byTeam.caption'),
    summary: `${accept}: ${pts((r) => r.acceptSlaRate)}; ${contact}: ${pts((r) => r.contactSlaRate)}`,
    categories: names,
    series: [
      { name: accept, data: m.byTeam.map((r) => r.acceptSlaRate) },
      { name: contact, data: m.byTeam.map((r) => r.contactSlaRate) },
    ],
    percent: true,
    formatValue: (v) => formatRate(v, locale),
  });
  return html`<section aria-labelledby="h-byteam"><h2 id="h-byteam">${title}</h2>
${chart}
<table class="by-team"><caption>${t(locale, 'figures.byTeam.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'figures.col.team')}</th><th scope="col">${t(locale, 'figures.col.started')}</th><th scope="col">${accept}</th><th scope="col">${contact}</th></tr></thead>
<tbody>${m.byTeam.map(
    (r) =>
      html`<tr><th scope="row">${r.teamName}</th><td class="num">${formatFigure(r.started, 'count', locale, m.businessDayMs)}</td><td class="num">${rateOrNone(r.acceptSlaRate, locale)}</td><td class="num">${rateOrNone(r.contactSlaRate, locale)}</td></tr>`,
  )}</tbody></table></section>`;
}

function declines(m: OverviewModel, locale: string): Html {
  const title = t(locale, 'figures.declines');
  if (m.declineReasons.length === 0)
    return html`<section aria-labelledby="h-declines"><h2 id="h-declines">${title}</h2><p>${t(locale, 'figures.noDeclines')}</p></section>`;
  return html`<section aria-labelledby="h-declines"><h2 id="h-declines">${title}</h2>
<table class="declines"><caption>${t(locale, 'figures.declines.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'figures.col.reason')}</th><th scope="col">${t(locale, 'figures.col.declines')}</th></tr></thead>
<tbody>${m.declineReasons.map(
    (r) =>
      html`<tr><th scope="row">${r.reason === '' ? t(locale, 'figures.noReason') : r.reason}</th><td class="num">${formatFigure(r.count, 'count', locale, m.businessDayMs)}</td></tr>`,
  )}</tbody></table></section>`;
}

/** `/dashboard`: the headline figures against the previous period, the trend, SLA by team, decline reasons. */
export const overviewPage: Page = async (ctx: PageContext) => {
  const { locale } = ctx.reader;
  await loadCharts();
  const m = await overviewModel({
    services: ctx.services,
    viewer: ctx.reader,
    query: ctx.query,
    now: ctx.now,
  });
  const dir = ctx.services.deps.dir;
  const title = t(locale, 'figures.overview.title');
  return {
    kind: 'page',
    title,
    body: html`<h1>${title}</h1>
<p class="period">${periodLine(m.period, locale, true)}</p>
${filterForm(ctx, '/', dir, m.filters, m.options)}
${headlines(m, locale)}
${trend(m, locale)}
${byTeam(m, locale)}
${declines(m, locale)}`,
  };
};
