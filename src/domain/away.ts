import type { Directory } from '../config/directory.js';

/** Away until a date (inclusive, in the team's zone): not chosen, not asked. */
export function isAway(dir: Directory, person: string, today: string): boolean {
  const until = dir.person(person)?.away?.until;
  return until !== undefined && today <= until;
}
