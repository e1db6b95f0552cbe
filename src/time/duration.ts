import { parse, serialize } from 'tinyduration';
import { BatonError } from '../errors.js';

/**
 * An SLA duration split the way business time consumes it: `days` are whole
 * working days (a calendar decides which days count), `ms` is working time on
 * top of them. Keeping the two apart matters because "P1D" means "same time
 * next working day", which is not a fixed number of working milliseconds.
 */
export type IsoDuration = { days: number; ms: number };

const EXAMPLES = 'for example PT4H (4 hours), PT30M (30 minutes), P2D (2 working days) or P1DT4H';

export class DurationError extends BatonError {
  override readonly code = 'INVALID_DURATION' as const;

  constructor(message: string, details?: Record<string, unknown>) {
    super('INVALID_DURATION', message, details);
    this.name = 'DurationError';
  }
}

// tinyduration's own regular expression is not anchored and skips what it does
// not understand: "PT4M3H" parses as 4 minutes, "P1D2D" as 1 day and "xP1Dy"
// as 1 day. This gate only checks the ISO 8601 shape (designators in order,
// nothing else around them); tinyduration still does the parsing.
const NUM = '\\d+(?:[.,]\\d+)?';
const ISO_SHAPE = new RegExp(
  `^-?P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

function shapeHint(text: string): string {
  if (text.includes('-')) return 'an SLA duration cannot be negative';
  if (text !== text.toUpperCase()) return 'designators must be upper case (PT4H, not pt4h)';
  if (/^P[^T]*\d+(?:[.,]\d+)?[HS]/.test(text)) {
    return 'put a T before hours, minutes and seconds (PT4H, not P4H)';
  }
  if (!text.startsWith('P') && !text.startsWith('-P')) return 'an ISO 8601 duration starts with P';
  if (text.endsWith('T')) return 'a T must be followed by hours, minutes or seconds';
  return 'write the parts in the order P, W, D, T, H, M, S, each number followed by its designator';
}

/**
 * Parses an ISO 8601 duration for an SLA. Years and months are refused (their
 * length varies, so "P1M" would be a different SLA every month); weeks become
 * 7 days; fractional days are refused because half a working day depends on
 * the calendar (write P1DT4H instead). Fractional seconds are kept to the
 * millisecond, which is all a `Date` can hold.
 */
export function parseDuration(text: string): IsoDuration {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new DurationError(`The duration is empty: write an ISO 8601 duration, ${EXAMPLES}.`);
  }
  const trimmed = text.trim();
  if (!ISO_SHAPE.test(trimmed)) {
    throw new DurationError(`"${trimmed}" is not an ISO 8601 duration: ${shapeHint(trimmed)}; ${EXAMPLES}.`, {
      input: trimmed,
    });
  }
  let parts: ReturnType<typeof parse>;
  try {
    parts = parse(trimmed);
  } catch {
    throw new DurationError(`"${trimmed}" is not an ISO 8601 duration: it has no value; ${EXAMPLES}.`, {
      input: trimmed,
    });
  }
  if (parts.negative) {
    throw new DurationError(`"${trimmed}" is negative: an SLA duration must be zero or more, ${EXAMPLES}.`, {
      input: trimmed,
    });
  }
  if (parts.years !== undefined || parts.months !== undefined) {
    const minuteHint =
      parts.months !== undefined && parts.years === undefined && parts.weeks === undefined
        ? ` (for ${parts.months} minutes write PT${parts.months}M)`
        : '';
    throw new DurationError(
      `"${trimmed}" uses years or months${minuteHint}: their length varies, so an SLA in them is ambiguous; ` +
        `use weeks or days instead, for example P4W or P30D.`,
      { input: trimmed },
    );
  }
  const days = (parts.weeks ?? 0) * 7 + (parts.days ?? 0);
  if (!Number.isInteger(days)) {
    throw new DurationError(
      `"${trimmed}" has a fraction of a day (${days} days): working days must be whole, ` +
        `so write whole days plus hours, for example P1DT4H instead of P1.5D.`,
      { input: trimmed },
    );
  }
  const ms = Math.round(
    (parts.hours ?? 0) * MS_PER_HOUR +
      (parts.minutes ?? 0) * MS_PER_MINUTE +
      (parts.seconds ?? 0) * MS_PER_SECOND,
  );
  if (!Number.isSafeInteger(days) || !Number.isSafeInteger(ms)) {
    throw new DurationError(`"${trimmed}" is too long to be an SLA; ${EXAMPLES}.`, { input: trimmed });
  }
  return { days, ms };
}

export function isZero(d: IsoDuration): boolean {
  return d.days === 0 && d.ms === 0;
}

/**
 * Formats back to ISO 8601 so that `parseDuration(formatDuration(d))` gives
 * `d` again. Days stay days (P7D, not P1W) and the time part is split into
 * hours, minutes and seconds with at most millisecond precision.
 */
export function formatDuration(d: IsoDuration): string {
  if (!Number.isSafeInteger(d.days) || d.days < 0 || !Number.isFinite(d.ms) || d.ms < 0) {
    throw new DurationError(
      `Cannot format {days: ${d.days}, ms: ${d.ms}}: days must be a whole number >= 0 and ms a number >= 0.`,
    );
  }
  const ms = Math.round(d.ms);
  return serialize({
    days: d.days,
    hours: Math.floor(ms / MS_PER_HOUR),
    minutes: Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE),
    // Below 60 000 ms the division gives the shortest decimal (12.345, not
    // 12.3449999), and never exponent notation, which tinyduration mangles.
    seconds: (ms % MS_PER_MINUTE) / MS_PER_SECOND,
  });
}
