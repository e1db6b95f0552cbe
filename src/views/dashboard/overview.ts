import type { JourneyFact } from '../../analytics/fact.js';
import { figuresOf, type JourneyFigures, summarize } from '../../analytics/figures.js';
import {
  commonBusinessDayMs,
  type FilterOptions,
  type Filters,
  filterOptions,
  journeyRank,
  matches,
  type Period,
  parseFilters,
  periodOf,
  readFacts,
  type ViewInput,
} from './period.js';

/** How a headline figure is read: a count, a share (0..1), business time or wall-clock time (ms). */
export type FigureKind = 'count' | 'rate' | 'business' | 'wall';

export const HEADLINES = [
  { key: 'started', kind: 'count', better: 'none' },
  { key: 'acceptSlaRate', kind: 'rate', better: 'higher' },
  { key: 'acceptMedianMs', kind: 'business', better: 'lower' },
  { key: 'contactMedianMs', kind: 'business', better: 'lower' },
  { key: 'purchaseToContactMedianMs', kind: 'wall', better: 'lower' },
  { key: 'pastContactSlaNow', kind: 'count', better: 'lower' },
  { key: 'declines', kind: 'count', better: 'lower' },
  { key: 'escalations', kind: 'count', better: 'lower' },
  { key: 'pulseRate', kind: 'rate', better: 'higher' },
] as const satisfies ReadonlyArray<{
  key: keyof JourneyFigures;
  kind: FigureKind;
  better: 'higher' | 'lower' | 'none';
}>;

export type HeadlineKey = (typeof HEADLINES)[number]['key'];

export interface Headline {
  key: HeadlineKey;
  kind: FigureKind;
  value: number | null;
  previous: number | null;
  /** How the value moved since the previous period; null when either is unknown. */
  direction: 'up' | 'down' | 'same' | null;
  /** Whether that move is good news; null for a figure that is neither (handoffs started) or unknown. */
  verdict: 'better' | 'worse' | 'same' | null;
}

export interface TrendPoint {
  week: string;
  started: number;
  acceptSlaRate: number | null;
  contactSlaRate: number | null;
  contactMedianMs: number | null;
  /** Handoffs of the week that missed their contact deadline: contacted late, or still waiting past it. */
  missedContactSla: number;
}

export interface TeamRate {
  team: string;
  teamName: string;
  started: number;
  acceptSlaRate: number | null;
  contactSlaRate: number | null;
}

export interface OverviewModel {
  filters: Filters;
  options: FilterOptions;
  period: Period;
  headlines: Headline[];
  trend: TrendPoint[];
  byTeam: TeamRate[];
  /** The most frequent decline reasons of the period ('' = no reason given). */
  declineReasons: Array<{ reason: string; count: number }>;
  /** The length of a business day for the figures shown, to say business durations in days. */
  businessDayMs: number;
}

const TOP_REASONS = 5;

export function compare(
  value: number | null,
  previous: number | null,
  better: 'higher' | 'lower' | 'none',
): Pick<Headline, 'direction' | 'verdict'> {
  if (value === null || previous === null) return { direction: null, verdict: null };
  const direction = value > previous ? 'up' : value < previous ? 'down' : 'same';
  if (better === 'none') return { direction, verdict: null };
  if (direction === 'same') return { direction, verdict: 'same' };
  const good = (direction === 'up') === (better === 'higher');
  return { direction, verdict: good ? 'better' : 'worse' };
}

/**
 * The overview: this period's headline figures against the period of the
 * same length just before, the trend per week, SLA hit rates by receiving
 * team and the top decline reasons. One read of both periods' facts; every
 * figure is evaluated at `now` (so "past contact SLA now" of the previous
 * period counts its handoffs still waiting past their deadline today).
 */
export async function overviewModel(input: ViewInput): Promise<OverviewModel> {
  const { services, viewer, now } = input;
  const dir = services.deps.dir;
  const filters = parseFilters(input.query);
  const period = periodOf(filters.weeks, now, viewer.timeZone);
  const first = period.previousWeekKeys[0] ?? period.weekKeys[0] ?? '';
  const last = period.weekKeys[period.weekKeys.length - 1] ?? '';
  const all = await readFacts(services, viewer, first, last);
  const periodStart = period.weekKeys[0] ?? last;
  const current: JourneyFact[] = [];
  const previous: JourneyFact[] = [];
  const unfiltered: JourneyFact[] = [];
  for (const f of all) {
    if (f.week >= periodStart) unfiltered.push(f);
    if (!matches(f, filters)) continue;
    (f.week >= periodStart ? current : previous).push(f);
  }
  const these = figuresOf(current, now);
  const before = figuresOf(previous, now);
  const headlines: Headline[] = HEADLINES.map((h) => {
    const value = these[h.key] as number | null;
    const prev = before[h.key] as number | null;
    return { key: h.key, kind: h.kind, value, previous: prev, ...compare(value, prev, h.better) };
  });

  const byWeek = new Map(summarize(current, { now, by: ['week'] }).map((r) => [r.key.week, r.figures]));
  const empty = figuresOf([], now);
  const trend = period.weekKeys.map((week) => {
    const f = byWeek.get(week) ?? empty;
    return {
      week,
      started: f.started,
      acceptSlaRate: f.acceptSlaRate,
      contactSlaRate: f.contactSlaRate,
      contactMedianMs: f.contactMedianMs,
      missedContactSla: f.missedContactSla,
    };
  });

  const order = journeyRank(dir);
  const byTeam = summarize(current, { now, by: ['team'] })
    .map((r) => {
      const team = r.key.team ?? '';
      return {
        team,
        teamName: dir.teamName(team),
        started: r.figures.started,
        acceptSlaRate: r.figures.acceptSlaRate,
        contactSlaRate: r.figures.contactSlaRate,
      };
    })
    .sort((a, b) => order(a.team) - order(b.team) || (a.team < b.team ? -1 : 1));

  const teams = filters.team !== undefined ? [filters.team] : new Set(current.map((f) => f.to));
  return {
    filters,
    options: filterOptions(dir, viewer, unfiltered, filters),
    period,
    headlines,
    trend,
    byTeam,
    declineReasons: these.declineReasons.slice(0, TOP_REASONS),
    businessDayMs: commonBusinessDayMs(dir, teams),
  };
}
