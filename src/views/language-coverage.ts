import type { Directory } from '../config/directory.js';
import { playbookFallback } from '../domain/language-routing.js';
import { primaryLanguage, servedLanguage, speakersIn } from '../domain/languages.js';
import type { Store, TeamLanguageCount } from '../store/store.js';
import { journeyRank } from './dashboard/period.js';

/** One customer language of a team: how many customers want it and who serves it. */
export interface CoverageLine {
  /** Primary subtag (`ko`). */
  language: string;
  customers: number;
  /** Of `customers`, those with no language recorded, counted under the company default. */
  byDefault: number;
  /** The team's members who serve it (config order, lead included). */
  speakers: Array<{ key: string; name: string }>;
  /**
   * When nobody in the team serves it: the team or person a playbook to this
   * team names for the language (`languages:`) and that can serve it.
   */
  fallback?: { key: string; name: string };
  /** Customers want it and nobody serves it: no speaker in the team, no fallback. */
  uncovered: boolean;
}

export interface TeamCoverage {
  team: string;
  teamName: string;
  /** Most customers first, then by code. */
  lines: CoverageLine[];
  /** Languages the team's members serve that none of its customers has (informative). */
  spokenOnly: string[];
}

export interface LanguageCoverage {
  /** Someone in the config lists the languages they serve; when nobody does, coverage is unknown, not missing. */
  configured: boolean;
  /** In journey order. */
  teams: TeamCoverage[];
  /** Lines without a speaker or fallback, over every team. */
  uncovered: number;
}

const nameOf = (dir: Directory, key: string) => (dir.team(key) ? dir.teamName(key) : dir.personName(key));

/**
 * The fallback that can serve the language, as routing takes it: another
 * team with someone who serves it, or a person. A fallback team without a
 * speaker would only move the gap, so it covers nothing.
 */
function fallbackFor(dir: Directory, team: string, language: string): string | undefined {
  const fb = dir.playbooks
    .filter((p) => p.to === team)
    .map((p) => playbookFallback(dir, p, language))
    .find((f) => f !== undefined);
  if (!fb || fb.key === team) return undefined;
  return fb.kind === 'person' || speakersIn(dir, fb.key, language).length > 0 ? fb.key : undefined;
}

/**
 * Which customer languages each team serves and who serves them, from the
 * store's counts per team and recorded language. Pure: the counts come in.
 */
export function coverageOf(
  dir: Directory,
  teams: readonly string[],
  counts: readonly TeamLanguageCount[],
): LanguageCoverage {
  const rank = journeyRank(dir);
  const ordered = [...new Set(teams)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out = ordered.map((team): TeamCoverage => {
    const byLanguage = new Map<string, { customers: number; byDefault: number }>();
    for (const c of counts) {
      if (c.team !== team) continue;
      const served = servedLanguage(dir, c.language);
      const sum = byLanguage.get(served.language) ?? { customers: 0, byDefault: 0 };
      sum.customers += c.customers;
      if (!served.recorded) sum.byDefault += c.customers;
      byLanguage.set(served.language, sum);
    }
    const lines = [...byLanguage]
      .map(([language, sum]): CoverageLine => {
        const speakers = speakersIn(dir, team, language).map((key) => ({ key, name: dir.personName(key) }));
        const named = speakers.length === 0 ? fallbackFor(dir, team, language) : undefined;
        const fallback = named === undefined ? undefined : { key: named, name: nameOf(dir, named) };
        return {
          language,
          ...sum,
          speakers,
          ...(fallback ? { fallback } : {}),
          uncovered: speakers.length === 0 && !fallback,
        };
      })
      .sort((a, b) => b.customers - a.customers || (a.language < b.language ? -1 : 1));
    const spoken = new Set(
      dir.members(team).flatMap((p) => (dir.person(p)?.languages ?? []).map((l) => primaryLanguage(l) ?? '')),
    );
    const spokenOnly = [...spoken].filter((l) => l !== '' && !byLanguage.has(l)).sort();
    return { team, teamName: dir.teamName(team), lines, spokenOnly };
  });
  return {
    configured: Object.values(dir.config.people).some((p) => p.languages.length > 0),
    teams: out,
    uncovered: out.reduce((n, t) => n + t.lines.filter((l) => l.uncovered).length, 0),
  };
}

/** The coverage of these teams, counted by the store (no customer list is read). */
export async function languageCoverage(
  dir: Directory,
  store: Pick<Store, 'customerLanguages'>,
  teams: readonly string[],
): Promise<LanguageCoverage> {
  return coverageOf(dir, teams, await store.customerLanguages(teams));
}
