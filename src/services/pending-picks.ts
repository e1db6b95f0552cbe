import type { Store } from '../store/store.js';

/** Assignments picked for a team whose commits have not landed yet. */
interface TeamPicks {
  open: number;
  /** The last round-robin position handed out. */
  cursor?: number;
  /** Picks per person, on top of the load the store counts. */
  load: Map<string, number>;
}

/**
 * Handoffs opened side by side (a webhook burst) read the same stored
 * round-robin cursor and the same load, and would all go to one person.
 * Picks not yet committed are kept here, per store and team, and counted on
 * top of what the store says until their commit settles. In-process only:
 * replicas sharing a database still read each other's picks from the store.
 */
const byStore = new WeakMap<Store, Map<string, TeamPicks>>();

export function pendingPicks(store: Store, team: string): Readonly<TeamPicks> | undefined {
  return byStore.get(store)?.get(team);
}

/** Holds a pick until the returned release is called (after its commit, whatever the outcome). */
export function holdPick(
  store: Store,
  team: string,
  assignee: string | undefined,
  cursor?: number,
): () => void {
  let teams = byStore.get(store);
  if (!teams) {
    teams = new Map();
    byStore.set(store, teams);
  }
  let t = teams.get(team);
  if (!t) {
    t = { open: 0, load: new Map() };
    teams.set(team, t);
  }
  const held = t;
  held.open++;
  if (cursor !== undefined) held.cursor = cursor;
  if (assignee !== undefined) held.load.set(assignee, (held.load.get(assignee) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.open--;
    if (assignee !== undefined) held.load.set(assignee, (held.load.get(assignee) ?? 1) - 1);
    // The store holds every pick made here by now: it is the truth again.
    if (held.open === 0 && teams.get(team) === held) teams.delete(team);
  };
}
