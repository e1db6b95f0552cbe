import { HANDOFF_STATES } from '../../../src/domain/types.js';
import { t } from '../../../src/i18n/translate.js';
import type { Exporter } from '../exporter.js';
import { customerLink, languageLabel, personName, sourceName, when } from '../format.js';
import { customersOf, type HandoffQuery, handoffExport, readHandoffs } from '../handoff-list.js';
import { html } from '../html.js';
import type { Page, PageContext } from '../page.js';
import { exportLinks, filterForm, inputField, pager, present, selectField, table } from '../widgets.js';

const PER_PAGE = 50;

const forbidden = (ctx: PageContext) =>
  ({ kind: 'status', status: 403, message: t(ctx.reader.locale, 'dash.forbidden.team') }) as const;

/** `/dashboard/handoffs`: every handoff the reader may see, filtered in the query string, 50 a page. */
export const handoffsPage: Page = async (ctx) => {
  const list = await readHandoffs(ctx);
  if (list.kind === 'forbidden') return forbidden(ctx);
  const { dir } = ctx.services.deps;
  const { locale } = ctx.reader;
  const q = list.query;
  const pages = Math.max(1, Math.ceil(list.facts.length / PER_PAGE));
  const page = Math.min(q.page, pages);
  const shown = list.facts.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  const customers = await customersOf(
    ctx,
    shown.map((f) => f.customerId),
  );
  const params = filterParams(q);

  const rows = shown.map(
    (f) => html`<tr>
<td>${customerLink(ctx, f.customerId, customers.get(f.customerId))}</td>
<td>${dir.teamName(f.from)}</td><td>${dir.teamName(f.to)}</td>
<td>${t(locale, `stateName.${f.state}`)}</td>
<td>${dir.playbook(f.playbook)?.name ?? f.playbook}</td>
<td>${sourceName(f.source, locale, dir)}</td>
<td>${languageLabel(f.language, locale)}</td>
<td>${personName(dir, f.owner ?? f.assignee)}</td>
<td>${when(f.startedAt, ctx.reader)}</td>
<td>${when(f.acceptedAt, ctx.reader)}</td>
<td>${when(f.contactedAt, ctx.reader)}</td>
</tr>`,
  );
  const teams = ctx.reader.teams.map((k) => ({ value: k, label: dir.teamName(k) }));
  const title = t(locale, 'dash.nav.handoffs');
  const body = html`<h1>${title}</h1>
${ctx.reader.readsEverything ? '' : html`<p class="muted">${t(locale, 'dash.handoffs.scope', { team: dir.teamName(ctx.reader.teams[0] ?? '') })}</p>`}
${filterForm(ctx, '/handoffs', [
  selectField(ctx, 'team', t(locale, 'dash.filter.team'), teams, q.team),
  selectField(
    ctx,
    'state',
    t(locale, 'dash.filter.state'),
    HANDOFF_STATES.map((s) => ({ value: s, label: t(locale, `stateName.${s}`) })),
    q.state,
  ),
  inputField('fromWeek', t(locale, 'dash.filter.fromWeek'), 'date', q.fromWeek),
  inputField('toWeek', t(locale, 'dash.filter.toWeek'), 'date', q.toWeek),
  selectField(
    ctx,
    'source',
    t(locale, 'dash.filter.source'),
    list.sources.map((s) => ({ value: s, label: sourceName(s, locale, dir) })),
    q.source,
  ),
  selectField(
    ctx,
    'language',
    t(locale, 'dash.filter.language'),
    list.languages.map((l) => ({ value: l, label: languageLabel(l, locale) })),
    q.language,
  ),
  selectField(
    ctx,
    'playbook',
    t(locale, 'dash.filter.playbook'),
    dir.playbooks.map((p) => ({ value: p.id, label: p.name ?? p.id })),
    q.playbook,
  ),
])}
${exportLinks(ctx, '/handoffs', params)}
${
  shown.length === 0
    ? html`<p>${t(locale, 'dash.handoffs.none')}</p>`
    : table(
        list.facts.length === 1
          ? t(locale, 'dash.handoffs.captionOne')
          : t(locale, 'dash.handoffs.caption', { count: list.facts.length }),
        [
          t(locale, 'dash.col.customer'),
          t(locale, 'dash.col.from'),
          t(locale, 'dash.col.to'),
          t(locale, 'dash.col.state'),
          t(locale, 'dash.col.playbook'),
          t(locale, 'dash.col.source'),
          t(locale, 'dash.col.language'),
          t(locale, 'dash.col.owner'),
          t(locale, 'dash.col.started'),
          t(locale, 'dash.col.accepted'),
          t(locale, 'dash.col.contacted'),
        ],
        rows,
      )
}
${pager(ctx, '/handoffs', params, page, pages)}`;
  return { kind: 'page', title, body };
};

export const handoffsExport: Exporter = async (ctx) => {
  const list = await readHandoffs(ctx);
  if (list.kind === 'forbidden') return forbidden(ctx);
  return { kind: 'export', source: handoffExport(ctx, list.facts) };
};

function filterParams(q: HandoffQuery): Record<string, string> {
  return present({
    team: q.team,
    state: q.state,
    fromWeek: q.fromWeek,
    toWeek: q.toWeek,
    source: q.source,
    language: q.language,
    playbook: q.playbook,
  });
}
