import { z } from 'zod';
import type { JourneyFact } from '../../analytics/fact.js';
import type { Directory } from '../../config/directory.js';
import type { Services } from '../../services/index.js';
import { addDays, weekOf } from '../../time/weeks.js';

/**
 * Who reads a dashboard view: the same shape as the web adapter's reader, so
 * the core names no web type. Its team list bounds what a member sees.
 */
export interface DashboardViewer {
  person: string;
  locale: string;
  timeZone: string;
  readsEverything: boolean;
  teams: readonly string[];
}

/** What every dashboard view model is built from. */
export interface ViewInput {
  services: Services;
  viewer: DashboardViewer;
  query: URLSearchParams;
  now: Date;
}

export const PERIOD_WEEKS = [4, 12, 26, 52] as const;
export type PeriodWeeks = (typeof PERIOD_WEEKS)[number];

const text = z.string().trim().min(1).max(100).optional().catch(undefined);

/**
 * The filters a view reads from its query string. A value a hand-edited URL
 * got wrong falls back to the default instead of failing the page: every
 * filter is also a select, so only a typed URL can be wrong.
 */
const filterSchema = z.object({
  weeks: z.coerce
    .number()
    .pipe(z.union(PERIOD_WEEKS.map((w) => z.literal(w))))
    .catch(4),
  team: text,
  source: text,
  language: text,
  playbook: text,
});

export type Filters = z.infer<typeof filterSchema>;

export function parseFilters(query: URLSearchParams): Filters {
  const raw: Record<string, string> = {};
  for (const k of ['weeks', 'team', 'source', 'language', 'playbook']) {
    const v = query.get(k);
    if (v !== null && v !== '') raw[k] = v;
  }
  return filterSchema.parse(raw);
}

const DAY_MS = 86_400_000;

export interface Period {
  weeks: PeriodWeeks;
  /** Week keys (Mondays) of this period, oldest first; the last is the current week. */
  weekKeys: string[];
  /** The same number of weeks just before. */
  previousWeekKeys: string[];
  /** The last day of the period (the current week's Sunday). */
  lastDay: string;
}

export function periodOf(weeks: PeriodWeeks, now: Date, timeZone: string): Period {
  const current = weekOf(now, timeZone);
  const keys = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => addDays(current, -7 * (from - i)));
  return {
    weeks,
    weekKeys: keys(weeks - 1, weeks),
    previousWeekKeys: keys(2 * weeks - 1, weeks),
    lastDay: addDays(current, 6),
  };
}

/**
 * The facts of `weeks` this viewer may see. A member's are those their teams
 * sent or received (as the store's journey query reads them); an admin or lead reads all.
 */
export async function readFacts(
  services: Services,
  viewer: DashboardViewer,
  fromWeek: string,
  toWeek: string,
): Promise<JourneyFact[]> {
  return services.deps.store.journeyFacts({
    fromWeek,
    toWeek,
    ...(viewer.readsEverything ? {} : { teams: viewer.teams }),
  });
}

/** `team` is the receiving team: SLAs are the receiving team's promise. */
export function matches(f: JourneyFact, filters: Filters): boolean {
  return (
    (filters.team === undefined || f.to === filters.team) &&
    (filters.source === undefined || f.source === filters.source) &&
    (filters.language === undefined || f.language === filters.language) &&
    (filters.playbook === undefined || f.playbook === filters.playbook)
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface FilterOptions {
  teams: Option[];
  sources: Option[];
  languages: string[];
  playbooks: Option[];
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * What each select offers: the viewer's teams and the values found in the
 * period's facts, plus the one selected (so a filter that matches nothing
 * still shows as chosen). Source and language names are the page's words.
 */
export function filterOptions(
  dir: Directory,
  viewer: DashboardViewer,
  facts: readonly JourneyFact[],
  filters: Filters,
): FilterOptions {
  // One pass into sets: four maps over 50k facts and their copies were ~10 ms a view.
  const teamKeys = new Set(viewer.teams);
  const sources = new Set<string>();
  const languages = new Set<string>();
  const playbooks = new Set<string>();
  for (const f of facts) {
    teamKeys.add(f.to);
    sources.add(f.source);
    languages.add(f.language);
    playbooks.add(f.playbook);
  }
  const with1 = (values: Set<string>, selected: string | undefined) =>
    sorted(selected === undefined ? values : values.add(selected));
  if (filters.team !== undefined) teamKeys.add(filters.team);
  const order = journeyRank(dir);
  return {
    teams: [...teamKeys]
      .sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
      .map((value) => ({ value, label: dir.teamName(value) })),
    sources: with1(sources, filters.source).map((value) => ({ value, label: value })),
    languages: with1(languages, filters.language),
    playbooks: with1(playbooks, filters.playbook).map((value) => ({
      value,
      label: playbookName(dir, value),
    })),
  };
}

/** A team's place along the journey (marketing first), for ordering teams; a team off the journey comes last. */
export function journeyRank(dir: Directory): (team: string) => number {
  return (team) => {
    const i = dir.journey.indexOf(team);
    return i < 0 ? dir.journey.length : i;
  };
}

export function playbookName(dir: Directory, id: string): string {
  const p = dir.playbook(id);
  return p?.name ?? (p ? `${dir.teamName(p.from)} → ${dir.teamName(p.to)}` : id);
}

/** How long a team's working day is (the unit of "business days"); round the clock: 24 hours. */
export function businessDayMs(dir: Directory, team: string): number {
  const hours = dir.team(team) ? dir.calendar(team).hours : undefined;
  if (!hours) return DAY_MS;
  const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  const span = minutes(hours.end) - minutes(hours.start);
  return span > 0 ? span * 60_000 : DAY_MS;
}

/** One day length for figures over several teams: theirs when they agree, else the common 8-hour day. */
export function commonBusinessDayMs(dir: Directory, teams: Iterable<string>): number {
  const lengths = new Set([...teams].map((t) => businessDayMs(dir, t)));
  const [only] = lengths;
  return lengths.size === 1 && only !== undefined ? only : 8 * 3_600_000;
}
