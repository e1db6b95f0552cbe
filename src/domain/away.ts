import type { Directory } from '../config/directory.js';
import { dateIn } from '../time/calendar.js';

/** Away until a date (inclusive, in the team's zone): not chosen, not asked. */
export function isAway(dir: Directory, person: string, today: string): boolean {
  const until = dir.person(person)?.away?.until;
  return until !== undefined && today <= until;
}

/** Today in the zone of a person's team: whose away day it is is decided by their team's calendar. */
export function personToday(dir: Directory, person: string, now: Date): string {
  const team = dir.person(person)?.team;
  return dateIn(team ? dir.calendar(team).timeZone : dir.config.defaults.timezone, now);
}

/**
 * Who is asked instead of `person` on `now`: the person themself when they
 * are not away; else their backup, else their team's lead, each followed on
 * when they too are away (a backup's own backup, and so on; each person is
 * tried once, so a ring of backups ends). Undefined when nobody reachable is
 * left: the caller falls back to the team's channel or the admins.
 */
export function standInFor(dir: Directory, person: string, now: Date): string | undefined {
  const tried = new Set<string>();
  const queue = [person];
  while (queue.length > 0) {
    const p = queue.shift() as string;
    if (tried.has(p) || !dir.person(p)) continue;
    tried.add(p);
    if (!isAway(dir, p, personToday(dir, p, now))) return p;
    const info = dir.person(p);
    const backup = info?.away?.backup;
    if (backup) queue.push(backup);
    const lead = info ? dir.team(info.team)?.lead : undefined;
    if (lead) queue.push(lead);
  }
  return undefined;
}
