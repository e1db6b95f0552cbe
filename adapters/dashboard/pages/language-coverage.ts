import { formatList, languageName, t } from '../../../src/i18n/translate.js';
import type { CoverageLine, LanguageCoverage, TeamCoverage } from '../../../src/views/language-coverage.js';
import { type Html, html } from '../html.js';

/** "Korean (ko)": the name for the reader, the code as the config writes it. */
const languageLabel = (code: string, locale: string) => `${languageName(code, locale)} (${code})`;

function servedBy(line: CoverageLine, locale: string): Html {
  if (line.speakers.length > 0)
    return html`${formatList(
      line.speakers.map((s) => s.name),
      locale,
    )}`;
  if (line.fallback) return html`${t(locale, 'coverage.via', { fallback: line.fallback.name })}`;
  // Said in words, not only by colour: the row must read as a warning to everyone.
  return html`<strong>${t(locale, 'coverage.nobody')}</strong> ${t(locale, 'coverage.nobodyHint', { code: line.language })}`;
}

function row(line: CoverageLine, locale: string): Html {
  const name = languageLabel(line.language, locale);
  const byDefault =
    line.byDefault > 0
      ? html`<br><small>${t(locale, 'coverage.byDefault', { count: line.byDefault })}</small>`
      : '';
  return html`<tr${line.uncovered ? html` data-uncovered="true"` : ''}><th scope="row">${name}</th><td class="num">${line.customers}${byDefault}</td><td>${servedBy(line, locale)}</td></tr>`;
}

function teamTable(team: TeamCoverage, locale: string): Html {
  const id = `coverage-${team.team}`;
  const spoken =
    team.spokenOnly.length > 0
      ? html`<p>${t(locale, 'coverage.spokenOnly', {
          languages: formatList(
            team.spokenOnly.map((l) => languageLabel(l, locale)),
            locale,
          ),
        })}</p>`
      : '';
  // One heading per team, whether it has customers or not; the table is named by it.
  const head = html`<h3 id="${id}">${team.teamName}</h3>`;
  if (team.lines.length === 0) return html`${head}<p>${t(locale, 'coverage.noCustomers')}</p>${spoken}`;
  return html`${head}<table class="coverage" aria-labelledby="${id}">
<thead><tr><th scope="col">${t(locale, 'coverage.col.language')}</th><th scope="col">${t(locale, 'coverage.col.customers')}</th><th scope="col">${t(locale, 'coverage.col.servedBy')}</th></tr></thead>
<tbody>${team.lines.map((l) => row(l, locale))}</tbody>
</table>${spoken}`;
}

/** The teams page's "Language coverage": per team, its customers' languages and who serves each. */
export function coverageSection(m: LanguageCoverage, locale: string): Html {
  const head = html`<h2 id="coverage-heading">${t(locale, 'coverage.title')}</h2>`;
  if (!m.configured)
    return html`<section aria-labelledby="coverage-heading">${head}<p>${t(locale, 'coverage.notConfigured')}</p></section>`;
  const summary =
    m.uncovered === 0
      ? ''
      : html`<p class="notice">${m.uncovered === 1 ? t(locale, 'coverage.uncoveredOne') : t(locale, 'coverage.uncovered', { count: m.uncovered })}</p>`;
  return html`<section aria-labelledby="coverage-heading">${head}
<p>${t(locale, 'coverage.intro')}</p>
${summary}
${m.teams.map((team) => teamTable(team, locale))}
</section>`;
}
