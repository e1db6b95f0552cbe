import type { JourneyFact } from '../analytics/fact.js';
import type { Directory } from '../config/directory.js';
import type { ReportDay } from '../config/schema.js';
import type { Delivery } from '../domain/types.js';
import { type DeliveryContext, directMessage, newDelivery, teamPlatforms } from '../services/deliveries.js';
import type { ActionDeps } from '../services/mutate.js';
import { wallClockOf, zonedInstant } from '../time/calendar.js';
import { addDays, dayKey, mondayNumber } from '../time/weeks.js';

/** How soon a report with nothing to say is looked at again. */
const RECHECK_QUIET_MS = 3_600_000;
const DAYS: readonly ReportDay[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** Who gets the weekly report: every team lead and admin, and the people `reports.weekly.recipients` names. */
export function reportRecipients(dir: Directory): string[] {
  const out = new Set<string>();
  for (const team of dir.journey) {
    const lead = dir.team(team)?.lead;
    if (lead) out.add(lead);
  }
  for (const a of dir.config.admins) out.add(a);
  for (const p of dir.config.reports.weekly.recipients ?? []) out.add(p);
  return [...out].filter((p) => dir.person(p) !== undefined);
}

/** The teams that hand customers on to another team (a playbook's `from`): each gets its downstream outcome. */
export function sendingTeams(dir: Directory): string[] {
  const out = new Set<string>();
  for (const p of dir.playbooks) if (p.from !== p.to && dir.team(p.from)) out.add(p.from);
  return dir.journey.filter((t) => out.has(t));
}

/**
 * The week a report is due for in `timeZone` at `now`: once this week's
 * report time (the configured day and time, local) has passed, the Monday of
 * the week before, the last whole week. Before it, none: the last week's
 * report was due last week (and queued then, or skipped while Baton was down
 * for the whole of it).
 */
export function dueReportWeek(
  now: Date,
  timeZone: string,
  when: { day: ReportDay; time: string },
): string | undefined {
  const { day } = wallClockOf(timeZone, now.getTime());
  const monday = mondayNumber(day);
  const [h = 0, m = 0] = when.time.split(':').map(Number);
  const dueAt = zonedInstant(timeZone, monday + DAYS.indexOf(when.day), (h * 60 + m) * 60_000);
  return now.getTime() >= dueAt ? dayKey(monday - 7) : undefined;
}

/** The Monday a week before `week` (both yyyy-MM-dd). */
export const weekBefore = (week: string): string => addDays(week, -7);

/**
 * Queues the weekly reports that fell due: one per recipient whose local
 * report time of this week has passed, and one per sending team in its
 * channels. The delivery key (`report:<person>:<week>`,
 * `report:team:<team>:<week>:<platform>`) is what makes it once: a store
 * inserts no second delivery with a key it has, whichever replica or restart
 * queues it. `settled` only spares this process a commit per tick. A week
 * with nothing to say (no handoff in the fortnight; a team that handed no
 * one on) sends nothing; it is looked at again hourly, since the backfill of
 * an upgraded store may still be writing that fortnight's facts.
 */
export function createWeeklyReports(deps: ActionDeps) {
  /** Report key → until when it needs no look: for ever once queued, an hour when there was nothing to say. */
  const settled = new Map<string, number>();
  const { dir } = deps;
  // Who gets a report and which teams hand on, worked out again only when the config is replaced (live config).
  let readFrom: [object, object] | undefined;
  let recipients: string[] = [];
  let senders: string[] = [];
  return async function queueDueReports(): Promise<number> {
    if (readFrom?.[0] !== dir.config || readFrom[1] !== dir.playbooks) {
      readFrom = [dir.config, dir.playbooks];
      recipients = reportRecipients(dir);
      senders = sendingTeams(dir);
    }
    const when = dir.config.reports.weekly;
    if (!when.enabled) return 0;
    const now = deps.clock.now();
    const dctx: DeliveryContext = {
      dir,
      ids: deps.ids,
      now: now.toISOString(),
      platforms: deps.platforms,
    };
    const deliveries: Delivery[] = [];
    const marked: Array<[string, number]> = [];
    const open = (key: string | undefined): key is string =>
      !!key && (settled.get(key) ?? 0) <= now.getTime();
    const quiet = now.getTime() + RECHECK_QUIET_MS;
    // Read once a week at most, per week asked about: the facts say whether there is anything to report.
    const factsOf = new Map<string, Promise<JourneyFact[]>>();
    const facts = (week: string) => {
      let f = factsOf.get(week);
      if (!f) {
        f = deps.store.journeyFacts({ fromWeek: weekBefore(week), toWeek: week });
        factsOf.set(week, f);
      }
      return f;
    };
    for (const person of recipients) {
      const week = dueReportWeek(now, dir.personTimeZone(person), when);
      const key = week && `report:${person}:${week}`;
      if (!week || !open(key)) continue;
      // A fresh install, or a fortnight without a handoff: no report of zeros.
      if ((await facts(week)).length === 0) {
        marked.push([key, quiet]);
        continue;
      }
      marked.push([key, Number.POSITIVE_INFINITY]);
      deliveries.push(...directMessage(dctx, key, person, { type: 'weekly-report', person, week }));
    }
    for (const team of senders) {
      const week = dueReportWeek(now, dir.calendar(team).timeZone, when);
      const key = week && `report:team:${team}:${week}`;
      if (!week || !open(key)) continue;
      if (!(await facts(week)).some((f) => f.week === week && f.from === team && f.to !== team)) {
        marked.push([key, quiet]);
        continue;
      }
      marked.push([key, Number.POSITIVE_INFINITY]);
      for (const p of teamPlatforms(dctx, team))
        deliveries.push(
          newDelivery(dctx, `${key}:${p}`, p, { kind: 'team', team }, { type: 'team-report', team, week }),
        );
    }
    if (deliveries.length > 0) {
      const r = await deps.store.commit({ deliveries });
      // Nothing else is in this commit, so no conflict is expected; the next tick tries again.
      if (!r.ok) {
        deps.log.warn({ result: r }, 'could not queue the weekly reports');
        return 0;
      }
    }
    for (const [k, until] of marked) settled.set(k, until);
    return deliveries.length;
  };
}
