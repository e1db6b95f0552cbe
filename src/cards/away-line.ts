import type { Directory } from '../config/directory.js';
import { isAway, personToday, standInFor } from '../domain/away.js';
import { t } from '../i18n/translate.js';
import { awayDate } from './away-replies.js';

/**
 * "Jae-won Kim is away until Dec 24, 2026; Priya Shah stands in", or with
 * nobody to stand in, where the reminders go; undefined when `person` is not away.
 */
export function awayLine(dir: Directory, person: string, locale: string, now: Date): string | undefined {
  if (!isAway(dir, person, personToday(dir, person, now))) return undefined;
  const until = dir.person(person)?.away?.until;
  if (!until) return undefined;
  const standIn = standInFor(dir, person, now);
  const vars = { person: dir.personName(person), until: awayDate(until, locale) };
  return standIn && standIn !== person
    ? t(locale, 'card.standIn', { ...vars, standIn: dir.personName(standIn) })
    : t(locale, 'card.awayNobody', { ...vars, team: dir.teamName(dir.person(person)?.team ?? '') });
}
