import type { View } from '../cards/model.js';
import { formatDuration, formatRelative, t } from '../i18n/translate.js';
import type { Gap } from '../services/queries.js';
import { customerPageUrl } from './links.js';
import type { ViewReader } from './reader.js';

/** `/cx gaps`: post-purchase customers past their contact SLA, worst first, with owners. */
export function gapsView(gaps: Gap[], r: ViewReader): View {
  const { dir, locale, now } = r;
  if (gaps.length === 0) {
    const text = t(locale, 'gaps.none');
    return { locale, title: text, fallback: text, blocks: [] };
  }
  const title =
    gaps.length === 1 ? t(locale, 'gaps.titleOne') : t(locale, 'gaps.title', { count: gaps.length });
  const items = gaps.map((g) => {
    const c = g.customer;
    const parts = [
      t(locale, 'gaps.overdueBy', { duration: formatDuration(g.overdueMs, locale) }),
      c.owner ? t(locale, 'gaps.owner', { person: dir.personName(c.owner) }) : t(locale, 'gaps.noOwner'),
      c.lastContactAt
        ? t(locale, 'gaps.lastContact', { ago: formatRelative(c.lastContactAt, now, locale) })
        : t(locale, 'card.neverContacted'),
    ];
    return {
      text: `${c.name} (${dir.teamName(c.team)})`,
      ...customerPageUrl(r.publicUrl, c.id),
      detail: parts.join(' · '),
    };
  });
  return {
    locale,
    title,
    fallback: `${title}: ${gaps.map((g) => g.customer.name).join(', ')}`,
    blocks: [{ kind: 'list', items }],
  };
}
