import { type HandoffAction, rolesOf, whoMay } from '../../src/domain/lifecycle.js';
import type { Handoff, HandoffState } from '../../src/domain/types.js';
import { fieldLabel, formatList, formatRelative, replyKey, t } from '../../src/i18n/translate.js';
import type { Failure } from '../../src/services/deps.js';
import type { Services } from '../../src/services/index.js';

type Dir = Services['deps']['dir'];

export interface ReplyContext {
  dir: Dir;
  locale: string;
  now: Date;
  /** The handoff the refusal is about, when known: names who may act instead of role names. */
  handoff?: Handoff;
  action?: HandoffAction;
}

const stateName = (locale: string, s: string): string =>
  (['proposed', 'open', 'accepted', 'contacted', 'done', 'declined', 'cancelled'] as const).includes(
    s as HandoffState,
  )
    ? t(locale, `stateName.${s as HandoffState}`)
    : s;

export function teamList(dir: Dir): string {
  return Object.entries(dir.config.teams)
    .map(([key, team]) => `${team.name} (\`${key}\`)`)
    .join(', ');
}

/** The people (by name) who may do `action` on `h`: what "Only {who} can do that" should say. */
export function whoMayText(dir: Dir, h: Handoff, action: HandoffAction, locale: string): string {
  const roles = new Set(whoMay(action));
  const names = new Set<string>();
  for (const key of Object.keys(dir.config.people)) {
    const mine = rolesOf(dir, h, key);
    if ([...mine].some((r) => roles.has(r))) names.add(dir.personName(key));
  }
  const list = [...names];
  return list.length > 6 ? `${formatList(list.slice(0, 6), locale)} …` : formatList(list, locale, 'or');
}

/**
 * A service refusal in the reader's words. The services name their variables
 * for the log; the catalog's sentences want them shaped for a person (names,
 * not keys; "2 hours ago", not "2 hours"), which is done here.
 */
export function failureText(f: Failure, ctx: ReplyContext): string {
  const { dir, locale } = ctx;
  const v = f.vars;
  const s = (k: string) => (v[k] === undefined ? '' : String(v[k]));
  switch (f.code) {
    case 'CUSTOMER_NOT_FOUND':
      return s('suggestions')
        ? t(locale, 'reply.CUSTOMER_NOT_FOUND', { query: s('customer'), suggestions: s('suggestions') })
        : t(locale, 'reply.CUSTOMER_NOT_FOUND.none', { query: s('customer') });
    case 'CUSTOMER_AMBIGUOUS':
      return t(locale, 'reply.CUSTOMER_AMBIGUOUS', { query: s('customer'), matches: s('suggestions') });
    case 'TEAM_NOT_FOUND':
      return t(locale, 'reply.TEAM_NOT_FOUND', { query: s('team'), teams: teamList(dir) });
    case 'PERSON_NOT_FOUND':
      return t(locale, 'reply.PERSON_NOT_FOUND', { query: s('person'), teams: teamList(dir) });
    case 'NOT_ALLOWED': {
      const h = ctx.handoff;
      const who =
        h && ctx.action
          ? whoMayText(dir, h, ctx.action, locale)
          : v.team !== undefined
            ? `${s('team')} (${dir.personName(dir.team(dir.findTeam(s('team')) ?? '')?.lead ?? '')})`
            : s('who');
      return t(locale, 'reply.NOT_ALLOWED', { who });
    }
    case 'UNKNOWN_USER':
      return t(locale, 'reply.UNKNOWN_USER', { platform: 'Slack', userId: s('user') });
    case 'ALREADY_ACCEPTED': {
      const at = ctx.handoff?.acceptedAt;
      const ago = at ? formatRelative(at, ctx.now, locale) : s('ago');
      const person = ctx.handoff?.owner ? dir.personName(ctx.handoff.owner) : s('person');
      return t(locale, 'reply.ALREADY_ACCEPTED', { person, ago });
    }
    case 'ALREADY_IN_STATE':
    case 'WRONG_STATE':
      return t(locale, `reply.${f.code}`, { state: stateName(locale, s('state')) });
    case 'MISSING_FIELDS':
      return t(locale, 'reply.MISSING_FIELDS', {
        fields: formatList(
          s('fields')
            .split(/,\s*/)
            .filter(Boolean)
            .map((name) => fieldLabel(name, locale)),
          locale,
        ),
      });
    case 'SNOOZE_LIMIT':
      return t(locale, 'reply.SNOOZE_LIMIT', {
        times: v.times ?? dir.config.snooze.times,
        max: v.max ?? dir.config.snooze.max,
      });
    case 'INVALID_INPUT':
      return t(locale, 'reply.INVALID_INPUT', { problem: s('field') || s('problem') });
    default:
      return t(locale, replyKey(f.code), v);
  }
}
