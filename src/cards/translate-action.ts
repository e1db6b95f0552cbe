import type { Handoff } from '../domain/types.js';
import { t } from '../i18n/translate.js';
import { hasFreeText } from '../translation/free-text.js';
import { type TranslateAction, translateValue } from './model.js';

/** The Translate button for a handoff: only with a provider set up and something people wrote on it. */
export function handoffTranslate(
  on: boolean | undefined,
  h: Handoff,
  locale: string,
): { translate: TranslateAction } | Record<string, never> {
  if (!on || !hasFreeText(h)) return {};
  return { translate: { label: t(locale, 'translate.button'), value: translateValue({ handoffId: h.id }) } };
}

/** The Translate button for a customer's view, when any of it is what people wrote. */
export function customerTranslate(
  on: boolean | undefined,
  customerId: string,
  wroteAnything: boolean,
  locale: string,
): { translate: TranslateAction } | Record<string, never> {
  if (!on || !wroteAnything) return {};
  return { translate: { label: t(locale, 'translate.button'), value: translateValue({ customerId }) } };
}
