import type { Playbook } from '../playbooks/schema.js';
import type { WorkCalendar } from '../time/calendar.js';
import type { BatonConfig, PersonConfig, TeamConfig } from './schema.js';

/**
 * Read-only answers about the organisation (teams, people, playbooks) that
 * every service needs, computed once from the validated config.
 */
export interface Directory {
  readonly config: BatonConfig;
  readonly playbooks: readonly Playbook[];
  /** Team keys in journey order. */
  readonly journey: readonly string[];
  team(key: string): TeamConfig | undefined;
  teamName(key: string): string;
  person(key: string): PersonConfig | undefined;
  personName(key: string): string;
  personBySlackId(id: string): string | undefined;
  personByTeamsId(id: string): string | undefined;
  /** Members of a team in config order (the lead included). */
  members(team: string): string[];
  isAdmin(person: string): boolean;
  isLeadOf(person: string, team: string): boolean;
  calendar(team: string): WorkCalendar;
  personLocale(person: string | undefined): string;
  personTimeZone(person: string | undefined): string;
  teamLocale(team: string): string;
  playbook(id: string): Playbook | undefined;
  playbookFor(from: string, to: string): Playbook | undefined;
  /** The playbook whose cadence keeps a post-purchase customer of this team in contact. */
  cadenceFor(team: string): Playbook | undefined;
  /** Fuzzy team look-up by key or display name (case-insensitive). */
  findTeam(text: string): string | undefined;
}

export function createDirectory(config: BatonConfig, playbooks: readonly Playbook[]): Directory {
  // Maps, not the parsed plain objects: `toString` or `constructor` must not be a person or a team.
  const teams = new Map<string, TeamConfig>(Object.entries(config.teams));
  const people = new Map<string, PersonConfig>(Object.entries(config.people));
  const admins = new Set(config.admins);
  const bySlack = new Map<string, string>();
  const byTeams = new Map<string, string>();
  for (const [key, p] of Object.entries(config.people)) {
    if (p.slack) bySlack.set(p.slack, key);
    if (p.teams) byTeams.set(p.teams, key);
  }
  const journey = config.journey ?? Object.keys(config.teams);
  const playbookById = new Map(playbooks.map((p) => [p.id, p]));

  const dir: Directory = {
    config,
    playbooks,
    journey,
    team: (key) => teams.get(key),
    teamName: (key) => teams.get(key)?.name ?? key,
    person: (key) => people.get(key),
    personName: (key) => people.get(key)?.name ?? key,
    personBySlackId: (id) => bySlack.get(id),
    personByTeamsId: (id) => byTeams.get(id),
    members: (team) => [...people].filter(([, p]) => p.team === team).map(([k]) => k),
    isAdmin: (person) => admins.has(person),
    isLeadOf: (person, team) => teams.get(team)?.lead === person,
    calendar: (team) => {
      const t = teams.get(team);
      return {
        timeZone: t?.timezone ?? config.defaults.timezone,
        ...(t?.hours ? { hours: t.hours } : {}),
        holidays: t?.holidays ?? [],
      };
    },
    personLocale: (person) =>
      (person && people.get(person)?.locale) ??
      (person && teams.get(people.get(person)?.team ?? '')?.locale) ??
      config.defaults.locale,
    personTimeZone: (person) =>
      (person && people.get(person)?.timezone) ??
      (person && teams.get(people.get(person)?.team ?? '')?.timezone) ??
      config.defaults.timezone,
    teamLocale: (team) => teams.get(team)?.locale ?? config.defaults.locale,
    playbook: (id) => playbookById.get(id),
    playbookFor: (from, to) => playbooks.find((p) => p.from === from && p.to === to),
    cadenceFor: (team) =>
      playbooks.find((p) => p.from === team && p.to === team && p.sla.cadence) ??
      playbooks.find((p) => p.to === team && p.sla.cadence),
    findTeam: (text) => {
      const needle = text.trim().replace(/^#/, '').toLowerCase();
      if (teams.has(needle)) return needle;
      return [...teams].find(([, t]) => t.name.toLowerCase() === needle)?.[0];
    },
  };
  return dir;
}
