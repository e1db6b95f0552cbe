import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { businessClock, parseIsoDuration, parsePercent } from './calendar.js';
import type { Sla, Team, Window } from './types.js';

const MIN = 60_000;
export const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The oracle's own reading of the playbooks and team calendars, from the same YAML files
 * Baton reads: each team's business clock, who is who on the platforms, and the SLA of a window.
 */
export function loadRules(opts: { configFile: string; handoffsDir: string; from: number; to: number }) {
  const config = parse(readFileSync(opts.configFile, 'utf8')) as {
    teams: Record<
      string,
      {
        lead: string;
        timezone: string;
        hours: { start: string; end: string; days: string[] };
        holidays?: string[];
        slack?: { channel: string };
        teams?: { channel: string };
      }
    >;
    people: Record<string, { name: string; team: string; slack?: string; teams?: string }>;
  };
  const playbooks = readdirSync(opts.handoffsDir)
    .filter((f) => f.endsWith('.yaml'))
    .map(
      (f) =>
        parse(readFileSync(path.join(opts.handoffsDir, f), 'utf8')) as {
          from: string;
          to: string;
          sla: { firstContact?: string; cadence?: string };
          escalate?: string;
        },
    );
  const teams = new Map<string, Team>();
  // Deadlines past the run are computed too (a cadence window opened near the end); past this
  // horizon they are +Infinity, never judged.
  const horizon = opts.to + 70 * DAY;
  for (const [key, t] of Object.entries(config.teams)) {
    teams.set(key, {
      key,
      lead: t.lead,
      clock: businessClock(
        {
          timeZone: t.timezone,
          start: t.hours.start,
          end: t.hours.end,
          days: t.hours.days,
          holidays: t.holidays ?? [],
        },
        opts.from - 7 * DAY,
        horizon,
      ),
    });
  }
  const byUser = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const [key, p] of Object.entries(config.people)) {
    if (p.slack) byUser.set(p.slack, key);
    if (p.teams) byUser.set(p.teams, key);
    byName.set(p.name, key);
  }
  const channelTeam = new Map<string, string>();
  for (const [key, t] of Object.entries(config.teams)) {
    if (t.slack) channelTeam.set(t.slack.channel, key);
    if (t.teams) channelTeam.set(t.teams.channel, key);
  }
  /** First contact from the playbook into the team; cadence from the team's own playbook, else the one into it. */
  function slaOf(team: string, kind: Window['kind']): Sla {
    const into = playbooks.filter((p) => p.to === team);
    const pick =
      kind === 'firstContact'
        ? into.find((p) => p.from !== team && p.sla.firstContact)
        : (into.find((p) => p.from === team && p.sla.cadence) ?? into.find((p) => p.sla.cadence));
    if (!pick) return { escalate: Number.POSITIVE_INFINITY };
    const d = kind === 'firstContact' ? pick.sla.firstContact : pick.sla.cadence;
    return {
      ...(d ? { [kind]: parseIsoDuration(d) } : {}),
      escalate: pick.escalate ? parsePercent(pick.escalate) : Number.POSITIVE_INFINITY,
    };
  }
  return { config, teams, byUser, byName, channelTeam, slaOf };
}
