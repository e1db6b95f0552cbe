import { figuresOf, type JourneyFigures, summarize } from '../../analytics/figures.js';
import { type LanguageCoverage, languageCoverage } from '../language-coverage.js';
import {
  businessDayMs,
  commonBusinessDayMs,
  type FilterOptions,
  type Filters,
  filterOptions,
  journeyRank,
  matches,
  type Period,
  parseFilters,
  periodOf,
  playbookName,
  readFacts,
  type ViewInput,
} from './period.js';

export interface TeamRow {
  /** The receiving team. */
  team: string;
  teamName: string;
  from: string;
  fromName: string;
  playbook: string;
  playbookName: string;
  figures: JourneyFigures;
  /** The receiving team's working day, to say its business durations in days. */
  businessDayMs: number;
}

export interface TeamsModel {
  filters: Filters;
  options: FilterOptions;
  period: Period;
  /** One row per receiving team and playbook (from → to), in journey order. */
  rows: TeamRow[];
  /** Every row together. */
  total: JourneyFigures;
  totalBusinessDayMs: number;
  /** The customer languages of the teams this reader may see (the team filtered on alone) and who serves them. */
  coverage: LanguageCoverage;
}

/** The teams page: the figures of each receiving team and playbook over the period. */
export async function teamsModel(input: ViewInput): Promise<TeamsModel> {
  const { services, viewer, now } = input;
  const dir = services.deps.dir;
  const filters = parseFilters(input.query);
  const period = periodOf(filters.weeks, now, viewer.timeZone);
  const first = period.weekKeys[0] ?? '';
  const last = period.weekKeys[period.weekKeys.length - 1] ?? '';
  const visible = viewer.readsEverything ? [...dir.journey, ...Object.keys(dir.config.teams)] : viewer.teams;
  const shown = filters.team === undefined ? visible : visible.filter((t) => t === filters.team);
  const [all, coverage] = await Promise.all([
    readFacts(services, viewer, first, last),
    languageCoverage(dir, services.deps.store, shown),
  ]);
  const facts = all.filter((f) => matches(f, filters));
  const order = journeyRank(dir);
  const rows = summarize(facts, { now, by: ['team', 'from', 'playbook'] })
    .map((r): TeamRow => {
      const team = r.key.team ?? '';
      const from = r.key.from ?? '';
      const playbook = r.key.playbook ?? '';
      return {
        team,
        teamName: dir.teamName(team),
        from,
        fromName: dir.teamName(from),
        playbook,
        playbookName: playbookName(dir, playbook),
        figures: r.figures,
        businessDayMs: businessDayMs(dir, team),
      };
    })
    .sort(
      (a, b) =>
        order(a.team) - order(b.team) ||
        a.team.localeCompare(b.team) ||
        order(a.from) - order(b.from) ||
        a.playbookName.localeCompare(b.playbookName),
    );
  return {
    filters,
    options: filterOptions(dir, viewer, all, filters),
    period,
    rows,
    total: figuresOf(facts, now),
    totalBusinessDayMs: commonBusinessDayMs(
      dir,
      rows.map((r) => r.team),
    ),
    coverage,
  };
}
