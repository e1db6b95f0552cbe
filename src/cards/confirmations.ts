import type { Directory } from '../config/directory.js';
import type { HandoffAction } from '../domain/lifecycle.js';
import { CONTACT_CHANNELS, type ContactChannel, type Handoff } from '../domain/types.js';
import { formatDateTime, t } from '../i18n/translate.js';
import { parseDuration } from '../time/duration.js';
import { awayLine } from './away-line.js';

/**
 * What a person is told once their change is on disk (services resolve after
 * the commit), the same words on every platform. `where` names where the
 * card went, in the platform's own way (a channel mention, a channel name).
 */
export function confirmationText(input: {
  dir: Directory;
  now: Date;
  reader: { locale: string; timeZone: string };
  action: HandoffAction;
  handoff: Handoff;
  customer: string;
  where: string;
  /** Snooze: the ISO duration; contact: the channel. */
  detail?: string;
}): string {
  const { dir, reader, handoff: h, customer, detail } = input;
  const loc = reader.locale;
  const when = (iso: string) => formatDateTime(iso, loc, reader.timeZone);
  switch (input.action) {
    case 'accept':
      return h.contactDueAt
        ? t(loc, 'ok.accepted', { customer, when: when(h.contactDueAt) })
        : t(loc, 'ok.acceptedNoDeadline', { customer });
    case 'decline':
      return t(loc, 'ok.declined', { customer, person: dir.personName(h.sender) });
    case 'reassign': {
      const to = h.owner ?? h.assignee ?? '';
      const done = t(loc, 'ok.reassigned', { customer, person: dir.personName(to) });
      // Given to someone away (the picker lists the whole team): say who gets the reminders meanwhile.
      const away = awayLine(dir, to, loc, input.now);
      return away ? `${done} ${away}` : done;
    }
    case 'snooze':
      return t(loc, 'ok.snoozed', {
        customer,
        when: when(new Date(input.now.getTime() + snoozeMs(detail)).toISOString()),
      });
    case 'complete':
      return t(loc, 'ok.completed', { customer });
    case 'cancel': {
      const a = h.afterCancel;
      if (!a) return t(loc, 'ok.cancelled', { customer });
      const team = dir.teamName(a.team);
      if (a.kind === 'handoff') return t(loc, 'ok.cancelledHandoff', { customer, team });
      if (a.kind === 'gap') return t(loc, 'ok.cancelledGap', { customer, team });
      return t(loc, 'ok.cancelledCadence', {
        customer,
        who: a.owner ? `${dir.personName(a.owner)} (${team})` : team,
        when: when(a.dueAt ?? h.updatedAt),
      });
    }
    case 'confirm':
      return t(loc, 'ok.handoffSent', { customer, team: input.where });
    case 'resend':
      return t(loc, 'ok.handoffResent', { customer, team: input.where });
    case 'contact':
      return contactConfirmation(loc, detail, customer);
  }
}

export function contactConfirmation(locale: string, channel: string | undefined, customer: string): string {
  const known = CONTACT_CHANNELS.find((c) => c === channel) as ContactChannel | undefined;
  return t(locale, 'ok.contactLogged', {
    channel: known ? t(locale, `channel.${known}`) : (channel ?? ''),
    customer,
  });
}

function snoozeMs(iso: string | undefined): number {
  try {
    const d = parseDuration(iso ?? 'PT0S');
    return d.days * 86_400_000 + d.ms;
  } catch {
    // The service accepted it, so it parses; zero is only a fallback.
    return 0;
  }
}
