import { primaryLanguage } from '../domain/languages.js';

/**
 * Languages written in a script of their own: a text whose letters are all
 * in it needs no translation for such a reader, which saves a provider call.
 * Latin-script languages are left to the provider, which tells them apart.
 */
const SCRIPTS: Record<string, RegExp> = {
  ko: /\p{Script=Hangul}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  zh: /\p{Script=Han}/u,
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
  bg: /\p{Script=Cyrillic}/u,
  el: /\p{Script=Greek}/u,
  he: /\p{Script=Hebrew}/u,
  ar: /\p{Script=Arabic}/u,
  th: /\p{Script=Thai}/u,
};

export function alreadyIn(text: string, target: string): boolean {
  const script = SCRIPTS[primaryLanguage(target) ?? ''];
  if (!script) return false;
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  return letters.length > 0 && letters.every((c) => script.test(c));
}
