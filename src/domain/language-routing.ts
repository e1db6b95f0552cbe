import type { Directory } from '../config/directory.js';
import type { Playbook } from '../playbooks/schema.js';
import { dateIn } from '../time/calendar.js';
import { isAway } from './away.js';
import { primaryLanguage, reachableSpeakers, servedLanguage, speaks } from './languages.js';
import type { Customer, Handoff, HandoffContext, HandoffState } from './types.js';

/** Today in a team's zone: who is away is decided by the team's own calendar day. */
export const teamToday = (dir: Directory, team: string, now: Date): string =>
  dateIn(dir.calendar(team).timeZone, now);

/**
 * The language a handoff's customer is served in (context first, it is the
 * newer). `recorded` is false when nothing was recorded and the company's
 * default is assumed.
 */
export function handoffLanguage(
  dir: Directory,
  context: HandoffContext,
  customer: Pick<Customer, 'language'> | undefined,
): { language: string; recorded: boolean } {
  const fromContext = typeof context.language === 'string' ? context.language : undefined;
  return servedLanguage(dir, primaryLanguage(fromContext) ? fromContext : customer?.language);
}

/**
 * A language other than the company's default: only for those does Baton
 * look for a fallback and report a gap. The default is what the company works
 * in (a config listing nobody's languages must not flag every customer).
 */
export const needsSpeaker = (dir: Directory, language: { language: string; recorded: boolean }): boolean =>
  language.recorded && language.language !== servedLanguage(dir, undefined).language;

/** The playbook's fallback for a language (`languages: { ko: care-korea }`), by primary subtag. */
export function playbookFallback(
  dir: Directory,
  pb: Pick<Playbook, 'languages'> | undefined,
  language: string,
): { kind: 'team' | 'person'; key: string } | undefined {
  const want = primaryLanguage(language);
  for (const [lang, key] of Object.entries(pb?.languages ?? {})) {
    if (primaryLanguage(lang) !== want) continue;
    if (dir.team(key)) return { kind: 'team', key };
    if (dir.person(key)) return { kind: 'person', key };
  }
  return undefined;
}

export interface LanguageRoute {
  language: string;
  /** False when the customer has no language recorded and is served in the company's default. */
  recorded: boolean;
  /** The team the handoff goes to: the playbook's, or its fallback team for the language. */
  team: string;
  /** The playbook's fallback person for the language: assigned, and the card goes to them. */
  person?: string;
  /** The fallback taken, for the audit log. */
  fallback?: { kind: 'team' | 'person'; key: string };
  /** Reachable speakers of the language in `team`. */
  speakers: string[];
}

/**
 * Where a handoff into `team` goes for its customer's language. The team's
 * own speakers come first; only when none is reachable today is the
 * playbook's fallback for the language taken, and only when it can serve
 * (a team with a reachable speaker, a person who is not away): sending the
 * customer to a fallback that cannot serve them either would only move the
 * gap. The company's default language never takes a fallback.
 */
export function routeByLanguage(
  dir: Directory,
  pb: Pick<Playbook, 'languages'> | undefined,
  team: string,
  language: { language: string; recorded: boolean },
  now: Date,
): LanguageRoute {
  const speakers = reachableSpeakers(dir, team, language.language, teamToday(dir, team, now));
  const base: LanguageRoute = { ...language, team, speakers };
  if (speakers.length > 0 || !needsSpeaker(dir, language)) return base;
  const fallback = playbookFallback(dir, pb, language.language);
  if (!fallback || fallback.key === team) return base;
  if (fallback.kind === 'team') {
    const there = reachableSpeakers(dir, fallback.key, language.language, teamToday(dir, fallback.key, now));
    return there.length > 0 ? { ...language, team: fallback.key, fallback, speakers: there } : base;
  }
  const home = dir.person(fallback.key)?.team ?? team;
  if (isAway(dir, fallback.key, teamToday(dir, home, now))) return base;
  return { ...base, person: fallback.key, fallback };
}

/** Live states, where somebody still has to serve the customer. */
const SERVING: readonly HandoffState[] = ['open', 'accepted', 'contacted'];

/**
 * Nobody who serves the customer's recorded language can take them: not the
 * person who has the handoff, not a reachable member of its team, not the
 * playbook's fallback person for the language. Worked out from the
 * directory each time it is asked (a card rendered after a speaker was added
 * or the handoff was reassigned to one no longer shows it).
 */
export function languageGap(
  dir: Directory,
  handoff: Handoff,
  customer: Pick<Customer, 'language'> | undefined,
  now: Date,
): { language: string; team: string } | undefined {
  if (!SERVING.includes(handoff.state)) return undefined;
  const served = handoffLanguage(dir, handoff.context, customer);
  if (!needsSpeaker(dir, served)) return undefined;
  const { language } = served;
  const holder = handoff.owner ?? handoff.assignee;
  if (holder && speaks(dir, holder, language)) return undefined;
  const fallback = playbookFallback(dir, dir.playbook(handoff.playbook), language);
  if (holder && fallback?.kind === 'person' && fallback.key === holder) return undefined;
  if (reachableSpeakers(dir, handoff.to, language, teamToday(dir, handoff.to, now)).length > 0)
    return undefined;
  return { language, team: handoff.to };
}
