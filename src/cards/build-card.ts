import type { Directory } from '../config/directory.js';
import type { Customer, Handoff, HandoffState } from '../domain/types.js';
import { fieldLabel, formatDate, formatDateTime, formatList, formatMoney, t } from '../i18n/translate.js';
import { customerPageLink } from '../views/links.js';
import { handoffActions } from './actions.js';
import { awayLine } from './away-line.js';
import { languageGapBanner } from './build-language-notice.js';
import {
  cardLinks,
  contextText,
  customerLanguage,
  fieldOrder,
  keyContact,
  languageBlock,
  missingRequired,
  PLACED_FIELDS,
} from './context-fields.js';
import { escalationLines } from './escalation-lines.js';
import type { Card, CardFact, CardSection } from './model.js';
import { type Stamper, stamper } from './stamps.js';
import { handoffTranslate } from './translate-action.js';

export interface Reader {
  locale: string;
  timeZone: string;
}

export interface HandoffCardInput {
  handoff: Handoff;
  customer: Customer;
  dir: Directory;
  reader: Reader;
  now: Date;
  /** Recent events on this handoff, already in the reader's words, newest last. */
  recent?: string[];
  /** Person key of whoever declined it (from the audit log): a declined card names them. */
  declinedBy?: string;
  /** Where Baton's dashboard is (`publicUrlOf`): the card links to the customer's page there. */
  publicUrl?: string;
  /** A translation provider is set up: a card with free text offers the Translate button. */
  translation?: boolean;
}

const WAITING_TO_ACCEPT: readonly HandoffState[] = ['proposed', 'open'];
const WAITING_FOR_CONTACT: readonly HandoffState[] = ['proposed', 'open', 'accepted'];

/** The card's input and the stamper that writes its moments. */
type Built = HandoffCardInput & { stamps: Stamper };

/**
 * The context card, translated and in the reader's time zone. Pure: the same
 * input gives the same card, so every platform (and every re-render after a
 * change) shows the same facts. Moments are written as dates and times, never
 * as "2 hours ago": the card stays in the channel long after it is rendered.
 */
export function buildHandoffCard(handoffCard: HandoffCardInput): Card {
  const input: Built = { ...handoffCard, stamps: stamper(handoffCard.reader) };
  const { handoff: h, customer, dir, reader } = input;
  const locale = reader.locale;
  const title =
    h.from === h.to
      ? t(locale, 'card.titleSameTeam', { customer: customer.name, team: dir.teamName(h.to) })
      : t(locale, 'card.title', {
          customer: customer.name,
          from: dir.teamName(h.from),
          to: dir.teamName(h.to),
        });
  const status = statusOf(input);
  const language = languageBlock(customerLanguage(customer, h.context), locale);
  const escalations = escalationLines(dir, locale, input.stamps, h);
  const languageGap = languageGapBanner(dir, h, customer, locale, input.now);
  const standIn = standInLine(dir, h, locale, input.now);
  const fallback = [
    t(locale, 'card.fallback', { title, status: status.text }),
    language?.strong ? language.notice : '',
    languageGap ?? '',
    standIn ?? '',
  ]
    .filter(Boolean)
    .join(' · ')
    .replace(/\s*\n\s*/g, ' ');
  const subtitle = subtitleOf(input);
  const facts = factsOf(input);
  const timeline = [...(input.recent ?? [])];
  // The escalations are shown with the status on some platforms: a look-alike there counts too.
  const shown = [subtitle, status.text, ...escalations, ...facts.map((f) => f.value), ...timeline];
  const stamps = input.stamps.stamps(shown);
  return {
    handoffId: h.id,
    version: h.version,
    state: h.state,
    locale,
    fallback,
    title,
    subtitle,
    status,
    ...(language ? { language } : {}),
    facts,
    sections: sectionsOf(input),
    links: cardLinks(h.context, locale, dir.recordLinks(customer.externalIds)),
    ...(input.publicUrl ? { customerLink: customerPageLink(input.publicUrl, customer.id, locale) } : {}),
    timeline,
    ...(escalations.length > 0 ? { escalations } : {}),
    ...(languageGap ? { languageGap } : {}),
    ...(standIn ? { standIn } : {}),
    actions: handoffActions(h, locale),
    ...handoffTranslate(input.translation, h, locale),
    ...(stamps ? { stamps } : {}),
  };
}

/** While the handoff still waits on someone: its owner, else its assignee, when they are away. */
function standInLine(dir: Directory, h: Handoff, locale: string, now: Date): string | undefined {
  if (!WAITING_FOR_CONTACT.includes(h.state)) return undefined;
  const who = h.owner ?? h.assignee;
  return who ? awayLine(dir, who, locale, now) : undefined;
}

function subtitleOf({ handoff: h, dir, reader, stamps }: Built): string {
  const when = stamps.stamp(h.openedAt ?? h.createdAt);
  if (h.sender !== 'system') {
    return t(reader.locale, 'card.handedOverBy', { person: dir.personName(h.sender), when });
  }
  if (h.source.kind === 'event') {
    return t(reader.locale, 'card.startedByEvent', { system: dir.systemName(h.source.system), when });
  }
  if (h.source.kind === 'silence') return t(reader.locale, 'card.startedBySilence', { when });
  return t(reader.locale, 'card.startedBySystem', { when });
}

/** `system` is Baton itself, not a person in the config. */
const personName = (dir: Directory, key: string): string =>
  key === 'system' ? 'Baton' : dir.personName(key);

const isPast = (iso: string | undefined, now: Date): boolean =>
  iso !== undefined && Date.parse(iso) < now.getTime();

function statusOf({ handoff: h, customer, dir, reader, now, declinedBy, stamps }: Built): Card['status'] {
  const loc = reader.locale;
  const team = dir.teamName(h.to);
  const when = (iso: string | undefined) => stamps.stamp(iso ?? h.updatedAt);
  switch (h.state) {
    case 'proposed':
      return { text: t(loc, 'state.proposed', { customer: customer.name, team }), tone: 'attention' };
    case 'open': {
      const text = h.assignee
        ? t(loc, 'state.openAssigned', { person: dir.personName(h.assignee), team })
        : t(loc, 'state.open', { team });
      return { text, tone: isPast(h.acceptDueAt, now) ? 'warning' : 'attention' };
    }
    case 'accepted': {
      const person = dir.personName(h.owner ?? h.assignee ?? '');
      const text = t(loc, 'state.accepted', { person, when: when(h.acceptedAt) });
      return { text, tone: isPast(h.contactDueAt, now) ? 'warning' : 'neutral' };
    }
    case 'contacted': {
      // A contact a system of record reported on a claim handoff nobody took names no person.
      const who = h.owner ?? h.assignee;
      const text = who
        ? t(loc, 'state.contacted', { person: dir.personName(who), when: when(h.contactedAt) })
        : t(loc, 'state.contactedNoOwner', { team, when: when(h.contactedAt) });
      return withPulse(h, loc, { text, tone: 'good' });
    }
    case 'done':
      return withPulse(h, loc, {
        text: t(loc, 'state.done', { customer: customer.name, team }),
        tone: 'good',
      });
    case 'declined': {
      // The card is read by the team that declined: it says who declined, why,
      // and that the handoff went back to its sender, who is the one to fix it.
      // The sentence adds its own full stop after the reason.
      const reason = h.declineReason?.trim().replace(/[.。]+$/, '');
      const person = declinedBy ? personName(dir, declinedBy) : team;
      const sender = h.sender === 'system' ? dir.teamName(h.from) : dir.personName(h.sender);
      const text = reason
        ? t(loc, 'state.declined', { person, reason, sender })
        : t(loc, 'state.declinedNoReason', { person, sender });
      return { text, tone: 'warning' };
    }
    case 'cancelled':
      return { text: afterCancelText(dir, loc, stamps, h, customer.name), tone: 'neutral' };
  }
}

/** The customer's own answer to the pulse mail, after the status; one saying they still wait marks the card. */
function withPulse(h: Handoff, loc: string, status: Card['status']): Card['status'] {
  if (!h.pulse) return status;
  const said = t(loc, 'note.pulse', { detail: t(loc, `pulse.said.${h.pulse.answer}`) });
  return {
    text: `${status.text.replace(/[^.!?。]$/u, '$&.')} ${said}`,
    tone: h.pulse.answer === 'helped' ? status.tone : 'warning',
  };
}

/** Who owes a post-purchase customer their next contact now that their handoff was cancelled. */
export function afterCancelText(
  dir: Directory,
  loc: string,
  stamps: Stamper,
  h: Handoff,
  customer: string,
): string {
  const a = h.afterCancel;
  if (!a) return t(loc, 'state.cancelled');
  const team = dir.teamName(a.team);
  if (a.kind === 'handoff') return t(loc, 'state.cancelledHandoff', { customer, team });
  if (a.kind === 'gap') return t(loc, 'state.cancelledGap', { customer, team });
  return t(loc, 'state.cancelledCadence', {
    customer,
    who: a.owner ? `${dir.personName(a.owner)} (${team})` : team,
    when: stamps.stamp(a.dueAt ?? h.updatedAt),
  });
}

/** A deadline as its date and time; one already past says so, which stays true however long the card stays up. */
function deadline(due: string, { reader, now, stamps }: Built): string {
  const when = stamps.stamp(due);
  return isPast(due, now) ? t(reader.locale, 'card.deadlineOverdue', { when }) : when;
}

function dealValue(input: HandoffCardInput): string | undefined {
  const { dealValue: value, currency } = input.handoff.context;
  const code =
    typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : 'USD';
  if (typeof value === 'number' && Number.isFinite(value))
    return formatMoney(value, input.reader.locale, code);
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) {
    return formatMoney(Number(value), input.reader.locale, code);
  }
  return contextText(value);
}

function goLive(input: HandoffCardInput): string | undefined {
  const value = contextText(input.handoff.context.goLiveDate);
  if (!value || Number.isNaN(Date.parse(value))) return value;
  return formatDate(value, input.reader.locale, input.reader.timeZone);
}

function factsOf(input: Built): CardFact[] {
  const { handoff: h, customer, dir, reader, stamps } = input;
  const loc = reader.locale;
  const facts: CardFact[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) facts.push({ label, value });
  };
  add(fieldLabel('dealValue', loc), dealValue(input));
  add(fieldLabel('goLiveDate', loc), goLive(input));
  add(fieldLabel('keyContact', loc), keyContact(h.context, customer));
  add(
    t(loc, 'card.lastContact'),
    customer.lastContactAt ? stamps.stamp(customer.lastContactAt) : t(loc, 'card.neverContacted'),
  );
  if (h.acceptDueAt && WAITING_TO_ACCEPT.includes(h.state))
    add(t(loc, 'card.acceptBy'), deadline(h.acceptDueAt, input));
  if (h.contactDueAt && WAITING_FOR_CONTACT.includes(h.state)) {
    add(t(loc, 'card.firstContactBy'), deadline(h.contactDueAt, input));
  }
  if (h.owner) add(t(loc, 'card.owner'), dir.personName(h.owner));
  else if (h.assignee) add(t(loc, 'card.assignee'), dir.personName(h.assignee));
  else if (WAITING_TO_ACCEPT.includes(h.state)) {
    add(t(loc, 'card.assignee'), t(loc, 'card.anyoneInTeam', { team: dir.teamName(h.to) }));
  }
  return facts;
}

function sectionsOf(input: Built): CardSection[] {
  const { handoff: h, dir, reader } = input;
  const loc = reader.locale;
  const sections: CardSection[] = [];
  const add = (title: string, text: string | undefined) => {
    if (text) sections.push({ title, text });
  };
  for (const field of ['summary', 'promises', 'risks'])
    add(fieldLabel(field, loc), contextText(h.context[field]));
  add(t(loc, 'card.noteFrom', { person: personName(dir, h.sender) }), h.note?.trim());
  add(
    t(loc, 'card.notes'),
    h.notes
      .filter((n) => n.text.trim())
      .map((n) =>
        t(loc, 'card.noteLine', {
          person: personName(dir, n.by),
          // Sections hold what people wrote: their times stay plain text, never replaced by a renderer.
          when: formatDateTime(n.at, loc, reader.timeZone),
          text: n.text.trim(),
        }),
      )
      .join('\n'),
  );
  const playbook = dir.playbook(h.playbook);
  for (const field of fieldOrder(h.context, playbook)) {
    if (!PLACED_FIELDS.has(field)) add(fieldLabel(field, loc), contextText(h.context[field]));
  }
  const missing = missingRequired(h.context, playbook).map((f) => fieldLabel(f, loc));
  if (missing.length > 0 && WAITING_TO_ACCEPT.includes(h.state)) {
    const fields = formatList(missing, loc);
    const text =
      h.state === 'open' ? t(loc, 'card.missingText', { fields, person: personName(dir, h.sender) }) : fields;
    add(t(loc, 'card.missing'), text);
  }
  return sections;
}
