import type { JourneyFigures } from '../../../src/analytics/figures.js';
import { type MessageKey, t } from '../../../src/i18n/translate.js';
import type { FigureKind } from '../../../src/views/dashboard/overview.js';
import { teamsModel } from '../../../src/views/dashboard/teams.js';
import { type Html, html } from '../html.js';
import type { Page, PageContext } from '../page.js';
import { filterForm, periodLine } from './filters.js';
import { formatFigure } from './format.js';
import { coverageSection } from './language-coverage.js';

/** The columns after the team and playbook: every figure, in the order people read a handoff. */
const COLUMNS: ReadonlyArray<{ key: keyof JourneyFigures; label: MessageKey; kind: FigureKind }> = [
  { key: 'started', label: 'figures.col.started', kind: 'count' },
  { key: 'acceptSlaRate', label: 'figures.col.acceptSla', kind: 'rate' },
  { key: 'acceptMedianMs', label: 'figures.col.acceptMedian', kind: 'business' },
  { key: 'acceptP90Ms', label: 'figures.col.acceptP90', kind: 'business' },
  { key: 'contactSlaRate', label: 'figures.col.contactSla', kind: 'rate' },
  { key: 'contactMedianMs', label: 'figures.col.contactMedianShort', kind: 'business' },
  { key: 'contactP90Ms', label: 'figures.col.contactP90', kind: 'business' },
  { key: 'purchaseToContactMedianMs', label: 'figures.col.purchaseMedian', kind: 'wall' },
  { key: 'purchaseToContactP90Ms', label: 'figures.col.purchaseP90', kind: 'wall' },
  { key: 'declines', label: 'figures.col.declines', kind: 'count' },
  { key: 'reassigns', label: 'figures.col.reassigns', kind: 'count' },
  { key: 'escalations', label: 'figures.col.escalations', kind: 'count' },
  { key: 'missedContactSla', label: 'figures.col.missed', kind: 'count' },
  { key: 'pastContactSlaNow', label: 'figures.col.pastNow', kind: 'count' },
  { key: 'waiting', label: 'figures.col.waiting', kind: 'count' },
];

function cells(f: JourneyFigures, locale: string, dayMs: number): Html {
  return html`${COLUMNS.map(
    (c) => html`<td class="num">${formatFigure(f[c.key] as number | null, c.kind, locale, dayMs)}</td>`,
  )}`;
}

/** `/dashboard/teams`: one row per receiving team and playbook with every figure of the period. */
export const teamsPage: Page = async (ctx: PageContext) => {
  const { locale } = ctx.reader;
  const m = await teamsModel({ services: ctx.services, viewer: ctx.reader, query: ctx.query, now: ctx.now });
  const dir = ctx.services.deps.dir;
  const title = t(locale, 'figures.teams.title');
  const table =
    m.rows.length === 0
      ? html`<p>${t(locale, 'figures.noTeams')}</p>`
      : html`<div class="table-scroll" role="region" aria-labelledby="teams-caption" tabindex="0"><table class="teams"><caption id="teams-caption">${t(locale, 'figures.teams.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'figures.col.team')}</th><th scope="col">${t(locale, 'figures.col.playbook')}</th>${COLUMNS.map(
          (c) => html`<th scope="col">${t(locale, c.label)}</th>`,
        )}</tr></thead>
<tbody>${m.rows.map(
          (r) =>
            html`<tr><th scope="row">${r.teamName}</th><td>${r.playbookName} (${r.fromName} → ${r.teamName})</td>${cells(r.figures, locale, r.businessDayMs)}</tr>`,
        )}</tbody>
<tfoot><tr><th scope="row" colspan="2">${t(locale, 'figures.total')}</th>${cells(m.total, locale, m.totalBusinessDayMs)}</tr></tfoot>
</table></div>`;
  return {
    kind: 'page',
    title,
    body: html`<h1>${title}</h1>
<p class="period">${periodLine(m.period, locale, false)}</p>
${filterForm(ctx, '/teams', dir, m.filters, m.options)}
${table}
${coverageSection(m.coverage, locale)}`,
  };
};
