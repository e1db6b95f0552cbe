import type { JourneyFigures } from '../analytics/figures.js';
import type { CardFact, View, ViewBlock } from '../cards/model.js';
import { formatDate, formatDuration, formatNumber, t } from '../i18n/translate.js';
import type { Gap } from '../services/queries.js';
import { customerPageUrl, dashboardLink } from './links.js';
import type { ViewReader } from './reader.js';

/** How many of the worst gaps a report names: enough to act on, short enough to read. */
export const REPORT_GAPS = 5;

export interface WeeklyReportInput {
  /** Monday of the week reported on, and of the one before (yyyy-MM-dd). */
  week: string;
  previousWeek: string;
  current: JourneyFigures;
  previous: JourneyFigures;
  /** Customers past their contact SLA now, worst first. */
  gaps: Gap[];
  publicUrl: string;
}

/** A rate as a whole percentage; no outcome known yet reads "none", not 0%. */
export function percentText(rate: number | null, locale: string): string {
  return rate === null ? t(locale, 'report.none') : `${formatNumber(Math.round(rate * 100), locale)}%`;
}

/** Business hours to one decimal place ("6", "6.5"): a report reads in hours, not milliseconds. */
export function hoursText(ms: number | null, locale: string): string {
  if (ms === null) return t(locale, 'report.none');
  return t(locale, 'report.hours', { hours: formatNumber(Math.round(ms / 360_000) / 10, locale) });
}

function figureFacts(cur: JourneyFigures, prev: JourneyFigures, locale: string): CardFact[] {
  const vs = (value: string, previous: string) => t(locale, 'report.vs', { value, previous });
  const n = (x: number) => formatNumber(x, locale);
  const within = (f: JourneyFigures) =>
    `${n(f.contactedWithinSla)} (${percentText(f.contactSlaRate, locale)})`;
  return [
    { label: t(locale, 'report.started'), value: vs(n(cur.started), n(prev.started)) },
    {
      label: t(locale, 'report.acceptSla'),
      value: vs(percentText(cur.acceptSlaRate, locale), percentText(prev.acceptSlaRate, locale)),
    },
    { label: t(locale, 'report.contactedInSla'), value: vs(within(cur), within(prev)) },
    {
      label: t(locale, 'report.medianContact'),
      value: vs(hoursText(cur.contactMedianMs, locale), hoursText(prev.contactMedianMs, locale)),
    },
    { label: t(locale, 'report.pastSla'), value: vs(n(cur.pastContactSlaNow), n(prev.pastContactSlaNow)) },
  ];
}

/**
 * The weekly report for one reader: the week's headline figures against the
 * week before, the worst gaps now, and a button to the dashboard. Built at
 * send time, so a report delayed by an outage still shows current gaps.
 */
export function weeklyReportView(input: WeeklyReportInput, r: ViewReader): View {
  const { dir, locale } = r;
  const week = formatDate(input.week, locale);
  const facts = figureFacts(input.current, input.previous, locale);
  const blocks: ViewBlock[] = [
    { kind: 'facts', facts },
    { kind: 'heading', text: t(locale, 'report.gaps') },
  ];
  const worst = input.gaps.slice(0, REPORT_GAPS);
  if (worst.length === 0) blocks.push({ kind: 'text', text: t(locale, 'report.noGaps') });
  else
    blocks.push({
      kind: 'list',
      items: worst.map((g) => ({
        text: t(locale, 'report.gapLine', {
          customer: g.customer.name,
          team: dir.teamName(g.customer.team),
          days: formatDuration(g.overdueMs, locale),
        }),
        ...customerPageUrl(input.publicUrl, g.customer.id),
        ...(g.customer.owner
          ? { detail: t(locale, 'report.gapOwner', { owner: dir.personName(g.customer.owner) }) }
          : {}),
      })),
    });
  blocks.push({ kind: 'links', links: [dashboardLink(input.publicUrl, locale)] });
  const title = t(locale, 'report.title', { week });
  return {
    locale,
    title,
    subtitle: t(locale, 'report.subtitle', { previous: formatDate(input.previousWeek, locale) }),
    fallback: `${title}: ${facts.map((f) => `${f.label} ${f.value}`).join(' · ')}`,
    blocks,
  };
}

export interface TeamOutcome {
  /** The receiving team. */
  to: string;
  figures: JourneyFigures;
}

/**
 * A sending team's weekly post: what became of the customers it handed on
 * ("Sales handed 40 customers to Delivery: 38 contacted within SLA, median 6
 * business hours; 2 waiting"), one line per receiving team.
 */
export function teamOutcomeView(
  input: { from: string; week: string; outcomes: TeamOutcome[]; publicUrl: string },
  r: ViewReader,
): View {
  const { dir, locale } = r;
  const from = dir.teamName(input.from);
  const lines = input.outcomes
    .filter((o) => o.figures.started > 0)
    .map((o) => {
      const f = o.figures;
      const vars = {
        from,
        to: dir.teamName(o.to),
        count: f.started,
        within: f.contactedWithinSla,
        waiting: f.waiting,
      };
      return f.contactMedianMs === null
        ? t(locale, 'report.teamLineNoMedian', vars)
        : t(locale, 'report.teamLine', {
            ...vars,
            hours: formatNumber(Math.round(f.contactMedianMs / 360_000) / 10, locale),
          });
    });
  const text = lines.length > 0 ? lines.join('\n') : t(locale, 'report.teamNone', { from });
  const title = t(locale, 'report.teamTitle', { team: from, week: formatDate(input.week, locale) });
  return {
    locale,
    title,
    fallback: `${title}: ${text}`,
    blocks: [
      ...lines.map((line) => ({ kind: 'text' as const, text: line })),
      ...(lines.length === 0 ? [{ kind: 'text' as const, text }] : []),
      { kind: 'links', links: [dashboardLink(input.publicUrl, locale)] },
    ],
  };
}
