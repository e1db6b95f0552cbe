import { escalationsOf } from '../../../src/domain/escalations.js';
import type { Handoff } from '../../../src/domain/types.js';
import { formatDateTime, t } from '../../../src/i18n/translate.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page.js';

/**
 * A handoff's escalation steps for the customer page: each person or team
 * channel told, with when, oldest first, one to a line; a dash when none.
 */
export function escalationsCell(ctx: PageContext, h: Handoff): Html {
  const { dir } = ctx.services.deps;
  const { locale, timeZone } = ctx.reader;
  const marks = escalationsOf(h);
  if (marks.length === 0) return html`<span class="muted">–</span>`;
  return html`${marks.map((e, i) => {
    const when = formatDateTime(e.at, locale, timeZone);
    const text =
      e.to.kind === 'team'
        ? t(locale, 'ladder.dash.team', { team: dir.teamName(e.to.team), when })
        : t(locale, 'ladder.dash.person', { who: dir.personName(e.to.person), when });
    return html`${i > 0 ? html`<br>` : ''}${text}`;
  })}`;
}
