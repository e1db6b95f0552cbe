import type { Directory } from './directory.js';
import type { PersonConfig } from './schema.js';

/** Time off as set by `/cx away` (not in the config file): until a date, with an optional backup. */
export interface AwayEntry {
  until: string;
  backup?: string;
}

/**
 * The directory every service holds, whose answers can change while Baton
 * runs: the config and playbooks are replaced when their files change (live
 * config), and time off set by command overlays the config's `away`. Services
 * keep the one object they were given; what it answers is always the latest.
 */
export interface LiveDirectory extends Directory {
  /** The directory built from the files, without the time off set by command. */
  readonly base: Directory;
  /** A new config and playbooks, checked already: answers come from `next`, with the time off kept. */
  replaceBase(next: Directory): void;
  /**
   * Time off set by command, per person key: an entry overrides the config's
   * `away`, `null` says the person is back (whatever the config says).
   */
  setAway(overlay: ReadonlyMap<string, AwayEntry | null>): void;
}

export function createLiveDirectory(initial: Directory): LiveDirectory {
  let base = initial;
  let overlay: ReadonlyMap<string, AwayEntry | null> = new Map();
  const person = (key: string): PersonConfig | undefined => {
    const p = base.person(key);
    if (!p || !overlay.has(key)) return p;
    const away = overlay.get(key);
    if (away === null || away === undefined) {
      const { away: _a, ...rest } = p;
      return rest as PersonConfig;
    }
    return { ...p, away };
  };
  return {
    get base() {
      return base;
    },
    replaceBase(next) {
      base = next;
    },
    setAway(next) {
      overlay = next;
    },
    get config() {
      return base.config;
    },
    get playbooks() {
      return base.playbooks;
    },
    get journey() {
      return base.journey;
    },
    get platforms() {
      return base.platforms;
    },
    team: (key) => base.team(key),
    teamName: (key) => base.teamName(key),
    person,
    personName: (key) => base.personName(key),
    teamChannel: (team, platform) => base.teamChannel(team, platform),
    personId: (p, platform) => base.personId(p, platform),
    personByPlatformId: (platform, id) => base.personByPlatformId(platform, id),
    personByAnyPlatformId: (id) => base.personByAnyPlatformId(id),
    systemName: (system) => base.systemName(system),
    recordLinks: (ids) => base.recordLinks(ids),
    members: (team) => base.members(team),
    isAdmin: (p) => base.isAdmin(p),
    isLeadOf: (p, team) => base.isLeadOf(p, team),
    calendar: (team) => base.calendar(team),
    personLocale: (p) => base.personLocale(p),
    personTimeZone: (p) => base.personTimeZone(p),
    teamLocale: (team) => base.teamLocale(team),
    playbook: (id) => base.playbook(id),
    playbookFor: (from, to, subject) => base.playbookFor(from, to, subject),
    cadenceFor: (team, subject) => base.cadenceFor(team, subject),
    findTeam: (text) => base.findTeam(text),
  };
}
