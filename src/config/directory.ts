import { pickSegment, type SegmentSubject } from '../domain/segment-match.js';
import type { Playbook } from '../playbooks/schema.js';
import type { ChatPlatform, WebhookSourceInfo } from '../registry/descriptors.js';
import type { WorkCalendar } from '../time/calendar.js';
import { ownValue } from './own.js';
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
  /** Names of the registered chat platforms, in the order they were registered. */
  readonly platforms: readonly string[];
  /** The conversation a team's cards go to on a platform; undefined when the team is not there. */
  teamChannel(team: string, platform: string): string | undefined;
  /** A person's id on a platform; undefined when they have none there. */
  personId(person: string, platform: string): string | undefined;
  /** The person a platform's user id names. */
  personByPlatformId(platform: string, id: string): string | undefined;
  /** The person any registered platform's user id names (a mention typed anywhere). */
  personByAnyPlatformId(id: string): string | undefined;
  /** A system of record's name as people read it: the registered source's label, else the name capitalised. */
  systemName(system: string): string;
  /** The customer's records in the registered systems that link to them, in registry order. */
  recordLinks(externalIds: Readonly<Record<string, string>>): Array<{ system: string; url: string }>;
  /** Members of a team in config order (the lead included). */
  members(team: string): readonly string[];
  isAdmin(person: string): boolean;
  isLeadOf(person: string, team: string): boolean;
  calendar(team: string): WorkCalendar;
  personLocale(person: string | undefined): string;
  personTimeZone(person: string | undefined): string;
  teamLocale(team: string): string;
  playbook(id: string): Playbook | undefined;
  /**
   * The playbook handing this customer from one team to another: among the
   * pair's, the most specific whose `when:` matches the subject (no subject:
   * the pair's default, the playbook without `when:`).
   */
  playbookFor(from: string, to: string, subject?: SegmentSubject): Playbook | undefined;
  /**
   * The playbook whose cadence keeps a post-purchase customer of this team in
   * contact: the team's own cadence playbook, else the cadence of the
   * playbook that brought such a customer there (their segment's, by `subject`).
   */
  cadenceFor(team: string, subject?: SegmentSubject): Playbook | undefined;
  /** Fuzzy team look-up by key or display name (case-insensitive). */
  findTeam(text: string): string | undefined;
}

export function createDirectory(
  config: BatonConfig,
  playbooks: readonly Playbook[],
  registry: { platforms: readonly ChatPlatform[]; sources?: readonly WebhookSourceInfo[] },
): Directory {
  const { platforms, sources = [] } = registry;
  // Maps, not the parsed plain objects: `toString` or `constructor` must not be a person or a team.
  const teams = new Map<string, TeamConfig>(Object.entries(config.teams));
  const people = new Map<string, PersonConfig>(Object.entries(config.people));
  const admins = new Set(config.admins);
  const membersOf = new Map<string, readonly string[]>();
  const calendars = new Map<string, WorkCalendar>();
  const byPlatform = new Map(platforms.map((p) => [p.name, p]));
  const teamChannel = (team: string, platform: string) => {
    const ids = teams.get(team)?.[platform];
    const p = byPlatform.get(platform);
    return ids === undefined || !p ? undefined : p.channelOf(ids);
  };
  const personId = (person: string, platform: string) => {
    const id = people.get(person)?.[platform];
    const p = byPlatform.get(platform);
    return id === undefined || !p ? undefined : p.userOf(id);
  };
  const byUser = new Map<string, Map<string, string>>(platforms.map((p) => [p.name, new Map()]));
  for (const key of people.keys()) {
    for (const p of platforms) {
      const id = personId(key, p.name);
      if (id !== undefined) byUser.get(p.name)?.set(id, key);
    }
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
    platforms: platforms.map((p) => p.name),
    teamChannel,
    personId,
    personByPlatformId: (platform, id) => byUser.get(platform)?.get(id),
    systemName: (system) =>
      sources.find((s) => s.name === system.toLowerCase())?.label ??
      system.charAt(0).toUpperCase() + system.slice(1),
    recordLinks: (externalIds) =>
      sources.flatMap((s) => {
        const id = ownValue(externalIds, s.name);
        return id && s.recordUrl ? [{ system: s.label, url: s.recordUrl(id) }] : [];
      }),
    personByAnyPlatformId: (id) => {
      for (const users of byUser.values()) {
        const key = users.get(id);
        if (key !== undefined) return key;
      }
      return undefined;
    },
    // Asked for on every handoff opened (the assignee pool, the team's speakers): kept per team.
    members: (team) => {
      let list = membersOf.get(team);
      if (!list) {
        list = Object.freeze([...people].filter(([, p]) => p.team === team).map(([k]) => k));
        membersOf.set(team, list);
      }
      return list;
    },
    isAdmin: (person) => admins.has(person),
    isLeadOf: (person, team) => teams.get(team)?.lead === person,
    // One object per team for the directory's life: the calendar compiler then knows it by
    // identity, without serialising it to find it (several times a handoff event).
    calendar: (team) => {
      let cal = calendars.get(team);
      if (!cal) {
        const t = teams.get(team);
        cal = Object.freeze({
          timeZone: t?.timezone ?? config.defaults.timezone,
          ...(t?.hours ? { hours: t.hours } : {}),
          holidays: t?.holidays ?? [],
        });
        calendars.set(team, cal);
      }
      return cal;
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
    playbookFor: (from, to, subject) =>
      pickSegment(
        playbooks.filter((p) => p.from === from && p.to === to),
        subject ?? { fields: {} },
      ),
    cadenceFor: (team, subject) => {
      const own = playbooks.find((p) => p.from === team && p.to === team && p.sla.cadence);
      const arriving = playbooks.filter((p) => p.to === team && p.sla.cadence);
      return own ?? pickSegment(arriving, subject ?? { fields: {} }) ?? arriving[0];
    },
    findTeam: (text) => {
      const needle = text.trim().replace(/^#/, '').toLowerCase();
      if (teams.has(needle)) return needle;
      return [...teams].find(([, t]) => t.name.toLowerCase() === needle)?.[0];
    },
  };
  return dir;
}
