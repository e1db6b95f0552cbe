/**
 * A reader's BCP 47 locale as each provider names the language. Both want
 * the bare language for most; they differ on English, Portuguese and Chinese.
 */
function parts(locale: string): { lang: string; region: string; script: string } {
  const [lang = 'en', ...rest] = locale.trim().split(/[-_]/);
  const region = rest.find((p) => /^[A-Za-z]{2}$|^\d{3}$/.test(p)) ?? '';
  const script = rest.find((p) => /^[A-Za-z]{4}$/.test(p)) ?? '';
  return { lang: lang.toLowerCase(), region: region.toUpperCase(), script: script.toLowerCase() };
}

const TRADITIONAL = new Set(['TW', 'HK', 'MO']);

/** DeepL refuses a bare `en` or `pt` as a target: it wants the variant. */
export function deeplTarget(locale: string): string {
  const { lang, region, script } = parts(locale);
  if (lang === 'en') return region === 'GB' || region === 'AU' || region === 'IE' ? 'en-GB' : 'en-US';
  if (lang === 'pt') return region === 'PT' ? 'pt-PT' : 'pt-BR';
  if (lang === 'zh') return script === 'hant' || TRADITIONAL.has(region) ? 'zh-HANT' : 'zh-HANS';
  return lang;
}

/** Azure names Chinese by script and keeps a few regional variants. */
export function azureTarget(locale: string): string {
  const { lang, region, script } = parts(locale);
  if (lang === 'zh') return script === 'hant' || TRADITIONAL.has(region) ? 'zh-Hant' : 'zh-Hans';
  if (lang === 'pt' && region === 'PT') return 'pt-pt';
  if (lang === 'fr' && region === 'CA') return 'fr-ca';
  return lang;
}
