/**
 * Dates, numbers and names in the reader's language. None of these throw: a
 * bad locale, zone or date from config or data degrades to something readable
 * rather than breaking a card or a reply.
 */

import { kept } from '../kept.js';

/** Languages Baton has a catalog for; everything else is spoken to in English. */
export const CATALOG_LANGUAGES = ['en', 'ko'] as const;
export type CatalogLanguage = (typeof CATALOG_LANGUAGES)[number];

// Building an Intl formatter costs far more than using one (a Slack /cx answer
// formats dozens of dates): each is made once per locale and options. Bounded,
// because locales and zones come from config and data.
const formatters = new Map<string, unknown>();
function memo<T>(key: string, make: () => T): T {
  return kept(formatters as Map<string, T>, key, 1_000, make);
}

/** `ko-KR` → `ko`, `es` → `en`. */
export function catalogLanguage(locale: string): CatalogLanguage {
  // Asked for every message and date of a card: a look-up, not a parse.
  return kept(catalogLanguages, locale, 1_000, () => {
    const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
    return CATALOG_LANGUAGES.find((l) => l === primary) ?? 'en';
  });
}
const catalogLanguages = new Map<string, CatalogLanguage>();

/**
 * The locale used for Intl. It follows the catalog language so the words and
 * the dates around them agree: a Spanish reader gets English text, so English
 * dates too, while `en-GB` keeps its own date order.
 */
export function intlLocale(locale: string): string {
  // Asked for by every number, date and language name shown: a look-up without building a key.
  return kept(intlLocales, locale, 1_000, () => resolveIntlLocale(locale));
}
const intlLocales = new Map<string, string>();

function resolveIntlLocale(locale: string): string {
  const lang = catalogLanguage(locale);
  try {
    const [canonical] = Intl.getCanonicalLocales(locale.trim().replace(/_/g, '-'));
    if (canonical?.toLowerCase().split('-')[0] === lang) return canonical;
  } catch {
    // not a BCP 47 tag: fall through to the catalog language
  }
  return lang;
}

function safeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  return memo(`zone|${timeZone}`, () => {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      return timeZone;
    } catch {
      return 'UTC';
    }
  });
}

function toDate(at: Date | string): Date | undefined {
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// ICU's Korean data writes AM/PM in abbreviated form; people read 오전/오후.
const KO_DAY_PERIOD: Record<string, string> = { AM: '오전', PM: '오후' };

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };

function formatParts(d: Date, locale: string, shape: 'dateTime' | 'date', timeZone: string): string {
  const loc = intlLocale(locale);
  const format = memo(
    `dtf|${loc}|${shape}|${timeZone}`,
    () => new Intl.DateTimeFormat(loc, { ...(shape === 'dateTime' ? DATE_TIME : DATE), timeZone }),
  );
  // ICU 72+ puts a narrow no-break space before AM/PM, older ICU a plain one:
  // one form keeps cards identical whichever Node renders them. `format` is
  // the parts joined; only Korean needs them one by one.
  if (catalogLanguage(loc) !== 'ko') return format.format(d).replace(/\u202f/g, ' ');
  return format
    .formatToParts(d)
    .map((p) => (p.type === 'dayPeriod' ? (KO_DAY_PERIOD[p.value] ?? p.value) : p.value))
    .join('')
    .replace(/\u202f/g, ' ');
}

/** "Nov 24, 2026, 3:00 PM EST"; "2026년 11월 25일 오전 5:00 GMT+9". */
export function formatDateTime(at: Date | string, locale: string, timeZone: string): string {
  const d = toDate(at);
  if (!d) return String(at);
  // A deadline is shown again and again (every queue, every card update), and a new one
  // (an accept's first-contact deadline) is formatted for its confirmation: ICU took up to
  // a tenth of a millisecond a time with the zone's name. The text shows minutes, so it is
  // kept per minute: every time within one reads the same.
  const key = `${Math.floor(d.getTime() / MINUTE)}|${locale}|${timeZone}`;
  let text = dateTimes.get(key);
  if (text === undefined) {
    text = formatParts(d, locale, 'dateTime', safeZone(timeZone));
    if (dateTimes.size >= 10_000) dateTimes.clear();
    dateTimes.set(key, text);
  }
  return text;
}
const dateTimes = new Map<string, string>();

/**
 * "Jan 15, 2027". A plain `YYYY-MM-DD` (a go-live date) is a calendar date,
 * not an instant: it is shown as written, whatever the reader's zone, instead
 * of slipping to the day before west of UTC.
 */
export function formatDate(at: Date | string, locale: string, timeZone = 'UTC'): string {
  const d = toDate(at);
  if (!d) return String(at);
  const zone = typeof at === 'string' && DATE_ONLY.test(at.trim()) ? 'UTC' : safeZone(timeZone);
  return formatParts(d, locale, 'date', zone);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

/** "in 3 hours", "2 days ago", "3시간 후". */
export function formatRelative(at: Date | string, now: Date, locale: string): string {
  const d = toDate(at);
  if (!d) return String(at);
  const diff = d.getTime() - now.getTime();
  const loc = intlLocale(locale);
  const rtf = memo(`rtf|${loc}`, () => new Intl.RelativeTimeFormat(loc, { numeric: 'auto' }));
  // `|| 0` turns -0 into 0, which would otherwise read "0 seconds ago".
  const round = (unit: number) => Math.round(diff / unit) || 0;
  if (Math.abs(round(SECOND)) < 60) return rtf.format(round(SECOND), 'second');
  if (Math.abs(round(MINUTE)) < 60) return rtf.format(round(MINUTE), 'minute');
  if (Math.abs(round(HOUR)) < 24) return rtf.format(round(HOUR), 'hour');
  if (Math.abs(round(DAY)) < 30) return rtf.format(round(DAY), 'day');
  if (Math.abs(round(MONTH)) < 12) return rtf.format(round(MONTH), 'month');
  return rtf.format(round(YEAR), 'year');
}

function unit(value: number, unitName: string, locale: string): string {
  const loc = intlLocale(locale);
  const format = () =>
    memo(
      `unit|${loc}|${unitName}`,
      () => new Intl.NumberFormat(loc, { style: 'unit', unit: unitName, unitDisplay: 'long' }),
    ).format(value);
  // "2 days" is asked for on every deadline shown: the few whole lengths in use are kept as text.
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return format();
  const key = `${value}|${unitName}|${loc}`;
  let text = unitTexts.get(key);
  if (text === undefined) {
    text = format();
    if (unitTexts.size >= 10_000) unitTexts.clear();
    unitTexts.set(key, text);
  }
  return text;
}
const unitTexts = new Map<string, string>();

/** A length of time in its largest sensible unit: "2 days", "5 hours", "1 minute". */
export function formatDuration(ms: number, locale: string): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return unit(Math.round(abs / DAY), 'day', locale);
  if (abs >= HOUR) return unit(Math.round(abs / HOUR), 'hour', locale);
  return unit(Math.max(1, Math.round(abs / MINUTE)), 'minute', locale);
}

/** "3 days", "3일". */
export function formatDays(days: number, locale: string): string {
  return unit(days, 'day', locale);
}

export function formatNumber(n: number, locale: string): string {
  const loc = intlLocale(locale);
  const numbers = kept(numberFormats, loc, 1_000, () => ({
    format: new Intl.NumberFormat(loc),
    whole: new Map<number, string>(),
  }));
  // Counts ("…and 1,230 more", "3 handoffs") are whole numbers, formatted again and again.
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return numbers.format.format(n);
  return kept(numbers.whole, n, 10_000, () => numbers.format.format(n));
}
const numberFormats = new Map<string, { format: Intl.NumberFormat; whole: Map<number, string> }>();

/** "$120,000", "US$120,000"; cents only when there are any. */
export function formatMoney(amount: number, locale: string, currency = 'USD'): string {
  try {
    const whole = Number.isInteger(amount) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
    const money = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency, ...whole });
    return money.format(amount);
  } catch {
    return `${formatNumber(amount, locale)} ${currency}`;
  }
}

/** "Korean" for an English reader, "한국어" for a Korean one; the code itself when unknown. */
export function languageName(code: string, locale: string): string {
  // Every queue line and customer view names a language: ICU's look-up behind `of` cost
  // 25 ms of 1.7 s in the Slack bench's closed loop, for a handful of distinct answers.
  return kept(languageNames, `${locale}|${code}`, 1_000, () => {
    try {
      const loc = intlLocale(locale);
      return (
        memo(`names|${loc}`, () => new Intl.DisplayNames(loc, { type: 'language', fallback: 'code' })).of(
          code,
        ) ?? code
      );
    } catch {
      return code;
    }
  });
}
const languageNames = new Map<string, string>();

/** The language's name in itself ("한국어", "日本語"), for readers who do not know its English name. */
export function nativeLanguageName(code: string): string {
  try {
    return memo(
      `native|${code}`,
      () => new Intl.DisplayNames([code], { type: 'language', fallback: 'code' }).of(code) ?? code,
    );
  } catch {
    return code;
  }
}

/** "A, B, and C" / "A, B 및 C"; with `or`: "A or B" / "A 또는 B". */
export function formatList(items: readonly string[], locale: string, type: 'and' | 'or' = 'and'): string {
  const loc = intlLocale(locale);
  const list = memo(
    `list|${loc}|${type}`,
    () => new Intl.ListFormat(loc, { style: 'long', type: type === 'and' ? 'conjunction' : 'disjunction' }),
  );
  return list.format(items);
}
