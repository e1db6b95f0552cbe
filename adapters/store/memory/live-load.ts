import type { Handoff } from '../../../src/domain/types.js';

/** Who a live handoff weighs on: its owner once accepted, else its assignee. */
function holderOf(h: Handoff): string | undefined {
  if (h.state !== 'open' && h.state !== 'accepted') return undefined;
  return h.owner ?? h.assignee;
}

/**
 * Live handoffs per (team, person), kept as handoffs are put and removed, so
 * least-loaded assignment reads a few counters instead of the team's handoffs.
 */
export class LiveLoad {
  private readonly counts = new Map<string, number>();

  add(h: Handoff): void {
    this.bump(h, 1);
  }

  remove(h: Handoff): void {
    this.bump(h, -1);
  }

  of(team: string, people: readonly string[]): Map<string, number> {
    return new Map(people.map((p) => [p, this.counts.get(key(team, p)) ?? 0]));
  }

  private bump(h: Handoff, by: number): void {
    const who = holderOf(h);
    if (who === undefined) return;
    const k = key(h.to, who);
    const n = (this.counts.get(k) ?? 0) + by;
    // Zeroes stay (like MultiIndex's empty sets): few keys, and no rehash per change.
    this.counts.set(k, n);
  }
}

const key = (team: string, person: string): string => `${team}\u0000${person}`;
