import type { Directory } from '../config/directory.js';
import type { AssignMode } from '../playbooks/schema.js';
import { isAway } from './away.js';
import { reachableSpeakers } from './languages.js';

export interface AssignInput {
  mode: AssignMode;
  team: string;
  dir: Directory;
  /** Today in the team's zone (`YYYY-MM-DD`), to skip people who are away. */
  today: string;
  /** Live handoffs per person, for least-loaded. */
  load: (person: string) => number;
  /** Index of the last round-robin pick among the pool `assignPool` gives. */
  cursor: number;
  /** The language the customer is served in (primary subtag): its speakers are preferred. */
  language?: string;
}

export interface AssignResult {
  assignee?: string;
  cursor?: number;
}

export interface AssignPool {
  /** Who may be picked, in config order. */
  people: string[];
  /** Set when the pool is the team's speakers of this language; absent when it is everyone present. */
  language?: string;
}

/**
 * Who a handoff into the team may go to: its reachable speakers of the
 * customer's language, else (nobody there serves it) everyone present, as
 * before languages were known.
 */
export function assignPool(
  dir: Directory,
  team: string,
  language: string | undefined,
  today: string,
): AssignPool {
  const speakers = language ? reachableSpeakers(dir, team, language, today) : [];
  if (speakers.length > 0 && language) return { people: speakers, language };
  return { people: dir.members(team).filter((p) => !isAway(dir, p, today)) };
}

/**
 * Where the round-robin position of a pool is kept: one per team and
 * language, so Korean customers rotate among the Korean speakers and their
 * picks do not skip anyone in the English rotation (a shared cursor indexed
 * into pools of different sizes would). Everyone present keeps the team's
 * own key, as before languages were known.
 */
export function rotationKey(team: string, pool: AssignPool): string {
  return pool.language ? `${team}:${pool.language}` : team;
}

/**
 * Who is asked to accept a handoff. The lead is picked last for round-robin
 * and least-loaded (leads escalate, they do not take the queue), unless the
 * lead is the only one available.
 */
export function chooseAssignee(input: AssignInput): AssignResult {
  const { mode, team, dir } = input;
  const lead = dir.team(team)?.lead;
  if (mode === 'claim') return {};
  if (mode === 'lead') return lead ? { assignee: lead } : {};
  const present = assignPool(dir, team, input.language, input.today).people;
  const workers = present.filter((p) => p !== lead);
  const pool = workers.length > 0 ? workers : present;
  if (pool.length === 0) return lead ? { assignee: lead } : {};
  if (mode === 'round-robin') {
    const next = (input.cursor + 1) % pool.length;
    return { assignee: pool[next], cursor: next };
  }
  let best = pool[0];
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const p of pool) {
    const l = input.load(p);
    if (l < bestLoad) {
      best = p;
      bestLoad = l;
    }
  }
  return best === undefined ? {} : { assignee: best };
}
