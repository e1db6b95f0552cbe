import type { Directory } from '../../../src/config/directory.js';
import {
  formatDate,
  formatDuration,
  formatNumber,
  intlLocale,
  languageName,
  t,
} from '../../../src/i18n/translate.js';
import type { FigureKind } from '../../../src/views/dashboard/overview.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  const hit = formatters.get(key);
  if (hit) return hit as T;
  if (formatters.size > 200) formatters.clear();
  const made = make();
  formatters.set(key, made);
  return made;
}

/** "87%", "87%" (ko): shares are whole percents. */
export function formatRate(rate: number, locale: string): string {
  const loc = intlLocale(locale);
  return cached(
    `pct|${loc}`,
    () => new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 }),
  ).format(rate);
}

/** One decimal under ten, whole numbers above: "2.5", "14". */
const rounded = (n: number) => (n < 10 ? Math.round(n * 10) / 10 : Math.round(n));

/**
 * Business time in the unit people plan in: minutes under an hour, hours
 * under two working days, then working days of `dayMs` (the team's hours).
 */
export function formatBusiness(ms: number, dayMs: number, locale: string): string {
  if (ms < HOUR) {
    const minutes = Math.round(ms / MINUTE);
    return minutes === 1
      ? t(locale, 'figures.duration.businessMinute')
      : t(locale, 'figures.duration.businessMinutes', { count: minutes });
  }
  if (ms < 2 * dayMs) {
    const hours = rounded(ms / HOUR);
    return hours === 1
      ? t(locale, 'figures.duration.businessHour')
      : t(locale, 'figures.duration.businessHours', { count: hours });
  }
  const days = rounded(ms / dayMs);
  return days === 1
    ? t(locale, 'figures.duration.businessDay')
    : t(locale, 'figures.duration.businessDays', { count: days });
}

/** A figure in words, "No data" when there is none. */
export function formatFigure(
  value: number | null | undefined,
  kind: FigureKind,
  locale: string,
  dayMs: number,
): string {
  if (value === null || value === undefined) return t(locale, 'figures.noData');
  switch (kind) {
    case 'count':
      return formatNumber(value, locale);
    case 'rate':
      return formatRate(value, locale);
    case 'business':
      return formatBusiness(value, dayMs, locale);
    case 'wall':
      return formatDuration(value, locale);
  }
}

/** A week key (a Monday, yyyy-MM-dd) as a calendar date: "Nov 23, 2026". */
export const weekLabel = (week: string, locale: string) => formatDate(week, locale);

/** A week key short enough for a chart axis: "Nov 23", "11월 23일". */
export function weekShort(week: string, locale: string): string {
  const loc = intlLocale(locale);
  const d = new Date(`${week}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return week;
  return cached(
    `wk|${loc}`,
    () => new Intl.DateTimeFormat(loc, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
  ).format(d);
}

export function sourceLabel(source: string, dir: Directory, locale: string): string {
  if (source === 'person') return t(locale, 'figures.source.person');
  if (source === 'phrase') return t(locale, 'figures.source.phrase');
  if (source === 'silence') return t(locale, 'figures.source.silence');
  return dir.systemName(source);
}

export function languageLabel(code: string, locale: string): string {
  return code === 'und' ? t(locale, 'figures.language.und') : languageName(code, locale);
}
