import { customerActions, handoffActions } from '../cards/actions.js';
import type { View, ViewBlock, ViewListItem } from '../cards/model.js';
import { formatDateTime, formatDuration, formatRelative, t } from '../i18n/translate.js';
import type { MyQueue, QueueItem } from '../services/queries.js';
import type { ViewReader } from './reader.js';

function handoffItem(q: QueueItem, r: ViewReader): ViewListItem {
  const { dir, locale } = r;
  const h = q.handoff;
  const customer = q.customer?.name ?? h.customerId;
  const text =
    h.from === h.to
      ? t(locale, 'card.titleSameTeam', { customer, team: dir.teamName(h.to) })
      : t(locale, 'card.title', { customer, from: dir.teamName(h.from), to: dir.teamName(h.to) });
  const due = h.state === 'open' ? h.acceptDueAt : h.state === 'accepted' ? h.contactDueAt : undefined;
  const label = h.state === 'open' ? t(locale, 'card.acceptBy') : t(locale, 'card.firstContactBy');
  const parts = [t(locale, `stateName.${h.state}`)];
  if (due) parts.push(`${label} ${dueText(due, r)}`);
  return { text, detail: parts.join(' · '), actions: handoffActions(h, locale) };
}

function dueText(iso: string, r: ViewReader): string {
  const when = formatDateTime(iso, r.locale, r.timeZone);
  const late = r.now.getTime() - Date.parse(iso);
  return late > 0
    ? t(r.locale, 'notice.overdue', { when, duration: formatDuration(late, r.locale) })
    : t(r.locale, 'notice.due', { when, relative: formatRelative(iso, r.now, r.locale) });
}

/** `/cx mine` and the App Home: open handoffs with their buttons, then due follow-ups. */
export function queueView(q: MyQueue, r: ViewReader): View {
  const { locale } = r;
  const blocks: ViewBlock[] = [];
  if (q.items.length === 0 && q.followUps.length === 0)
    blocks.push({ kind: 'text', text: t(locale, 'queue.empty') });
  if (q.items.length > 0) {
    blocks.push({ kind: 'heading', text: t(locale, 'queue.handoffs') });
    blocks.push({ kind: 'list', items: q.items.map((i) => handoffItem(i, r)) });
  }
  if (q.followUps.length > 0) {
    const shown = new Set(q.items.map((i) => i.handoff.id));
    blocks.push({ kind: 'heading', text: t(locale, 'queue.followUps') });
    blocks.push({
      kind: 'list',
      items: q.followUps.map(({ followUp: f, customer }) => ({
        text: customer?.name ?? f.customerId,
        detail: dueText(f.deadline, r),
        // A follow-up of a handoff listed above has its buttons there already.
        ...(f.handoffId && shown.has(f.handoffId)
          ? {}
          : !f.handoffId && customer
            ? { actions: customerActions(customer.id, locale) }
            : {}),
      })),
    });
  }
  const title = t(locale, 'queue.title');
  const names = q.items.map((i) => i.customer?.name ?? i.handoff.customerId);
  return {
    locale,
    title,
    fallback: names.length > 0 ? `${title}: ${names.join(', ')}` : t(locale, 'queue.empty'),
    blocks,
  };
}
