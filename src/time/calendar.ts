import { tzOffset } from '@date-fns/tz';
import { BatonError } from '../errors.js';

/** Index = day of the week as `Date#getDay()` counts it (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type WorkingHours = {
  /** "HH:MM", wall-clock time in the calendar's zone. */
  start: string;
  /** "HH:MM" after `start`; "24:00" means the midnight that ends the day. */
  end: string;
  days: Weekday[];
};

export type WorkCalendar = {
  /** IANA zone, e.g. "America/New_York": days, hours and holidays are read in it. */
  timeZone: string;
  /**
   * Without `hours` the team works around the clock, every day, and holidays
   * do not apply: such teams (on-call, follow-the-sun support) are staffed on
   * holidays too, and it keeps a 2-second test SLA at exactly 2 seconds.
   */
  hours?: WorkingHours;
  /** "YYYY-MM-DD" dates in `timeZone` on which nobody works. */
  holidays: string[];
};

export class CalendarError extends BatonError {
  override readonly code = 'INVALID_CALENDAR' as const;
  readonly field: string;

  constructor(field: string, message: string) {
    super('INVALID_CALENDAR', `Calendar field "${field}": ${message}`, { field });
    this.name = 'CalendarError';
    this.field = field;
  }
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

// Zone validity never changes within a process, and building an
// Intl.DateTimeFormat costs far more than the rest of a business-time call.
const validZones = new Set<string>();

function isValidTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  // Offsets come from @date-fns/tz's tzOffset: make sure it knows the zone too.
  if (Number.isNaN(tzOffset(zone, new Date(0)))) return false;
  validZones.add(zone);
  return true;
}

function minutesOf(text: string): number | undefined {
  if (text === '24:00') return 24 * 60;
  const m = HH_MM.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" date, or undefined if it is not a real date. */
function civilDayOfText(text: string): number | undefined {
  const m = YYYY_MM_DD.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo || check.getUTCDate() !== d)
    return undefined;
  return ms / DAY_MS;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Throws a CalendarError naming the first bad field. Takes `unknown` so that
 * configuration loaders can validate what they read from disk.
 */
export function assertValidCalendar(c: unknown): asserts c is WorkCalendar {
  if (!isRecord(c)) {
    throw new CalendarError('(calendar)', 'expected an object with timeZone, holidays and optional hours.');
  }
  if (typeof c.timeZone !== 'string' || !isValidTimeZone(c.timeZone)) {
    throw new CalendarError(
      'timeZone',
      `${JSON.stringify(c.timeZone)} is not a time zone this runtime knows; use an IANA name such as "Europe/Berlin" or "America/New_York".`,
    );
  }
  if (!Array.isArray(c.holidays)) {
    throw new CalendarError('holidays', 'expected a list of "YYYY-MM-DD" dates (use [] for none).');
  }
  c.holidays.forEach((h: unknown, i) => {
    if (typeof h !== 'string' || civilDayOfText(h) === undefined) {
      throw new CalendarError(
        `holidays[${i}]`,
        `${JSON.stringify(h)} is not a real date; write it as "YYYY-MM-DD", e.g. "2026-12-25".`,
      );
    }
  });
  if (c.hours === undefined) return;
  const hours = c.hours;
  if (!isRecord(hours)) {
    throw new CalendarError(
      'hours',
      'expected { start: "09:00", end: "17:00", days: ["mon", ...] }, or leave hours out for around the clock.',
    );
  }
  const start = typeof hours.start === 'string' ? minutesOf(hours.start) : undefined;
  if (start === undefined || start === 24 * 60) {
    throw new CalendarError(
      'hours.start',
      `${JSON.stringify(hours.start)} is not a time of day; write "HH:MM" with two-digit hours, e.g. "09:00".`,
    );
  }
  const end = typeof hours.end === 'string' ? minutesOf(hours.end) : undefined;
  if (end === undefined) {
    throw new CalendarError(
      'hours.end',
      `${JSON.stringify(hours.end)} is not a time of day; write "HH:MM" with two-digit hours, e.g. "17:00" (or "24:00" for midnight).`,
    );
  }
  if (end <= start) {
    throw new CalendarError(
      'hours.end',
      `"${hours.end}" must be after hours.start "${hours.start}"; shifts that cross midnight are not supported.`,
    );
  }
  if (start === 0 && end === 24 * 60) {
    throw new CalendarError(
      'hours',
      '"00:00" to "24:00" is not supported; to work around the clock, leave hours out of the calendar.',
    );
  }
  if (!Array.isArray(hours.days) || hours.days.length === 0) {
    throw new CalendarError(
      'hours.days',
      'list at least one working day, e.g. ["mon", "tue", "wed", "thu", "fri"]; a calendar with no working days would never reach a deadline.',
    );
  }
  const seen = new Set<unknown>();
  hours.days.forEach((day: unknown, i) => {
    if (typeof day !== 'string' || !(WEEKDAYS as readonly string[]).includes(day)) {
      throw new CalendarError(
        `hours.days[${i}]`,
        `${JSON.stringify(day)} is not one of ${WEEKDAYS.join(', ')}.`,
      );
    }
    if (seen.has(day)) {
      throw new CalendarError(`hours.days[${i}]`, `"${day}" is listed twice; did you mean another day?`);
    }
    seen.add(day);
  });
}

// ---------------------------------------------------------------------------
// Shared with business-time.ts. A "civil day" is a calendar date in the
// calendar's zone, numbered as days since 1970-01-01, so stepping through days
// is integer arithmetic and only window edges need zone conversions.

/** @internal */
export type CompiledCalendar = {
  timeZone: string;
  /** null: around the clock. */
  hours: null | {
    startMin: number;
    endMin: number;
    /** By `Date#getDay()` index. */
    workday: readonly boolean[];
    daysPerWeek: number;
  };
  holidays: ReadonlySet<number>;
  /** Working windows by civil day, as computed: each costs four zone look-ups. */
  windows: Map<number, readonly [number, number] | null>;
};

/** Days of windows a compiled calendar keeps before starting over. */
const MAX_WINDOWS = 4096;

/** @internal A calendar with working hours: the only kind that has windows. */
export type HoursCalendar = CompiledCalendar & { hours: NonNullable<CompiledCalendar['hours']> };

/** @internal */
export function hasHours(cc: CompiledCalendar): cc is HoursCalendar {
  return cc.hours !== null;
}

/**
 * Compiled calendars by what they say: a handoff plans several windows and a
 * burst opens thousands, each with a team calendar built afresh from the same
 * config. Keyed by content, not identity, so a calendar changed in place is
 * compiled again; only valid calendars are kept, and few distinct ones exist.
 */
const compiled = new Map<string, CompiledCalendar>();
const MAX_COMPILED = 256;

/** @internal Validates and precomputes, once per distinct calendar. */
export function compileCalendar(cal: WorkCalendar): CompiledCalendar {
  // A frozen calendar (the directory's, one per team) is known by identity; others by content.
  const held = byObject.get(cal);
  if (held) return held;
  const key = contentKey(cal);
  const known = key === undefined ? undefined : compiled.get(key);
  const cc = known ?? compileFresh(cal);
  if (!known && key !== undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, cc);
  }
  if (Object.isFrozen(cal)) byObject.set(cal, cc);
  return cc;
}

const byObject = new WeakMap<WorkCalendar, CompiledCalendar>();

function contentKey(cal: WorkCalendar): string | undefined {
  try {
    return JSON.stringify([cal.timeZone, cal.hours ?? null, cal.holidays]);
  } catch {
    return undefined;
  }
}

function compileFresh(cal: WorkCalendar): CompiledCalendar {
  assertValidCalendar(cal);
  const holidays = new Set<number>();
  for (const h of cal.holidays) holidays.add(civilDayOfText(h)!);
  if (!cal.hours) return { timeZone: cal.timeZone, hours: null, holidays, windows: new Map() };
  const workday = WEEKDAYS.map((d) => cal.hours!.days.includes(d));
  return {
    timeZone: cal.timeZone,
    hours: {
      startMin: minutesOf(cal.hours.start)!,
      endMin: minutesOf(cal.hours.end)!,
      workday,
      daysPerWeek: workday.filter(Boolean).length,
    },
    holidays,
    windows: new Map(),
  };
}

/** @internal Throws unless `value` is a Date holding a real instant. */
export function instantOf(name: string, value: Date): number {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(t)) {
    throw new BatonError(
      'INVALID_ARGUMENT',
      `${name} must be a valid Date, got ${String(value)}; build it from a timestamp or an ISO string with an offset.`,
    );
  }
  return t;
}

/** @internal Day of the week of a civil day, 0 = Sunday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

/** @internal The zone's offset from UTC at instant `t`, in milliseconds. */
export function offsetMs(timeZone: string, t: number): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = { hours: new Map(), instants: new Map() };
    offsets.set(timeZone, zone);
  }
  const hour = Math.floor(t / HOUR_MS);
  const even = zone.hours.get(hour);
  if (even !== undefined) return even ?? zoneOffset(zone, timeZone, t);
  // The same offset at an hour's first and last millisecond: no change of offset in between
  // (no zone has changed its offset and back within an hour), so every instant of it has it.
  const first = zoneOffset(zone, timeZone, hour * HOUR_MS);
  const last = zoneOffset(zone, timeZone, hour * HOUR_MS + HOUR_MS - 1);
  if (zone.hours.size >= MAX_OFFSETS) zone.hours.clear();
  zone.hours.set(hour, first === last ? first : null);
  return first === last ? first : zoneOffset(zone, timeZone, t);
}

/** The offset at one instant, as tzOffset gives it (minutes, with a fraction for seconds). */
function zoneOffset(zone: ZoneOffsets, timeZone: string, t: number): number {
  const known = zone.instants.get(t);
  if (known !== undefined) return known;
  const offset = Math.round(tzOffset(timeZone, new Date(t)) * MINUTE_MS);
  if (zone.instants.size >= MAX_OFFSETS) zone.instants.clear();
  zone.instants.set(t, offset);
  return offset;
}

/**
 * Offsets by zone: by hour where one offset holds for the whole hour (nearly every hour), else
 * by exact instant. Planning a handoff's windows, and recording how long a step took, ask for
 * the same hours (now, each deadline) again and again, and each answer is a formatted date
 * (`Intl`) otherwise.
 */
interface ZoneOffsets {
  /** Hour number (epoch hours) -> its one offset, or null when it changes within the hour. */
  hours: Map<number, number | null>;
  instants: Map<number, number>;
}
const offsets = new Map<string, ZoneOffsets>();
const MAX_OFFSETS = 4096;
const HOUR_MS = 3_600_000;

/** @internal The civil day holding instant `t`, and the wall-clock time in it. */
export function wallClockOf(timeZone: string, t: number): { day: number; msOfDay: number } {
  const local = t + offsetMs(timeZone, t);
  const day = Math.floor(local / DAY_MS);
  return { day, msOfDay: local - day * DAY_MS };
}

/** The date (`YYYY-MM-DD`) in `timeZone` at `at`, without formatting a zoned date. */
export function dateIn(timeZone: string, at: Date): string {
  return new Date(wallClockOf(timeZone, at.getTime()).day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * @internal The instant showing `msOfDay` (may be 24:00 or more) on civil day
 * `day`. A time shown twice (clocks going back) gives the earlier instant; a
 * time skipped (clocks going forward) is read with the offset from before the
 * change, so it lands after the gap (02:30 -> 03:30), as in RFC 5545.
 *
 * Not `new TZDate(y, m, d, h, min, zone)`: @date-fns/tz 1.5 resolves those two
 * cases through the host's time zone (date-fns/tz issues #37 and #40), so a
 * deadline computed on a laptop and on a server could differ by an hour.
 */
export function zonedInstant(timeZone: string, day: number, msOfDay: number): number {
  const local = day * DAY_MS + msOfDay;
  // Offsets a day either side: from 1990 to 2040 no zone changed its offset
  // twice within a week, so at most one change lies between these two.
  const before = offsetMs(timeZone, local - DAY_MS);
  const after = offsetMs(timeZone, local + DAY_MS);
  const withBefore = local - before;
  if (before === after) return withBefore;
  const withAfter = local - after;
  const beforeFits = withBefore + offsetMs(timeZone, withBefore) === local;
  const afterFits = withAfter + offsetMs(timeZone, withAfter) === local;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
  if (afterFits) return withAfter;
  return withBefore;
}

/** @internal */
export function isWorkingDay(cc: HoursCalendar, day: number): boolean {
  return cc.hours.workday[weekdayOf(day)] === true && !cc.holidays.has(day);
}

/**
 * @internal [start, end) of the working window of civil day `day`, or null on a
 * day off. Computed from wall-clock times on that very day, so a DST change
 * inside the window shortens or lengthens it by the real amount.
 */
export function workingWindow(cc: HoursCalendar, day: number): readonly [number, number] | null {
  const known = cc.windows.get(day);
  if (known !== undefined) return known;
  const window = computeWindow(cc, day);
  if (cc.windows.size >= MAX_WINDOWS) cc.windows.clear();
  cc.windows.set(day, window);
  return window;
}

function computeWindow(cc: HoursCalendar, day: number): readonly [number, number] | null {
  if (!isWorkingDay(cc, day)) return null;
  const start = zonedInstant(cc.timeZone, day, cc.hours.startMin * MINUTE_MS);
  const end = zonedInstant(cc.timeZone, day, cc.hours.endMin * MINUTE_MS);
  // Only a window lying wholly inside a DST gap can collapse; treat it as a day off.
  return end > start ? [start, end] : null;
}

/**
 * True if `at` lies in a working window (start inclusive, end exclusive).
 * Calendars without hours are always working, holidays included.
 */
export function isWorkingTime(cal: WorkCalendar, at: Date): boolean {
  const cc = compileCalendar(cal);
  const t = instantOf('at', at);
  if (!hasHours(cc)) return true;
  const window = workingWindow(cc, wallClockOf(cc.timeZone, t).day);
  return window !== null && window[0] <= t && t < window[1];
}
