import type { Directory } from '../config/directory.js';
import type { Customer, Handoff, ReminderItem } from '../domain/types.js';
import { t } from '../i18n/translate.js';
import { customerActions, handoffActions } from './actions.js';
import { awayDate } from './away-replies.js';
import { customerLanguage, languageBlock } from './context-fields.js';
import type { Notice, NoticeItem } from './model.js';
import { type Stamper, stamper } from './stamps.js';
import { handoffTranslate } from './translate-action.js';

export interface NoticeEntry {
  followUp: ReminderItem;
  /** Absent for a cadence follow-up on a customer with no open handoff. */
  handoff?: Handoff;
  customer: Customer;
}

export interface NoticeInput {
  kind: 'nudge' | 'escalation' | 'digest';
  items: NoticeEntry[];
  dir: Directory;
  reader: { person: string; locale: string; timeZone: string };
  now: Date;
  /** A translation provider is set up: items with free text offer the Translate button. */
  translation?: boolean;
}

/**
 * A reminder or escalation for one person. One due item is a single reminder
 * (nudge or escalation, as its follow-up says); several become one digest,
 * most overdue first, so an owner with many due items gets one message
 * rather than a burst. Every item carries the buttons that act on it.
 * Moments are dates and times, never "in 3 hours": a direct message stays
 * in the conversation long after it is sent.
 */
export function buildNotice(input: NoticeInput): Notice {
  const stamps = stamper(input.reader);
  const notice = noticeOf(input, stamps);
  const items = notice.items.flatMap((i) => [i.detail, i.due ?? '']);
  // A single reminder's text is its one item's detail, written (and shown) once.
  const single = notice.items.length === 1 && notice.items[0]?.detail === notice.text;
  const found = stamps.stamps(single ? items : [notice.text ?? '', ...items]);
  return found ? { ...notice, stamps: found } : notice;
}

function noticeOf(input: NoticeInput, stamps: Stamper): Notice {
  const { reader } = input;
  const loc = reader.locale;
  const sorted = mostUrgentPerSubject(input.items).sort(mostOverdueFirst);
  const items = sorted.map((entry) => buildItem(entry, input, stamps));
  const [first] = sorted;
  const [firstItem] = items;
  if (!first || !firstItem) {
    const text = t(loc, 'notice.nothingDue');
    return { kind: 'info', locale: loc, fallback: text, title: text, items: [] };
  }
  if (items.length === 1) {
    const kind = first.followUp.kind;
    const title = t(loc, kind === 'escalation' ? 'notice.escalationTitle' : 'notice.nudgeTitle', {
      customer: first.customer.name,
    });
    return {
      kind,
      locale: loc,
      fallback: oneLine(`${title}: ${firstItem.detail}`),
      title,
      text: firstItem.detail,
      items,
    };
  }
  const title = t(loc, 'digest.title', { count: items.length });
  const names = [...new Set(sorted.map((e) => e.customer.name))].join(', ');
  return {
    kind: 'digest',
    locale: loc,
    fallback: oneLine(`${title}: ${names}`),
    title,
    text: t(loc, 'digest.text'),
    items,
  };
}

/**
 * Several steps of one handoff can fall due in the same tick (the 50% and
 * the 100% nudge, after Baton was down): the person sees the handoff once,
 * as its most urgent step says it. Check-ins are per customer.
 */
function mostUrgentPerSubject(entries: readonly NoticeEntry[]): NoticeEntry[] {
  const kept = new Map<string, NoticeEntry>();
  for (const e of entries) {
    const f = e.followUp;
    const key = f.handoffId && f.window !== 'cadence' ? `h:${f.handoffId}` : `c:${f.customerId}:${f.window}`;
    const other = kept.get(key);
    if (!other || urgency(e) > urgency(other)) kept.set(key, e);
  }
  return [...kept.values()];
}

/** An escalation outranks a nudge; a later step (100%) an earlier one (50%). */
function urgency({ followUp: f }: NoticeEntry): number {
  const step = Number.parseFloat(f.step);
  return (f.kind === 'escalation' ? 1_000_000 : 0) + (Number.isFinite(step) ? step : 0);
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

function mostOverdueFirst(a: NoticeEntry, b: NoticeEntry): number {
  return (
    Date.parse(a.followUp.deadline) - Date.parse(b.followUp.deadline) ||
    Date.parse(a.followUp.dueAt) - Date.parse(b.followUp.dueAt) ||
    a.customer.name.localeCompare(b.customer.name)
  );
}

function buildItem(entry: NoticeEntry, input: NoticeInput, stamps: Stamper): NoticeItem {
  const { followUp: f, handoff: h, customer } = entry;
  const { dir, reader, now } = input;
  const loc = reader.locale;
  const title = h
    ? h.from === h.to
      ? t(loc, 'card.titleSameTeam', { customer: customer.name, team: dir.teamName(h.to) })
      : t(loc, 'card.title', { customer: customer.name, from: dir.teamName(h.from), to: dir.teamName(h.to) })
    : t(loc, 'card.titleSameTeam', { customer: customer.name, team: dir.teamName(customer.team) });
  const language = languageBlock(customerLanguage(customer, h?.context ?? {}), loc);
  // Said first: the reader stands in for someone away, and the rest is meant for that person.
  const standIn = f.awayFor
    ? t(loc, f.recipient.kind === 'team' ? 'notice.awayForTeam' : 'notice.awayFor', {
        person: dir.personName(f.awayFor.person),
        until: awayDate(f.awayFor.until, loc),
      })
    : '';
  const detail = [standIn, describe(entry, input, stamps), language?.strong ? language.notice : '']
    .filter(Boolean)
    .join('\n');
  const when = stamps.stamp(f.deadline);
  const overdue = Date.parse(f.deadline) < now.getTime();
  const due = t(loc, overdue ? 'notice.overdue' : 'notice.due', { when });
  // A cadence check-in is about the customer, whatever handoff it may name.
  const actions = f.window === 'cadence' || !h ? customerActions(customer.id, loc) : handoffActions(h, loc);
  return {
    ...(h ? { handoffId: h.id } : {}),
    customerId: customer.id,
    title,
    detail,
    due,
    overdue,
    actions,
    ...(h ? handoffTranslate(input.translation, h, loc) : {}),
  };
}

function describe(
  { followUp: f, handoff: h, customer }: NoticeEntry,
  { dir, reader }: NoticeInput,
  stamps: Stamper,
): string {
  const loc = reader.locale;
  const name = customer.name;
  const from = dir.teamName(h?.from ?? customer.team);
  const team = dir.teamName(h?.to ?? customer.team);
  const ownerKey = h?.owner ?? h?.assignee ?? customer.owner;
  const owner = ownerKey ? dir.personName(ownerKey) : team;
  switch (`${f.kind}.${f.window}` as const) {
    case 'nudge.accept':
      return f.recipient.kind === 'team'
        ? t(loc, 'nudge.acceptTeam', { customer: name, team, from })
        : t(loc, 'nudge.accept', { customer: name, from });
    case 'nudge.cadence':
      return customer.lastContactAt
        ? t(loc, 'nudge.cadence', { customer: name, when: stamps.stamp(customer.lastContactAt) })
        : t(loc, 'nudge.cadenceNever', { customer: name });
    case 'escalation.accept':
      return t(loc, 'escalation.accept', {
        customer: name,
        who: h?.assignee ? dir.personName(h.assignee) : team,
      });
    case 'escalation.firstContact':
      return h?.state === 'declined'
        ? t(loc, 'escalation.declined', { customer: name, team, from, sender: dir.personName(h.sender) })
        : t(loc, 'escalation.firstContact', { customer: name, owner });
    case 'escalation.cadence':
      return ownerKey
        ? t(loc, 'escalation.cadence', { customer: name, owner })
        : t(loc, 'escalation.cadenceNoOwner', { customer: name });
    // The pulse is mailed to the customer and never reminds anyone (the tick sends it apart); worded as the contact it checks.
    case 'nudge.pulse':
    case 'escalation.pulse':
      return t(loc, 'nudge.firstContact', { customer: name });
    case 'nudge.firstContact':
      // After a decline the sender is the one reminded: what they owe is a resend or a cancel.
      return h?.state === 'declined'
        ? t(loc, 'nudge.declined', { customer: name, team })
        : t(loc, 'nudge.firstContact', { customer: name });
  }
}
