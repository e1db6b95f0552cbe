import { type Catalog, en, type MessageKey } from './en.js';
import { type CatalogLanguage, catalogLanguage, formatNumber } from './format.js';
import { JOSA_MARKERS, type JosaMarker, josa } from './josa.js';
import { ko } from './ko.js';

export type { Catalog, MessageKey } from './en.js';
export {
  CATALOG_LANGUAGES,
  type CatalogLanguage,
  catalogLanguage,
  formatDate,
  formatDateTime,
  formatDays,
  formatDuration,
  formatList,
  formatMoney,
  formatNumber,
  formatRelative,
  intlLocale,
  languageName,
  nativeLanguageName,
} from './format.js';

const CATALOGS: Record<CatalogLanguage, Catalog> = { en, ko };

const escapeRe = (s: string) => s.replace(/[()]/g, '\\$&');
const PLACEHOLDER = new RegExp(`\\{(\\w+)\\}(${JOSA_MARKERS.map(escapeRe).join('|')})?`, 'g');

export type MessageVars = Record<string, string | number>;

/**
 * Baton's words in the reader's language (`ko-KR` → Korean, anything without
 * a catalog → English). Numbers are formatted for the locale. A placeholder
 * without a value stays visible as `{name}`: a missing word is a bug to see,
 * not to hide.
 */
export function t(locale: string, key: MessageKey, vars?: MessageVars): string {
  const lang = catalogLanguage(locale);
  const template = CATALOGS[lang][key];
  if (!vars) return template;
  let out = '';
  for (const part of partsOf(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const raw = vars[part.name];
    if (raw === undefined) {
      out += part.whole;
      continue;
    }
    const value = typeof raw === 'number' ? formatNumber(raw, locale) : raw;
    out += part.marker ? value + josa(value, part.marker) : value;
  }
  return out;
}

type Part = string | { name: string; marker: JosaMarker | undefined; whole: string };
const compiled = new Map<string, Part[]>();

/**
 * A template cut once into its text and its placeholders: matching the placeholder pattern
 * (with its josa markers) on every call took 1.5 % of Baton's CPU in the Slack bench.
 */
function partsOf(template: string): Part[] {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push(template.slice(at, m.index));
    parts.push({ name: m[1] ?? '', marker: m[2] as JosaMarker | undefined, whole: m[0] });
    at = m.index + m[0].length;
  }
  if (at < template.length) parts.push(template.slice(at));
  compiled.set(template, parts);
  return parts;
}

/** Lets callers turn an outcome code (`NOT_ALLOWED`) into `reply.NOT_ALLOWED` without a cast. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The reply for a service outcome code; unknown codes get the generic apology, never an empty reply. */
export function replyKey(code: string): MessageKey {
  const key = `reply.${code}`;
  return isMessageKey(key) ? key : 'reply.INTERNAL';
}

/** The placeholder names in a message, for checking that translations keep them all. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** Field labels: known context fields are translated; others are made readable from their name. */
export function fieldLabel(field: string, locale: string): string {
  const key = `field.${field}`;
  return isMessageKey(key) ? t(locale, key) : humanizeField(field);
}

/** `implementationPartner` → "Implementation partner", `csm_name` → "Csm name", `CSMName` → "CSM name". */
export function humanizeField(field: string): string {
  const words = field
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => {
      if (w.length > 1 && w === w.toUpperCase()) return w;
      const lower = w.toLowerCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    });
  return words.join(' ') || field;
}
