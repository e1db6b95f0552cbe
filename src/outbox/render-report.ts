import { summarize } from '../analytics/figures.js';
import type { View } from '../cards/model.js';
import { weekBefore } from '../scheduler/weekly-report.js';
import { publicUrlOf } from '../services/dashboard-links.js';
import type { ServiceDeps } from '../services/deps.js';
import { worstGaps } from '../services/queries.js';
import type { ViewReader } from '../views/reader.js';
import { REPORT_GAPS, teamOutcomeView, weeklyReportView } from '../views/weekly-report.js';

type Deps = ServiceDeps;

/**
 * One person's weekly report, from the journey rollup as it is when sent:
 * the figures of the handoffs started in `week` and the week before, and the
 * worst gaps now, in the reader's language and zone.
 */
export async function weeklyReport(deps: Deps, week: string, r: ViewReader): Promise<View> {
  const previousWeek = weekBefore(week);
  const facts = await deps.store.journeyFacts({ fromWeek: previousWeek, toWeek: week });
  const [current, previous] = [week, previousWeek].map(
    (w) =>
      summarize(
        facts.filter((f) => f.week === w),
        { now: r.now },
      )[0]?.figures,
  );
  // Org-wide, like the figures: the recipients are the leads, the admins and whom the config names.
  const late = await worstGaps(deps, REPORT_GAPS);
  if (!current || !previous) throw new Error('summarize returned no row for a week');
  return weeklyReportView(
    { week, previousWeek, current, previous, gaps: late, publicUrl: publicUrlOf(deps) },
    r,
  );
}

/** A sending team's outcome that week, per receiving team, in the team's channel. */
export async function teamReport(deps: Deps, team: string, week: string, r: ViewReader): Promise<View> {
  const facts = await deps.store.journeyFacts({ fromWeek: week, toWeek: week, teams: [team] });
  const rows = summarize(
    facts.filter((f) => f.from === team && f.to !== team),
    { now: r.now, by: ['team'] },
  );
  const outcomes = rows.map((row) => ({ to: row.key.team ?? '', figures: row.figures }));
  return teamOutcomeView({ from: team, week, outcomes, publicUrl: publicUrlOf(deps) }, r);
}
