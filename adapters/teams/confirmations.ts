import type { HandoffAction } from '../../src/domain/lifecycle.js';
import type { ContactChannel, Handoff } from '../../src/domain/types.js';
import { formatDateTime, t } from '../../src/i18n/translate.js';
import { parseDuration } from '../../src/time/duration.js';
import type { Caller, TeamsRuntime } from './runtime.js';

/** Where a handoff went, in words: the receiving team, or the person it was handed to directly. */
export function whereItWent(rt: TeamsRuntime, h: Handoff): string {
  const team = rt.dir.teamName(h.to);
  // The card went to the team's channel, on whichever platform it works; only a team without one gets it by name.
  const cfg = rt.dir.team(h.to);
  const hasChannel = Boolean(cfg?.teams || cfg?.slack);
  return h.assignee && !hasChannel ? rt.dir.personName(h.assignee) : team;
}

/** What the person is told once the change is on disk (the services resolve after the commit). */
export function okText(
  rt: TeamsRuntime,
  caller: Caller,
  action: HandoffAction,
  h: Handoff,
  customer: string,
  detail?: string,
): string {
  const loc = caller.locale;
  const when = (iso: string) => formatDateTime(iso, loc, caller.timeZone);
  switch (action) {
    case 'accept':
      return h.contactDueAt
        ? t(loc, 'ok.accepted', { customer, when: when(h.contactDueAt) })
        : t(loc, 'ok.acceptedNoDeadline', { customer });
    case 'decline':
      return t(loc, 'ok.declined', { customer, person: rt.dir.personName(h.sender) });
    case 'reassign':
      return t(loc, 'ok.reassigned', { customer, person: rt.dir.personName(h.owner ?? h.assignee ?? '') });
    case 'snooze': {
      let ms = 0;
      try {
        const d = parseDuration(detail ?? 'PT0S');
        ms = d.days * 86_400_000 + d.ms;
      } catch {
        // The service accepted it, so it parses; a zero is only a fallback.
      }
      const at = new Date(rt.services.deps.clock.now().getTime() + ms).toISOString();
      return t(loc, 'ok.snoozed', { customer, when: when(at) });
    }
    case 'complete':
      return t(loc, 'ok.completed', { customer });
    case 'cancel':
      return t(loc, 'ok.cancelled', { customer });
    case 'confirm':
      return t(loc, 'ok.handoffSent', { customer, team: whereItWent(rt, h) });
    case 'resend':
      return t(loc, 'ok.handoffResent', { customer, team: whereItWent(rt, h) });
    case 'contact':
      return contactText(caller, (detail ?? 'call') as ContactChannel, customer);
  }
}

export function contactText(caller: Caller, channel: ContactChannel, customer: string): string {
  return t(caller.locale, 'ok.contactLogged', { channel: t(caller.locale, `channel.${channel}`), customer });
}
