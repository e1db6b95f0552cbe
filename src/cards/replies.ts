import type { Directory } from '../config/directory.js';
import type { Role } from '../domain/lifecycle.js';
import { fieldLabel, formatList, formatRelative, replyKey, t } from '../i18n/translate.js';
import type { Failure } from '../services/deps.js';
import { parseDuration } from '../time/duration.js';
import { truncate } from './truncate.js';

/** When a person who was told "busy" should try again, unless the refusal says otherwise. */
export const BUSY_RETRY_SECONDS = 5;

/** How much of what a person typed is quoted back: enough to recognise it, never a wall of it. */
export const QUOTE_MAX = 60;

/** What a person typed, as Baton quotes it back: one line, cut with an ellipsis. */
export function quoted(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), QUOTE_MAX);
}

/**
 * A service refusal in the reader's words, naming what to do next. Both
 * platforms answer with exactly this text.
 */
export function describeFailure(
  dir: Directory,
  locale: string,
  failure: Failure,
  context: { platform?: string; userId?: string; now?: Date } = {},
): string {
  const v = failure.vars;
  const s = (k: string) => (v[k] === undefined ? '' : String(v[k]));
  const q = (k: string) => quoted(s(k));
  switch (failure.code) {
    case 'CUSTOMER_NOT_FOUND':
      return s('suggestions')
        ? t(locale, 'reply.CUSTOMER_NOT_FOUND', { query: q('customer'), suggestions: s('suggestions') })
        : t(locale, 'reply.CUSTOMER_NOT_FOUND.none', { query: q('customer') });
    case 'CUSTOMER_AMBIGUOUS':
      return t(locale, 'reply.CUSTOMER_AMBIGUOUS', { query: q('customer'), matches: s('suggestions') });
    case 'TEAM_NOT_FOUND':
    case 'PERSON_NOT_FOUND':
      return t(locale, `reply.${failure.code}`, {
        query: q('team') || q('person'),
        teams: formatList(
          Object.values(dir.config.teams).map((team) => team.name),
          locale,
          'or',
        ),
      });
    case 'ALREADY_WITH_TEAM':
      return alreadyWithText(dir, locale, v);
    case 'NOT_ALLOWED':
      if (s('reason') === 'own-handoff')
        return t(locale, 'reply.NOT_ALLOWED.ownHandoff', {
          team: dir.teamName(s('to')),
          who: whoText(dir, locale, v),
        });
      if (s('reason') === 'handoff-waits' || s('reason') === 'handoff-declined')
        return t(
          locale,
          s('reason') === 'handoff-waits'
            ? 'reply.NOT_ALLOWED.handoffWaits'
            : 'reply.NOT_ALLOWED.handoffDeclined',
          {
            customer: s('customer'),
            team: dir.teamName(s('to')),
            who: whoText(dir, locale, v),
          },
        );
      return t(locale, 'reply.NOT_ALLOWED', { who: whoText(dir, locale, v) });
    case 'UNKNOWN_USER':
      return t(locale, 'reply.UNKNOWN_USER', {
        platform: context.platform ?? '',
        userId: context.userId ?? s('user'),
      });
    case 'ALREADY_IN_STATE':
    case 'WRONG_STATE':
      return t(locale, `reply.${failure.code}`, { state: stateName(locale, s('state')) });
    case 'INVALID_INPUT':
      return t(locale, 'reply.INVALID_INPUT', {
        problem: s('outsideTeam')
          ? t(locale, 'problem.outsideTeam', {
              person: dir.personName(s('outsideTeam')),
              team: dir.teamName(s('team')),
            })
          : t(locale, 'problem.field', { field: fieldLabel(s('field') || 'input', locale) }),
      });
    case 'SNOOZE_LIMIT': {
      const max = dir.config.snooze.max;
      return t(locale, 'reply.SNOOZE_LIMIT', { times: dir.config.snooze.times, max: humanDuration(max) });
    }
    case 'MISSING_FIELDS':
      return t(locale, 'reply.MISSING_FIELDS', {
        fields: formatList(
          s('fields')
            .split(',')
            .map((f) => fieldLabel(f.trim(), locale)),
          locale,
        ),
      });
    case 'ALREADY_ACCEPTED':
      return t(locale, 'reply.ALREADY_ACCEPTED', {
        person: s('person'),
        // In the reader's language when the caller knows the time; else the service's English.
        ago: context.now && s('acceptedAt') ? formatRelative(s('acceptedAt'), context.now, locale) : s('ago'),
      });
    case 'BUSY':
      // Too much at once (work shed, or writes that kept colliding): nothing was done; say when to retry.
      return t(locale, 'reply.BUSY', { seconds: s('seconds') || BUSY_RETRY_SECONDS });
    default:
      return t(locale, replyKey(failure.code), v);
  }
}

/** Where the customer is, who has them, what is in flight, and the next hop a playbook allows. */
function alreadyWithText(dir: Directory, locale: string, v: Record<string, string | number>): string {
  const s = (k: string) => (v[k] === undefined ? '' : String(v[k]));
  const customer = s('customer');
  const team = dir.teamName(s('team'));
  const parts = [
    s('owner')
      ? t(locale, 'reply.ALREADY_WITH_TEAM', { customer, team, owner: dir.personName(s('owner')) })
      : t(locale, 'reply.ALREADY_WITH_TEAM.noOwner', { customer, team }),
  ];
  if (s('openFrom') && s('openTo')) {
    parts.push(
      t(locale, 'reply.ALREADY_WITH_TEAM.open', {
        handoff: `${dir.teamName(s('openFrom'))} → ${dir.teamName(s('openTo'))}`,
        state: stateName(locale, s('openState')),
      }),
    );
  }
  const next = s('next').split(',').filter(Boolean);
  // A name with " to " in it must be quoted, or the command would split there.
  const name = /\sto\s/i.test(customer) ? `"${customer}"` : customer;
  const [first] = next;
  parts.push(
    first
      ? t(locale, 'reply.ALREADY_WITH_TEAM.next', {
          teams: formatList(
            next.map((k) => dir.teamName(k)),
            locale,
            'or',
          ),
          command: `/handoff ${name} to ${first}`,
        })
      : t(locale, 'reply.ALREADY_WITH_TEAM.last', { team, customer: name }),
  );
  return parts.join(' ');
}

function stateName(locale: string, state: string): string {
  const known = ['proposed', 'open', 'accepted', 'contacted', 'done', 'declined', 'cancelled'] as const;
  const s = known.find((k) => k === state);
  return s ? t(locale, `stateName.${s}`) : state;
}

/** "the owner (Tom Becker) or the lead of Delivery (Priya Shah)", from the roles the service named. */
function whoText(dir: Directory, locale: string, v: Record<string, string | number>): string {
  const roles = String(v.roles ?? '')
    .split(',')
    .filter(Boolean) as Role[];
  const parts: string[] = [];
  const to = String(v.to ?? '');
  const from = String(v.from ?? '');
  for (const role of roles) {
    if (role === 'owner' && v.owner)
      parts.push(t(locale, 'role.owner', { person: dir.personName(String(v.owner)) }));
    if (role === 'sender' && v.sender)
      parts.push(t(locale, 'role.sender', { person: dir.personName(String(v.sender)) }));
    if (role === 'receiving-team' && to) parts.push(t(locale, 'role.team', { team: dir.teamName(to) }));
    if (role === 'sending-team' && from) parts.push(t(locale, 'role.team', { team: dir.teamName(from) }));
    const leadOf = role === 'receiving-lead' ? to : role === 'sending-lead' ? from : '';
    const lead = leadOf ? dir.team(leadOf)?.lead : undefined;
    if (lead)
      parts.push(t(locale, 'role.lead', { team: dir.teamName(leadOf), person: dir.personName(lead) }));
  }
  if (roles.includes('admin')) parts.push(t(locale, 'role.admin'));
  return formatList([...new Set(parts)], locale, 'or');
}

function humanDuration(iso: string): string {
  try {
    const d = parseDuration(iso);
    const hours = d.ms / 3_600_000;
    if (d.days > 0 && hours === 0) return `${d.days}d`;
    if (d.days === 0) return `${hours}h`;
    return `${d.days}d ${hours}h`;
  } catch {
    return iso;
  }
}
