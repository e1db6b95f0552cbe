import { primaryLanguage } from '../domain/languages.js';
import { intlLocale, languageName, nativeLanguageName } from './format.js';

/**
 * Customer languages a form offers even when nobody in the organisation
 * speaks them yet: the customer's language is a fact about the customer, and
 * recording it is how a team learns it needs a speaker.
 */
export const COMMON_LANGUAGES: readonly string[] = [
  'en',
  'ko',
  'ja',
  'zh',
  'es',
  'fr',
  'de',
  'pt',
  'it',
  'nl',
  'sv',
  'da',
  'nb',
  'fi',
  'pl',
  'cs',
  'tr',
  'ru',
  'uk',
  'ar',
  'he',
  'hi',
  'id',
  'ms',
  'th',
  'vi',
  'fil',
  'el',
  'hu',
  'ro',
];

export interface LanguageChoice {
  /** The primary subtag (`ko`), the form's value. */
  code: string;
  /** "Korean · 한국어" for an English reader, "한국어" for a Korean one. */
  label: string;
  /** Someone in the organisation serves customers in it. */
  spoken: boolean;
}

/**
 * Whether a typed code names a language (`ko`, `pt-BR`, `zh-Hant-TW`): a
 * well-formed BCP 47 tag whose primary subtag the runtime knows by name.
 * Text sources (commands, imports) check with this; forms offer choices.
 */
export function isLanguageCode(text: string): boolean {
  const primary = primaryLanguage(text);
  if (!primary) return false;
  try {
    Intl.getCanonicalLocales(text.trim().replace(/_/g, '-'));
  } catch {
    return false;
  }
  return languageName(primary, 'en') !== primary;
}

/** "Korean · 한국어"; only the name when the reader's own word is the native one. */
export function languageLabel(code: string, locale: string): string {
  const name = languageName(code, locale);
  const native = nativeLanguageName(code);
  return native && native !== name && native !== code ? `${name} · ${native}` : name;
}

/**
 * The languages a form offers for a customer: the common ones, every one
 * somebody in the organisation serves (`spoken`, from `people.*.languages`)
 * and the customer's current one, so a rare language already in use is never
 * lost. Languages someone speaks come first, each group in the reader's
 * alphabetical order. `selected` is the current one as offered (`ko-KR` → `ko`).
 */
export function languageChoices(input: {
  spoken: Iterable<string>;
  locale: string;
  current?: string | undefined;
}): { choices: LanguageChoice[]; selected?: string } {
  const spoken = new Set<string>();
  for (const l of input.spoken) {
    const p = primaryLanguage(l);
    if (p && isLanguageCode(p)) spoken.add(p);
  }
  const current = primaryLanguage(input.current);
  const codes = new Set([...spoken, ...COMMON_LANGUAGES]);
  if (current) codes.add(current);
  const collator = new Intl.Collator(intlLocale(input.locale));
  const choices = [...codes]
    .map((code) => ({ code, label: languageLabel(code, input.locale), spoken: spoken.has(code) }))
    .sort((a, b) => Number(b.spoken) - Number(a.spoken) || collator.compare(a.label, b.label));
  return { choices, ...(current ? { selected: current } : {}) };
}
