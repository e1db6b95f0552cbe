import { wallClockOf, weekdayOf } from './calendar.js';

/**
 * Weeks as the journey analytics and reports count them: Monday first, each
 * named by its Monday (`yyyy-MM-dd`), the key of a journey fact's `week`.
 * Civil days are numbered from 1970-01-01 as in ./calendar.ts.
 */
const DAY_MS = 86_400_000;

/** `yyyy-MM-dd` of a civil day number. */
export const dayKey = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The civil day number of a `yyyy-MM-dd`. */
export const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** The Monday of the week holding civil day `day`, as a day number. */
export const mondayNumber = (day: number): number => day - ((weekdayOf(day) + 6) % 7);

/** The Monday of the week holding `date` (`yyyy-MM-dd`). */
export const mondayOf = (date: string): string => dayKey(mondayNumber(dayNumber(date)));

/** `date` moved by `n` days (`yyyy-MM-dd`). */
export const addDays = (date: string, n: number): string => dayKey(dayNumber(date) + n);

/**
 * The week (its Monday) holding instant `at` in `timeZone`: cheap enough to
 * run on every handoff commit (no zoned date objects, no formatting).
 */
export function weekOf(at: string | Date, timeZone: string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return dayKey(mondayNumber(wallClockOf(timeZone, t).day));
}
