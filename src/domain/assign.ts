import type { Directory } from '../config/directory.js';
import type { AssignMode } from '../playbooks/schema.js';
import { isAway } from './away.js';

export interface AssignInput {
  mode: AssignMode;
  team: string;
  dir: Directory;
  /** Today in the team's zone (`YYYY-MM-DD`), to skip people who are away. */
  today: string;
  /** Live handoffs per person, for least-loaded. */
  load: (person: string) => number;
  /** Index of the last round-robin pick in the team. */
  cursor: number;
}

export interface AssignResult {
  assignee?: string;
  cursor?: number;
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
  const present = dir.members(team).filter((p) => !isAway(dir, p, input.today));
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
