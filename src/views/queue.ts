import { customerActions, handoffActions } from '../cards/actions.js';
import { awayDate } from '../cards/away-replies.js';
import type { CardAction, View, ViewBlock, ViewListItem } from '../cards/model.js';
import type { FollowUpWindow } from '../domain/types.js';
import { formatDateTime, formatDuration, formatRelative, type MessageKey, t } from '../i18n/translate.js';
import type { MyQueue, QueuedFollowUp, QueueItem } from '../services/my-queue.js';
import { customerPageHref, customerPageUrl } from './links.js';
import type { ViewReader } from './reader.js';

/** What a deadline is for, in words: on time ("Accept by …") and late ("Accept overdue since …"). */
const DEADLINE_WORDS: Record<FollowUpWindow, { by: MessageKey; overdue: MessageKey }> = {
  accept: { by: 'queue.acceptBy', overdue: 'queue.acceptOverdue' },
  firstContact: { by: 'queue.contactBy', overdue: 'queue.contactOverdue' },
  cadence: { by: 'queue.checkInBy', overdue: 'queue.checkInOverdue' },
  pulse: { by: 'queue.contactBy', overdue: 'queue.contactOverdue' },
};

/**
 * "Accept by Nov 24, 10:30 AM GMT (in 2 hours)", or once it has passed
 * "Accept overdue since Nov 24, 10:30 AM GMT (for 3 hours)". A deadline that
 * is due this very minute is overdue: "by … (now)" reads as if there were time.
 */
function deadlineText(window: FollowUpWindow, iso: string, r: ViewReader): string {
  const when = formatDateTime(iso, r.locale, r.timeZone);
  const late = r.now.getTime() - Date.parse(iso);
  const words = DEADLINE_WORDS[window];
  return late >= 0
    ? t(r.locale, words.overdue, { when, duration: formatDuration(late, r.locale) })
    : t(r.locale, words.by, { when, relative: formatRelative(iso, r.now, r.locale) });
}

/** A handoff's line and its state with the deadline in words. */
function handoffWords(q: QueueItem, r: ViewReader): { text: string; detail: string } {
  const { dir, locale } = r;
  const h = q.handoff;
  const customer = q.customer?.name ?? h.customerId;
  const text =
    h.from === h.to
      ? t(locale, 'card.titleSameTeam', { customer, team: dir.teamName(h.to) })
      : t(locale, 'card.title', { customer, from: dir.teamName(h.from), to: dir.teamName(h.to) });
  const parts = [t(locale, `stateName.${h.state}`)];
  if (h.state === 'open' && h.acceptDueAt) parts.push(deadlineText('accept', h.acceptDueAt, r));
  if (h.state === 'accepted' && h.contactDueAt) parts.push(deadlineText('firstContact', h.contactDueAt, r));
  return { text, detail: parts.join(' · ') };
}

/**
 * A handoff in the queue, its words worked out when a renderer first reads
 * them: a platform with a card size limit shows the 3 of a page of 20 that fit and sizes
 * the rest by their buttons, and the words of all 20 were a fifth of the work of
 * answering `mine` from the queue page to the card. Read or not, an item reads
 * the same, and `toJSON` gives it as plain data. A class, as object literals
 * with getters cost more than the words (each takes its own hidden class).
 */
class HandoffItem implements ViewListItem {
  declare readonly url?: string;
  readonly actions: CardAction[];
  #words: { text: string; detail: string } | undefined;

  constructor(
    private readonly q: QueueItem,
    private readonly r: ViewReader,
  ) {
    if (r.publicUrl) this.url = customerPageHref(r.publicUrl, q.handoff.customerId);
    this.actions = handoffActions(q.handoff, r.locale);
  }

  get text(): string {
    this.#words ??= handoffWords(this.q, this.r);
    return this.#words.text;
  }

  get detail(): string {
    this.#words ??= handoffWords(this.q, this.r);
    return this.#words.detail;
  }

  toJSON(): ViewListItem {
    return {
      text: this.text,
      ...(this.url === undefined ? {} : { url: this.url }),
      detail: this.detail,
      actions: this.actions,
    };
  }
}

/**
 * `/cx mine` and the App Home: open handoffs with their buttons, then due follow-ups; then,
 * for each colleague away whom this person stands in for, the most urgent of theirs.
 */
export function queueView(q: MyQueue, r: ViewReader): View {
  const { locale } = r;
  const blocks: ViewBlock[] = [];
  if (q.items.length === 0 && q.followUps.length === 0)
    blocks.push({ kind: 'text', text: t(locale, 'queue.empty') });
  listsOf(blocks, q, r, t(locale, 'queue.handoffs'), t(locale, 'queue.followUps'));
  for (const c of q.covering ?? []) {
    const person = r.dir.personName(c.person);
    blocks.push({
      kind: 'heading',
      text: t(locale, 'queue.covering', { person, until: awayDate(c.until, locale) }),
    });
    if (c.items.length === 0 && c.followUps.length === 0)
      blocks.push({ kind: 'text', text: t(locale, 'queue.coveringEmpty', { person }) });
    listsOf(blocks, c, r, undefined, t(locale, 'queue.coveringFollowUps', { person }));
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

interface QueueLists {
  items: QueueItem[];
  moreItems: number;
  followUps: QueuedFollowUp[];
  moreFollowUps: number;
}

/** Handoffs with their buttons under `handoffsHeading` (if any), then follow-ups, each with its count of more. */
function listsOf(
  blocks: ViewBlock[],
  q: QueueLists,
  r: ViewReader,
  handoffsHeading: string | undefined,
  followUpsHeading: string,
): void {
  const { locale } = r;
  const more = (count: number) => {
    if (count > 0) blocks.push({ kind: 'text', text: t(locale, 'queue.more', { count }) });
  };
  if (q.items.length > 0) {
    if (handoffsHeading) blocks.push({ kind: 'heading', text: handoffsHeading });
    blocks.push({ kind: 'list', items: q.items.map((i) => new HandoffItem(i, r)) });
    more(q.moreItems);
  }
  if (q.followUps.length > 0) {
    blocks.push({ kind: 'heading', text: followUpsHeading });
    blocks.push({
      kind: 'list',
      items: q.followUps.map(({ followUp: f, customer }) => ({
        text: customer?.name ?? f.customerId,
        ...customerPageUrl(r.publicUrl, f.customerId),
        detail: deadlineText(f.window, f.deadline, r),
        ...(!f.handoffId && customer ? { actions: customerActions(customer.id, locale) } : {}),
      })),
    });
    more(q.moreFollowUps);
  }
}
