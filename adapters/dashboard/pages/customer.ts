import type { Customer, Handoff, HistoryEntry, Touchpoint } from '../../../src/domain/types.js';
import { formatDateTime, formatNumber, t } from '../../../src/i18n/translate.js';
import { mayReadCustomer } from '../../../src/services/read-access.js';
import { timelineItem } from '../../../src/views/timeline.js';
import { languageLabel, personName, viewReader, when } from '../format.js';
import { type Html, html } from '../html.js';
import type { Page, PageContext } from '../page.js';
import { table } from '../widgets.js';
import { translationSection } from './customer-translation.js';
import { escalationsCell } from './escalations.js';

/** How much of a customer's history the single view reads: years of a busy customer, bounded. */
const HISTORY_LIMIT = 1_000;

/**
 * `/dashboard/customers/<id>`: the single view of one customer, the journey
 * across teams (every handoff, from and to, state, owners, times), its
 * notes, the touchpoints and the timeline. Who may read it is the rule every
 * platform uses (`mayReadCustomer`). An erased customer shows as erased: the
 * journey without names or notes.
 */
export function customerPage(id: string): Page {
  return async (ctx) => {
    const { store } = ctx.services.deps;
    const { locale } = ctx.reader;
    const c = await store.getCustomer(id);
    if (!c) return { kind: 'status', status: 404, message: t(locale, 'dash.notFound.body') };
    if (!(await mayReadCustomer(ctx.services.deps, ctx.reader.person, c)))
      return { kind: 'status', status: 403, message: t(locale, 'dash.forbidden.team') };
    const [live, history] = await Promise.all([
      store.listHandoffs({ customerId: c.id }),
      store.history(c.id, { limit: HISTORY_LIMIT }),
    ]);
    const handoffs = journey(live, history);
    const touchpoints = history
      .flatMap((e): Touchpoint[] => (e.kind === 'touchpoint' ? [e.entry] : []))
      .reverse();
    const erased = c.erasedAt !== undefined;
    const title = erased ? t(locale, 'dash.customer.erasedName') : c.name;
    const translation = await translationSection(ctx, c);
    const body = html`<h1>${title}</h1>
${translation}
${erased ? html`<p class="notice">${t(locale, 'dash.customer.erased', { when: formatDateTime(c.erasedAt ?? '', locale, ctx.reader.timeZone) })}</p>` : ''}
<h2>${t(locale, 'dash.customer.details')}</h2>
${details(ctx, c, erased)}
<h2>${t(locale, 'dash.customer.journey')}</h2>
${journeyTable(ctx, handoffs)}
${erased ? '' : html`<h2>${t(locale, 'dash.customer.notes')}</h2>${notesTable(ctx, handoffs)}`}
<h2>${t(locale, 'dash.customer.touchpoints')}</h2>
${touchpointTable(ctx, touchpoints, erased)}
<h2>${t(locale, 'dash.customer.timeline')}</h2>
${timeline(ctx, history)}
<p><a href="${ctx.href('/audit', { customer: c.id })}">${t(locale, 'dash.customer.auditLink')}</a></p>`;
    return { kind: 'page', title, body };
  };
}

/** Live handoffs as they are now, closed ones from history; each once, oldest first. */
function journey(live: readonly Handoff[], history: readonly HistoryEntry[]): Handoff[] {
  const byId = new Map<string, Handoff>();
  for (const e of history) if (e.kind === 'handoff') byId.set(e.entry.id, e.entry);
  for (const h of live) byId.set(h.id, h);
  return [...byId.values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

function details(ctx: PageContext, c: Customer, erased: boolean): Html {
  const { dir } = ctx.services.deps;
  const { locale } = ctx.reader;
  const none = t(locale, 'dash.customer.none');
  const links = erased ? [] : dir.recordLinks(c.externalIds);
  const fact = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<dl class="facts">
${fact(t(locale, 'view.team'), dir.teamName(c.team))}
${fact(t(locale, 'view.stage'), dir.team(c.stage)?.name ?? c.stage)}
${fact(t(locale, 'view.owner'), c.owner ? dir.personName(c.owner) : t(locale, 'view.noOwner'))}
${fact(t(locale, 'dash.customer.language'), languageLabel(c.language, locale))}
${fact(t(locale, 'dash.customer.purchased'), c.purchasedAt ? when(c.purchasedAt, ctx.reader) : none)}
${fact(t(locale, 'dash.customer.lastContact'), c.lastContactAt ? when(c.lastContactAt, ctx.reader) : t(locale, 'dash.customer.never'))}
${fact(t(locale, 'dash.customer.contactDue'), c.contactDueAt ? when(c.contactDueAt, ctx.reader) : none)}
${attributeFacts(c, locale).map(([label, value]) => fact(label, value))}
${
  links.length > 0
    ? fact(
        t(locale, 'dash.customer.records'),
        html`${links.map((l, i) => html`${i > 0 ? ', ' : ''}<a href="${l.url}" rel="noreferrer">${l.system}</a>`)}`,
      )
    : ''
}
</dl>`;
}

/**
 * What playbook segments match on, as last reported (tier, region, deal value, custom CRM
 * fields): why this customer got the playbook it did. Only what is known is shown.
 */
function attributeFacts(c: Customer, locale: string): Array<[string, string]> {
  const a = c.attributes;
  if (!a) return [];
  const out: Array<[string, string]> = [];
  if (a.tier) out.push([t(locale, 'dash.customer.tier'), a.tier]);
  if (a.region) out.push([t(locale, 'dash.customer.region'), a.region]);
  if (a.dealValue !== undefined)
    out.push([t(locale, 'dash.customer.dealValue'), formatNumber(a.dealValue, locale)]);
  const fields = Object.entries(a.fields ?? {});
  if (fields.length > 0)
    out.push([t(locale, 'dash.customer.fields'), fields.map(([k, v]) => `${k}: ${v}`).join('; ')]);
  return out;
}

function journeyTable(ctx: PageContext, handoffs: readonly Handoff[]): Html {
  const { dir } = ctx.services.deps;
  const { locale } = ctx.reader;
  if (handoffs.length === 0) return html`<p>${t(locale, 'dash.customer.noHandoffs')}</p>`;
  const r = ctx.reader;
  return table(
    t(locale, 'dash.customer.journeyCaption'),
    [
      t(locale, 'dash.col.from'),
      t(locale, 'dash.col.to'),
      t(locale, 'dash.col.state'),
      t(locale, 'dash.col.playbook'),
      t(locale, 'dash.col.sender'),
      t(locale, 'dash.col.assignee'),
      t(locale, 'dash.col.owner'),
      t(locale, 'dash.col.started'),
      t(locale, 'dash.col.accepted'),
      t(locale, 'dash.col.contacted'),
      t(locale, 'dash.col.closed'),
      t(locale, 'dash.col.pulse'),
      t(locale, 'ladder.dash.col'),
    ],
    handoffs.map(
      (h) => html`<tr>
<td>${dir.teamName(h.from)}</td><td>${dir.teamName(h.to)}</td>
<td>${t(locale, `stateName.${h.state}`)}</td>
<td>${dir.playbook(h.playbook)?.name ?? h.playbook}</td>
<td>${personName(dir, h.sender)}</td>
<td>${personName(dir, h.assignee)}</td>
<td>${personName(dir, h.owner)}</td>
<td>${when(h.createdAt, r)}</td><td>${when(h.acceptedAt, r)}</td>
<td>${when(h.contactedAt, r)}</td><td>${when(h.closedAt, r)}</td>
<td>${h.pulse ? t(locale, `pulse.short.${h.pulse.answer}`) : t(locale, 'dash.customer.none')}</td>
<td>${escalationsCell(ctx, h)}</td>
</tr>`,
    ),
  );
}

function notesTable(ctx: PageContext, handoffs: readonly Handoff[]): Html {
  const { dir } = ctx.services.deps;
  const { locale } = ctx.reader;
  const rows: Array<{ at: string; by: string; h: Handoff; text: string }> = [];
  for (const h of handoffs) {
    if (h.note) rows.push({ at: h.createdAt, by: h.sender, h, text: h.note });
    for (const n of h.notes) rows.push({ at: n.at, by: n.by, h, text: n.text });
    if (h.declineReason)
      rows.push({
        at: h.updatedAt,
        by: h.assignee ?? '',
        h,
        text: t(locale, 'dash.customer.declineReason', { reason: h.declineReason }),
      });
  }
  if (rows.length === 0) return html`<p>${t(locale, 'dash.customer.noNotes')}</p>`;
  rows.sort((a, b) => a.at.localeCompare(b.at));
  return table(
    t(locale, 'dash.customer.notesCaption'),
    [
      t(locale, 'dash.col.when'),
      t(locale, 'dash.col.by'),
      t(locale, 'dash.col.handoff'),
      t(locale, 'dash.col.note'),
    ],
    rows.map(
      (n) => html`<tr><td>${when(n.at, ctx.reader)}</td><td>${personName(dir, n.by || undefined)}</td>
<td>${dir.teamName(n.h.from)} → ${dir.teamName(n.h.to)}</td><td>${n.text}</td></tr>`,
    ),
  );
}

function touchpointTable(ctx: PageContext, touchpoints: readonly Touchpoint[], erased: boolean): Html {
  const { dir } = ctx.services.deps;
  const { locale } = ctx.reader;
  if (touchpoints.length === 0) return html`<p>${t(locale, 'dash.customer.noTouchpoints')}</p>`;
  return table(
    t(locale, 'dash.customer.touchpointsCaption'),
    [
      t(locale, 'dash.col.when'),
      t(locale, 'dash.col.channel'),
      t(locale, 'dash.col.by'),
      t(locale, 'dash.col.note'),
    ],
    touchpoints.map(
      (p) => html`<tr><td>${when(p.at, ctx.reader)}</td>
<td>${t(locale, `channel.${p.channel}`)}</td>
<td>${p.by ? dir.personName(p.by) : p.source ? dir.systemName(p.source) : 'Baton'}</td>
<td>${erased ? '' : (p.note ?? '')}</td></tr>`,
    ),
  );
}

function timeline(ctx: PageContext, history: readonly HistoryEntry[]): Html {
  const vr = viewReader(ctx);
  const items = history.map((e) => timelineItem(e, vr)).filter((i) => i !== undefined);
  if (items.length === 0) return html`<p>${t(ctx.reader.locale, 'view.emptyTimeline')}</p>`;
  return html`<ol class="timeline">${items.map(
    (i) => html`<li>${i.text}${i.detail ? html`<br><span class="muted">${i.detail}</span>` : ''}</li>`,
  )}</ol>`;
}
