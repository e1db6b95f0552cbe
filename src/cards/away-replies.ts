import type { AwayProblem } from '../commands/parse.js';
import type { Directory } from '../config/directory.js';
import { formatDate, t } from '../i18n/translate.js';
import type { TimeOffResult } from '../services/time-off.js';
import { BUSY_RETRY_SECONDS } from './replies.js';

/** A day off as people read it ("Dec 24, 2026"): a calendar date, not an instant. */
export const awayDate = (until: string, locale: string): string => formatDate(until, locale);

/** An `away`/`back` that could not be read: what was wrong and the form that works. */
export function awayHelpText(locale: string, problem: AwayProblem): string {
  return t(locale, 'away.invalid', {
    problem: t(locale, `away.problem.${problem}`),
    usage: t(locale, 'away.usage'),
  });
}

/**
 * The answer to `/cx away` or `/cx back`, confirmation or refusal, in the
 * reader's words; both platforms answer with exactly this text.
 */
export function timeOffText(dir: Directory, locale: string, r: TimeOffResult): string {
  if (!r.ok) {
    const f = r.refusal;
    switch (f.reason) {
      case 'unknown-user':
        return t(locale, 'reply.UNKNOWN_USER', { platform: 'chat', userId: f.user });
      case 'unknown-person':
        return t(locale, 'away.refuse.unknownPerson', { query: f.query });
      case 'unknown-backup':
        return t(locale, 'away.refuse.unknownBackup', { query: f.query });
      case 'same-backup':
        return t(locale, 'away.refuse.sameBackup', { person: dir.personName(f.person) });
      case 'past-date':
        return t(locale, 'away.refuse.pastDate', {
          until: awayDate(f.until, locale),
          today: f.today,
          person: dir.personName(f.person),
        });
      case 'not-allowed':
        return f.lead
          ? t(locale, 'away.refuse.notAllowed', {
              person: dir.personName(f.person),
              team: dir.teamName(f.team),
              lead: dir.personName(f.lead),
            })
          : t(locale, 'away.refuse.notAllowedNoLead', { person: dir.personName(f.person) });
      case 'busy':
        return t(locale, 'reply.BUSY', { seconds: BUSY_RETRY_SECONDS });
    }
  }
  const v = r.value;
  const person = dir.personName(v.person);
  if (v.state === 'back') {
    if (!v.wasAway) return t(locale, 'away.back.notAway', { person });
    return v.self ? t(locale, 'away.back.self') : t(locale, 'away.back.other', { person });
  }
  const until = awayDate(v.until, locale);
  const head = v.self
    ? t(locale, 'away.set.self', { until })
    : t(locale, 'away.set.other', { person, until });
  const team = dir.person(v.person)?.team ?? '';
  const tail = v.standIn
    ? t(locale, 'away.standIn', { person, standIn: dir.personName(v.standIn) })
    : t(locale, 'away.noStandIn', { person, team: dir.teamName(team), day: v.until });
  return `${head} ${tail}`;
}
