import type { ViewListItem } from '../cards/model.js';
import type { AuditEntry, HistoryEntry } from '../domain/types.js';
import {
  formatDateTime,
  formatList,
  isMessageKey,
  languageName,
  type MessageKey,
  t,
} from '../i18n/translate.js';
import { type AuditAction, isAuditAction } from '../services/audit.js';
import type { ViewReader } from './reader.js';

/**
 * The words for every audit action on a customer's timeline. Typed by the
 * action list, so an action Baton can write cannot lack words (the compiler
 * says so), and the ko catalog is typed by the en one.
 */
export const AUDIT_WORDS: Readonly<Record<AuditAction, MessageKey>> = {
  'customer.created': 'audit.customer.created',
  'customer.imported': 'audit.customer.imported',
  'customer.updated': 'audit.customer.updated',
  'customer.contacted': 'audit.customer.contacted',
  'customer.erased': 'audit.customer.erased',
  'event.recorded': 'audit.event.recorded',
  'handoff.proposed': 'audit.handoff.proposed',
  'handoff.opened': 'note.opened',
  'handoff.resent': 'note.resent',
  'handoff.noted': 'audit.handoff.noted',
  'handoff.accepted': 'note.accepted',
  'handoff.declined': 'note.declined',
  'handoff.reassigned': 'note.reassigned',
  'handoff.snoozed': 'note.snoozed',
  'handoff.contacted': 'note.contacted',
  'handoff.escalated': 'note.escalated',
  'handoff.completed': 'note.completed',
  'handoff.cancelled': 'note.cancelled',
  'handoff.languageGap': 'audit.handoff.languageGap',
  'followup.nudged': 'audit.followup.nudged',
  'followup.escalated': 'audit.followup.escalated',
  'dashboard.linkSent': 'audit.dashboard.linkSent',
  'dashboard.signedIn': 'audit.dashboard.signedIn',
  'config.changed': 'audit.config.changed',
  'pulse.sent': 'audit.pulse.sent',
  'pulse.skipped': 'audit.pulse.skipped',
  'pulse.answered': 'note.pulse',
  'pulse.unsubscribed': 'audit.pulse.unsubscribed',
  'person.away': 'audit.person.away',
  'person.back': 'audit.person.back',
};

/**
 * Written to the log but not a line of their own: contacts are on the
 * timeline as touchpoints, and an escalation of a handoff is said once, by
 * the follow-up that made it.
 */
export const NOT_ON_TIMELINE: ReadonlySet<AuditAction> = new Set([
  'customer.contacted',
  'handoff.contacted',
  'handoff.escalated',
  'dashboard.linkSent',
  'dashboard.signedIn',
  'config.changed',
  'person.away',
  'person.back',
]);

const CHANNELS = new Set(['call', 'email', 'chat', 'meeting', 'note', 'event']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Who did it, in words: a person, Baton itself, an import, or the system a webhook came from. */
function actorName(actor: string, r: ViewReader): string {
  if (actor === 'system') return 'Baton';
  if (actor === 'import') return t(r.locale, 'audit.actorImport');
  if (actor.startsWith('webhook:')) return r.dir.systemName(actor.slice('webhook:'.length));
  return r.dir.personName(actor);
}

/** A recipient as the tick records it: a person key, or `team:<key>`. */
function recipientName(to: string, r: ViewReader): string {
  return to.startsWith('team:') ? r.dir.teamName(to.slice('team:'.length)) : r.dir.personName(to);
}

function auditText(action: AuditAction, e: HistoryEntry & { kind: 'audit' }, r: ViewReader): string {
  const details = e.entry.details ?? {};
  const { locale } = r;
  const to = str(details.to);
  let detail = '';
  let team = '';
  let who = '';
  switch (action) {
    case 'customer.imported':
      detail = str(details.file) || 'CSV';
      break;
    case 'event.recorded':
      detail = str(details.headline) || str(details.type);
      break;
    case 'handoff.declined':
    case 'handoff.cancelled':
      detail = str(details.reason);
      break;
    case 'handoff.reassigned':
    case 'handoff.escalated':
    case 'followup.nudged':
    case 'followup.escalated':
      detail = to ? recipientName(to, r) : '';
      break;
    case 'handoff.snoozed':
      detail = str(details.until) ? formatDateTime(str(details.until), locale, r.timeZone) : '';
      break;
    case 'handoff.contacted':
    case 'customer.contacted': {
      const ch = str(details.channel);
      detail = CHANNELS.has(ch) ? t(locale, `channel.${ch as 'call'}`) : ch;
      break;
    }
    case 'pulse.answered':
    case 'pulse.skipped': {
      const v = str(details.answer) || str(details.reason);
      const key = action === 'pulse.answered' ? `pulse.said.${v}` : `pulse.skip.${v}`;
      detail = isMessageKey(key) ? t(locale, key) : v;
      break;
    }
    case 'person.away':
    case 'person.back':
      detail = r.dir.personName(e.entry.subject.id);
      break;
    case 'handoff.opened':
    case 'handoff.proposed':
      team = to ? r.dir.teamName(to) : '';
      break;
    case 'handoff.languageGap': {
      const told = Array.isArray(details.told) ? details.told.map(str).filter(Boolean) : [];
      detail = str(details.language) ? languageName(str(details.language), locale) : '';
      team = str(details.team) ? r.dir.teamName(str(details.team)) : '';
      who = formatList(
        told.map((p) => r.dir.personName(p)),
        locale,
      );
      break;
    }
    default:
      break;
  }
  // Entries of proposals started before their audit named the team (f7d693e) say no team.
  const key = action === 'handoff.opened' && !team ? 'note.openedNoTeam' : AUDIT_WORDS[action];
  return t(locale, key, { actor: actorName(e.entry.actor, r), detail, team, who });
}

/** One line of `/cx <customer>`'s timeline, or nothing for what another line already says. */
export function timelineItem(e: HistoryEntry, r: ViewReader): ViewListItem | undefined {
  const { dir, locale } = r;
  const when = formatDateTime(e.at, locale, r.timeZone);
  if (e.kind === 'touchpoint') {
    const ch = e.entry.channel;
    const channel = CHANNELS.has(ch) ? t(locale, `channel.${ch as 'call'}`) : ch;
    const person = e.entry.by ? dir.personName(e.entry.by) : (e.entry.source ?? 'Baton');
    return {
      text: `${when} · ${t(locale, 'view.contactLine', { channel, person })}`,
      ...(e.entry.note ? { detail: e.entry.note } : {}),
    };
  }
  if (e.kind === 'handoff') {
    const h = e.entry;
    const line = t(locale, 'view.handoffLine', {
      from: dir.teamName(h.from),
      to: dir.teamName(h.to),
      state: t(locale, `stateName.${h.state}`),
    });
    return { text: `${when} · ${line}` };
  }
  const action = e.entry.action;
  if (!isAuditAction(action)) {
    // Written by another version of Baton: said as plainly as its name allows.
    const what = action.replace(/[._]+/g, ' ').trim();
    return {
      text: `${when} · ${t(locale, 'audit.other', { actor: actorName(e.entry.actor, r), detail: what })}`,
    };
  }
  if (NOT_ON_TIMELINE.has(action)) return undefined;
  return { text: `${when} · ${auditText(action, e, r)}` };
}

/**
 * One audit entry in words, whatever its action: the dashboard's audit list
 * shows also what the timeline leaves out (sign-ins, contacts said twice).
 */
export function auditSentence(entry: AuditEntry, r: ViewReader): string {
  const action = entry.action;
  if (!isAuditAction(action))
    return t(r.locale, 'audit.other', {
      actor: actorName(entry.actor, r),
      detail: action.replace(/[._]+/g, ' ').trim(),
    });
  return auditText(action, { kind: 'audit', at: entry.at, entry }, r);
}
