import { BatonError } from '../errors.js';
import {
  type CompiledCalendar,
  compileCalendar,
  type HoursCalendar,
  hasHours,
  instantOf,
  isWorkingDay,
  offsetMs,
  type WorkCalendar,
  wallClockOf,
  weekdayOf,
  workingWindow,
  zonedInstant,
} from './calendar.js';
import { DurationError, type IsoDuration } from './duration.js';

/*
 * Working time is the union of one window per civil day in the calendar's
 * zone. Everything below walks those windows a day at a time (never minute by
 * minute) and jumps a whole week when the week holds no holiday and no DST
 * change, because such a week always holds the same working time.
 *
 * Every function is pure: the clock is never read, so the scheduler and the
 * tests can ask about any instant.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** No search looks further than this many civil days ahead; past it the calendar or the SLA is wrong. */
export const MAX_SCAN_DAYS = 20 * 366;

function scanLimitError(what: string, from: number): BatonError {
  return new BatonError(
    'BUSINESS_TIME_LIMIT',
    `${what}: gave up after scanning 20 years of calendar days from ${new Date(from).toISOString()}. ` +
      `Check that the calendar's days and holidays leave working time, and that the SLA is not absurdly long.`,
    { from: new Date(from).toISOString() },
  );
}

function assertMs(name: string, ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new BatonError(
      'INVALID_ARGUMENT',
      `${name} must be a finite number of milliseconds >= 0, got ${ms}.`,
    );
  }
  // A Date holds whole milliseconds; rounding here keeps the round trips exact.
  return Math.round(ms);
}

function weekMs(cc: HoursCalendar): number {
  return cc.hours.daysPerWeek * (cc.hours.endMin - cc.hours.startMin) * MINUTE_MS;
}

/** True if no working weekday in civil days [from, from + 7) is a holiday. */
function weekHasNoHoliday(cc: HoursCalendar, from: number): boolean {
  for (let day = from; day < from + 7; day++) {
    if (cc.holidays.has(day) && cc.hours.workday[weekdayOf(day)]) return false;
  }
  return true;
}

/**
 * True if civil days [from, from + 7) hold exactly `weekMs` of working time:
 * no holiday, and the zone's offset is the same at both ends and in the
 * middle. The middle check covers two changes that cancel out; from 1990 to
 * 2040 no IANA zone changed its offset twice within seven days, so two changes
 * inside one half-week would be needed to slip through (so no test can
 * reach this line with real zone data).
 */
function isPlainWeek(cc: HoursCalendar, from: number): boolean {
  if (!weekHasNoHoliday(cc, from)) return false;
  const begin = zonedInstant(cc.timeZone, from, 0);
  const end = zonedInstant(cc.timeZone, from + 7, 0);
  if (end - begin !== 7 * DAY_MS) return false;
  return offsetMs(cc.timeZone, begin) === offsetMs(cc.timeZone, begin + 3.5 * DAY_MS);
}

function nextWorking(cc: HoursCalendar, t: number): number {
  const first = wallClockOf(cc.timeZone, t).day;
  for (let day = first; day <= first + MAX_SCAN_DAYS; day++) {
    const window = workingWindow(cc, day);
    if (window && t < window[1]) return Math.max(t, window[0]);
  }
  throw scanLimitError('No working time found', t);
}

function addMs(cc: CompiledCalendar, t: number, ms: number): number {
  if (ms === 0 || !hasHours(cc)) return t + ms;
  let remaining = ms;
  const first = wallClockOf(cc.timeZone, t).day;
  const firstWindow = workingWindow(cc, first);
  if (firstWindow) {
    const from = Math.max(t, firstWindow[0]);
    if (from < firstWindow[1]) {
      if (remaining <= firstWindow[1] - from) return from + remaining;
      remaining -= firstWindow[1] - from;
    }
  }
  const perWeek = weekMs(cc);
  let day = first + 1;
  while (day <= first + MAX_SCAN_DAYS) {
    // Strictly more than a week left: the landing, which may be exactly at a
    // window's end, is always done by the day-by-day code below.
    if (remaining > perWeek && isPlainWeek(cc, day)) {
      remaining -= perWeek;
      day += 7;
      continue;
    }
    const window = workingWindow(cc, day);
    if (window) {
      if (remaining <= window[1] - window[0]) return window[0] + remaining;
      remaining -= window[1] - window[0];
    }
    day++;
  }
  throw scanLimitError(`Adding ${ms} ms of working time`, t);
}

function between(cc: CompiledCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  if (!hasHours(cc)) return b - a;
  const first = wallClockOf(cc.timeZone, a).day;
  const last = wallClockOf(cc.timeZone, b).day;
  if (last - first > MAX_SCAN_DAYS) throw scanLimitError('Measuring working time', a);
  const perWeek = weekMs(cc);
  let total = 0;
  let day = first;
  while (day <= last) {
    // Days after the first and before the last lie wholly inside [a, b).
    if (day > first && day + 7 <= last && isPlainWeek(cc, day)) {
      total += perWeek;
      day += 7;
      continue;
    }
    const window = workingWindow(cc, day);
    if (window) total += Math.max(0, Math.min(b, window[1]) - Math.max(a, window[0]));
    day++;
  }
  return total;
}

/** The civil day `count` working days after working day `from`. */
function advanceWorkingDays(cc: HoursCalendar, from: number, count: number): number {
  let day = from;
  let left = count;
  while (left > 0) {
    if (day - from > MAX_SCAN_DAYS) {
      throw scanLimitError(`Counting ${count} working days`, zonedInstant(cc.timeZone, from, 0));
    }
    // Seven consecutive days hold each weekday once, so without holidays they
    // hold exactly `daysPerWeek` working days; DST does not matter when counting.
    if (left > cc.hours.daysPerWeek && weekHasNoHoliday(cc, day + 1)) {
      day += 7;
      left -= cc.hours.daysPerWeek;
      continue;
    }
    day++;
    if (isWorkingDay(cc, day)) left--;
  }
  return day;
}

/** `at` itself if it is working time, else the start of the next working window. */
export function nextWorkingInstant(cal: WorkCalendar, at: Date): Date {
  const cc = compileCalendar(cal);
  const t = instantOf('at', at);
  return new Date(hasHours(cc) ? nextWorking(cc, t) : t);
}

/**
 * The instant at which `ms` of working time has passed since `start`. With
 * ms > 0 the result is the end of the last working millisecond, so it may be
 * the end of a working window (17:00) rather than the next morning; ms = 0
 * returns `start` unchanged, even outside working hours.
 */
export function addBusinessMs(cal: WorkCalendar, start: Date, ms: number): Date {
  const cc = compileCalendar(cal);
  return new Date(addMs(cc, instantOf('start', start), assertMs('ms', ms)));
}

/** Working milliseconds in [a, b); 0 if b <= a. */
export function businessTimeBetween(cal: WorkCalendar, a: Date, b: Date): number {
  const cc = compileCalendar(cal);
  return between(cc, instantOf('a', a), instantOf('b', b));
}

/**
 * The SLA deadline. `d.days` counts working days: from the first working
 * instant at or after `start`, move that many working days on, keeping the
 * wall-clock time (Tue 15:00 + P2D = Thu 15:00, Fri 15:00 + P1D = Mon 15:00);
 * then `d.ms` is added as working time. Without hours, days are calendar days
 * in the zone (same wall-clock time, even across DST) and ms is elapsed time.
 */
export function addBusinessTime(cal: WorkCalendar, start: Date, d: IsoDuration): Date {
  const cc = compileCalendar(cal);
  const t = instantOf('start', start);
  if (!Number.isSafeInteger(d.days) || d.days < 0 || !Number.isFinite(d.ms) || d.ms < 0) {
    throw new DurationError(
      `Cannot add {days: ${d.days}, ms: ${d.ms}}: days must be a whole number >= 0 and ms a number >= 0; ` +
        `build durations with parseDuration("P2D").`,
    );
  }
  const ms = Math.round(d.ms);
  if (!hasHours(cc)) {
    if (d.days === 0) return new Date(t + ms);
    const { day, msOfDay } = wallClockOf(cc.timeZone, t);
    return new Date(zonedInstant(cc.timeZone, day + d.days, msOfDay) + ms);
  }
  let at = nextWorking(cc, t);
  if (d.days > 0) {
    const { day, msOfDay } = wallClockOf(cc.timeZone, at);
    const target = advanceWorkingDays(cc, day, d.days);
    const window = workingWindow(cc, target);
    // advanceWorkingDays only lands on working days; a null window here would
    // be a day wholly inside a DST gap, which isWorkingDay cannot see.
    if (!window) at = nextWorking(cc, zonedInstant(cc.timeZone, target, msOfDay));
    else at = Math.min(Math.max(zonedInstant(cc.timeZone, target, msOfDay), window[0]), window[1]);
  }
  return new Date(addMs(cc, at, ms));
}

/**
 * The instant at which `fraction` of the working time in [start, deadline]
 * has passed: 0.5 for a halfway nudge, 1 is the deadline itself, 1.5 goes on
 * past the deadline by half the window's working time.
 */
export function fractionOfWindow(cal: WorkCalendar, start: Date, deadline: Date, fraction: number): Date {
  const cc = compileCalendar(cal);
  const s = instantOf('start', start);
  const d = instantOf('deadline', deadline);
  if (!Number.isFinite(fraction) || fraction < 0) {
    throw new BatonError(
      'INVALID_ARGUMENT',
      `fraction must be a finite number >= 0 (0.5 = 50%), got ${fraction}.`,
    );
  }
  if (d < s) {
    throw new BatonError(
      'INVALID_ARGUMENT',
      `deadline ${deadline.toISOString()} is before start ${start.toISOString()}; compute it with addBusinessTime.`,
    );
  }
  const total = between(cc, s, d);
  // Counting from the deadline for fraction >= 1 makes 100% exactly the
  // deadline even when the deadline itself lies outside working hours.
  if (fraction >= 1) return new Date(addMs(cc, d, Math.round((fraction - 1) * total)));
  return new Date(addMs(cc, s, Math.round(fraction * total)));
}
