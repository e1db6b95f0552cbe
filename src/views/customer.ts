import { handoffActions } from '../cards/actions.js';
import { customerLanguage, languageBlock } from '../cards/context-fields.js';
import type { CardFact, View, ViewBlock, ViewListItem } from '../cards/model.js';
import { customerTranslate } from '../cards/translate-action.js';
import { isLive } from '../domain/lifecycle.js';
import { formatDateTime, formatDays, t } from '../i18n/translate.js';
import type { CustomerView } from '../services/queries.js';
import { hasFreeText } from '../translation/free-text.js';
import { customerPageLink } from './links.js';
import type { ViewReader } from './reader.js';
import { timelineItem } from './timeline.js';

/** `/cx <customer>`: stage, owner, open handoffs (with their buttons) and the timeline, newest last. */
export function customerViewOf(v: CustomerView, r: ViewReader): View {
  const { dir, locale } = r;
  const c = v.customer;
  const facts: CardFact[] = [
    { label: t(locale, 'view.stage'), value: dir.team(c.stage)?.name ?? c.stage },
    { label: t(locale, 'view.team'), value: dir.teamName(c.team) },
    { label: t(locale, 'view.owner'), value: c.owner ? dir.personName(c.owner) : t(locale, 'view.noOwner') },
    {
      label: t(locale, 'view.daysSinceContact'),
      value:
        v.daysSinceContact === undefined
          ? t(locale, 'card.neverContacted')
          : formatDays(v.daysSinceContact, locale),
    },
  ];
  const blocks: ViewBlock[] = [{ kind: 'facts', facts }];
  if (r.publicUrl) blocks.push({ kind: 'links', links: [customerPageLink(r.publicUrl, c.id, locale)] });
  const lang = languageBlock(customerLanguage(c, {}), locale);
  if (lang) blocks.push({ kind: 'text', text: `${lang.label}: ${lang.notice}` });
  if (c.contactDueAt) {
    blocks.push({
      kind: 'text',
      text: t(locale, 'view.contactDue', { when: formatDateTime(c.contactDueAt, locale, r.timeZone) }),
    });
  }
  // The customer's own word on whether someone has been in touch (the pulse mail).
  for (const h of v.handoffs)
    if (h.pulse)
      blocks.push({
        kind: 'text',
        text: t(locale, 'view.pulseAnswer', {
          when: formatDateTime(h.pulse.answeredAt, locale, r.timeZone),
          answer: t(locale, `pulse.short.${h.pulse.answer}`),
        }),
      });
  const live = v.handoffs.filter((h) => isLive(h.state));
  blocks.push({ kind: 'heading', text: t(locale, 'view.openHandoffs') });
  if (live.length === 0) blocks.push({ kind: 'text', text: t(locale, 'view.noOpenHandoffs') });
  else {
    blocks.push({
      kind: 'list',
      items: live.map((h) => ({
        text: t(locale, 'view.handoffLine', {
          from: dir.teamName(h.from),
          to: dir.teamName(h.to),
          state: t(locale, `stateName.${h.state}`),
        }),
        ...((h.owner ?? h.assignee) ? { detail: dir.personName(h.owner ?? h.assignee ?? '') } : {}),
        actions: handoffActions(h, locale),
      })),
    });
  }
  blocks.push({ kind: 'heading', text: t(locale, 'view.timeline') });
  const items = lastItems(v.timeline, TIMELINE_SHOWN, (e) => timelineItem(e, r));
  if (items.length === 0) blocks.push({ kind: 'text', text: t(locale, 'view.emptyTimeline') });
  else blocks.push({ kind: 'list', items });
  return {
    locale,
    fallback: `${c.name}: ${facts.map((f) => `${f.label} ${f.value}`).join(' · ')}`,
    title: c.name,
    subtitle: `${dir.teamName(c.team)}${c.owner ? ` · ${dir.personName(c.owner)}` : ''}`,
    blocks,
    ...customerTranslate(r.translation, c.id, wroteAnything(v), locale),
  };
}

/** What the Translate button would show: free text on open handoffs, or notes logged with contacts. */
function wroteAnything(v: CustomerView): boolean {
  return (
    v.handoffs.some((h) => isLive(h.state) && hasFreeText(h)) ||
    v.timeline.some((e) => e.kind === 'touchpoint' && Boolean(e.entry.note?.trim()))
  );
}

/** How many of the latest timeline entries a customer view shows. */
const TIMELINE_SHOWN = 30;

/**
 * The last `n` entries that make an item, in order: only those are formatted (the view is
 * read with 50 entries, and formatting the 20 not shown was a third of its dates' cost).
 */
function lastItems<E>(
  entries: readonly E[],
  n: number,
  item: (e: E) => ViewListItem | undefined,
): ViewListItem[] {
  const out: ViewListItem[] = [];
  for (let i = entries.length - 1; i >= 0 && out.length < n; i--) {
    const made = item(entries[i] as E);
    if (made) out.push(made);
  }
  return out.reverse();
}
