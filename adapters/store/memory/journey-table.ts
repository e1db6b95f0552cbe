import {
  fixedShape,
  type JourneyFact,
  type JourneyPatch,
  type JourneyQuery,
  mergeJourneyPatch,
} from '../../../src/analytics/fact.js';

/**
 * The journey rollup in memory: one fact per handoff, indexed by week so a
 * read touches only its weeks. The week index holds the facts themselves: a
 * dashboard view reads 50k of them, and a look-up by id for each cost ~10 ms.
 */
export class JourneyTable {
  private readonly facts = new Map<string, JourneyFact>();
  private readonly byWeek = new Map<string, Map<string, JourneyFact>>();

  constructor(facts: readonly JourneyFact[] = []) {
    for (const f of facts) this.put(f);
  }

  apply(patches: readonly JourneyPatch[]): void {
    for (const p of patches) this.put(mergeJourneyPatch(this.facts.get(p.handoffId), p));
  }

  /** Whole facts as stored elsewhere (PostgreSQL's rows): each replaces its handoff's fact. */
  replace(facts: readonly JourneyFact[]): void {
    for (const f of facts) this.put(f);
  }

  query(q: JourneyQuery): JourneyFact[] {
    const teams = q.teams ? new Set(q.teams) : undefined;
    const out: JourneyFact[] = [];
    for (const [week, facts] of this.byWeek) {
      if (q.fromWeek !== undefined && week < q.fromWeek) continue;
      if (q.toWeek !== undefined && week > q.toWeek) continue;
      if (!teams) for (const f of facts.values()) out.push(f);
      else for (const f of facts.values()) if (teams.has(f.to) || teams.has(f.from)) out.push(f);
    }
    return out;
  }

  values(): JourneyFact[] {
    return [...this.facts.values()];
  }

  private put(fact: JourneyFact): void {
    const f = fixedShape(fact);
    const previous = this.facts.get(f.handoffId);
    if (previous && previous.week !== f.week) this.byWeek.get(previous.week)?.delete(f.handoffId);
    this.facts.set(f.handoffId, f);
    let week = this.byWeek.get(f.week);
    if (!week) {
      week = new Map();
      this.byWeek.set(f.week, week);
    }
    week.set(f.handoffId, f);
  }
}
