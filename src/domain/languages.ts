import type { Directory } from '../config/directory.js';
import { isAway } from './away.js';

/**
 * The customer languages people serve, compared by primary subtag: a
 * customer who wants `ko-KR` is served by someone who lists `ko`, and one who
 * lists `pt-BR` serves a `pt` customer. Regional variants are not told apart:
 * a Brazilian customer is better served in European Portuguese than in a
 * language they do not speak at all.
 */
export function primaryLanguage(code: string | undefined): string | undefined {
  const primary = code?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * The language a customer is to be served in: the one recorded for them (on
 * the handoff's context first, it is the newer), else the company's default
 * (`defaults.locale`), since nobody recorded that they need another.
 */
export function servedLanguage(
  dir: Directory,
  recorded: string | undefined,
): { language: string; recorded: boolean } {
  const own = primaryLanguage(recorded);
  if (own) return { language: own, recorded: true };
  return { language: primaryLanguage(dir.config.defaults.locale) ?? 'en', recorded: false };
}

/** Whether a person lists the language among those they serve customers in. */
export function speaks(dir: Directory, person: string, language: string): boolean {
  const want = primaryLanguage(language);
  if (!want) return false;
  return (dir.person(person)?.languages ?? []).some((l) => primaryLanguage(l) === want);
}

/**
 * Team and language → speakers, per config (a reloaded config gets its own): asked for on every
 * handoff opened, and working them out parsed each member's languages again (4 % of a CRM
 * event's processing with the bench's 40-person team).
 */
const speakersByConfig = new WeakMap<object, Map<string, readonly string[]>>();

/** Members of a team (lead included, config order) who serve customers in the language. */
export function speakersIn(dir: Directory, team: string, language: string): readonly string[] {
  let known = speakersByConfig.get(dir.config);
  if (!known) {
    known = new Map();
    speakersByConfig.set(dir.config, known);
  }
  const key = `${team}\u0000${language}`;
  let list = known.get(key);
  if (!list) {
    list = Object.freeze(dir.members(team).filter((p) => speaks(dir, p, language)));
    known.set(key, list);
  }
  return list;
}

/**
 * Speakers who can take a customer today: in the team and not away (`today`
 * is the date in the team's zone, `YYYY-MM-DD`).
 */
export function reachableSpeakers(dir: Directory, team: string, language: string, today: string): string[] {
  return speakersIn(dir, team, language).filter((p) => !isAway(dir, p, today));
}
