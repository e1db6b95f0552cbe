import type { Directory } from '../../../src/config/directory.js';
import { t } from '../../../src/i18n/translate.js';
import {
  type FilterOptions,
  type Filters,
  PERIOD_WEEKS,
  type Period,
} from '../../../src/views/dashboard/period.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page.js';
import { languageLabel, sourceLabel, weekLabel } from './format.js';

interface Choice {
  value: string;
  label: string;
}

/** A labelled select; "All" (empty value) first unless `required`. */
export function select(
  id: string,
  name: string,
  label: string,
  choices: readonly Choice[],
  selected: string | undefined,
  locale: string,
  required = false,
): Html {
  return html`<p class="field"><label for="${id}">${label}</label>
<select id="${id}" name="${name}">${
    required
      ? ''
      : html`<option value=""${selected === undefined ? html` selected` : ''}>${t(locale, 'figures.filter.all')}</option>`
  }${choices.map(
    (c) => html`<option value="${c.value}"${c.value === selected ? html` selected` : ''}>${c.label}</option>`,
  )}</select></p>`;
}

/**
 * The filters as a plain GET form: choosing and applying reloads the page with
 * them in the query string, so every view is a link and no script is needed.
 */
export function filterForm(
  ctx: PageContext,
  path: string,
  dir: Directory,
  filters: Filters,
  options: FilterOptions,
): Html {
  const { locale } = ctx.reader;
  const weeks = PERIOD_WEEKS.map((w) => ({
    value: String(w),
    label: t(locale, 'figures.filter.weeksOption', { weeks: w }),
  }));
  return html`<form class="filters" method="get" action="${ctx.href(path)}">
<fieldset><legend>${t(locale, 'figures.filter.legend')}</legend>
${select('f-weeks', 'weeks', t(locale, 'figures.filter.weeks'), weeks, String(filters.weeks), locale, true)}
${select('f-team', 'team', t(locale, 'figures.filter.team'), options.teams, filters.team, locale)}
${select(
  'f-source',
  'source',
  t(locale, 'figures.filter.source'),
  options.sources.map((s) => ({ value: s.value, label: sourceLabel(s.value, dir, locale) })),
  filters.source,
  locale,
)}
${select(
  'f-language',
  'language',
  t(locale, 'figures.filter.language'),
  options.languages.map((l) => ({ value: l, label: languageLabel(l, locale) })),
  filters.language,
  locale,
)}
${select('f-playbook', 'playbook', t(locale, 'figures.filter.playbook'), options.playbooks, filters.playbook, locale)}
<p class="field"><button type="submit">${t(locale, 'figures.filter.apply')}</button></p>
</fieldset></form>`;
}

/** "4 weeks, Nov 9, 2026 to Dec 6, 2026, against the 4 weeks before". */
export function periodLine(period: Period, locale: string, compared: boolean): string {
  const vars = {
    weeks: period.weeks,
    start: weekLabel(period.weekKeys[0] ?? period.lastDay, locale),
    end: weekLabel(period.lastDay, locale),
  };
  return `${t(locale, compared ? 'figures.period' : 'figures.period.teams', vars)}. ${t(locale, 'figures.period.note')}`;
}
