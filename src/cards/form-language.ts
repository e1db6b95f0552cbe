import { z } from 'zod';
import type { Directory } from '../config/directory.js';
import { languageChoices } from '../i18n/languages.js';
import { formSpeakersHint } from './speakers-hint.js';

/** The handoff form's language field, as both platforms show it: a choice, never typed text. */
export interface FormLanguage {
  options: Array<{ value: string; label: string }>;
  /** The customer's current language, preselected. */
  selected?: string;
  /** Who speaks it in the teams that receive customers; only once it is known. */
  speakers?: string;
}

/** Every language somebody in the organisation serves customers in. */
export function spokenLanguages(dir: Directory): string[] {
  return Object.values(dir.config.people).flatMap((p) => p.languages ?? []);
}

export function formLanguage(
  dir: Directory,
  input: { current: string | undefined; locale: string; toTeam: string },
): FormLanguage {
  const { choices, selected } = languageChoices({
    spoken: spokenLanguages(dir),
    locale: input.locale,
    current: input.current,
  });
  const speakers = formSpeakersHint(dir, { toTeam: input.toTeam, language: selected, locale: input.locale });
  return {
    options: choices.map((c) => ({ value: c.code, label: c.label })),
    ...(selected ? { selected } : {}),
    ...(speakers ? { speakers } : {}),
  };
}

/**
 * What a submitted language must be: one of the codes the form offered (the
 * offer does not depend on the reader, so any reader's form checks alike).
 * A forged or stale value is refused, never stored.
 */
export function offeredLanguageSchema(dir: Directory, current: string | undefined): z.ZodType<string> {
  const codes = languageChoices({ spoken: spokenLanguages(dir), locale: 'en', current }).choices.map(
    (c) => c.code,
  );
  return z.string().refine((v) => codes.includes(v));
}
