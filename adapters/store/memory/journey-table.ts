import {
  fixedShape,
  type JourneyFact,
  type JourneyPatch,
  type JourneyQuery,
  mergeJourneyPatch,
} from '../../../src/analytics/fact.js';
import { BatonError } from '../../../src/errors.js';
import { factSharing, type RecordsById } from './shared-values.js';

/**
 * The journey rollup in memory: one fact per handoff, indexed by week so a
 * read touches only its weeks. The week index holds the facts themselves: a
 * dashboard view reads 50k of them, and a look-up by id for each cost ~10 ms.
 */
export class JourneyTable {
  private readonly facts = new Map<string, JourneyFact>();
  private readonly byWeek = new Map<string, Map<string, JourneyFact>>();
  /**
   * Facts still as the data file's JSON text, by handoff id, and their ids by week: a write
   * parses only its handoff's fact, a query only the weeks it asks for. Opening the file then
   * parses none (50k facts: a quarter of a second or more; as text they take about the memory
   * the parsed facts do, so this saves time, not memory).
   */
  private readonly unparsed = new Map<string, string>();
  private readonly unparsedByWeek = new Map<string, Set<string>>();

  /** Points a fact's repeated values at its handoff's and customer's (a parsed line has its own copy of each). */
  private readonly share: ((f: JourneyFact) => void) | undefined;

  /** `records`: the store's, for each fact put in to share their values (`factSharing`). */
  constructor(facts: readonly JourneyFact[] = [], lines: readonly string[] = [], records?: RecordsById) {
    this.share = records && factSharing(records);
    for (const f of facts) this.put(f);
    for (const line of lines) {
      const id = stringAt(line, ID_AT, 0);
      const week = id === undefined ? undefined : stringAt(line, '"week":"', ID_AT.length);
      if (id === undefined || week === undefined || this.facts.has(id)) {
        this.put(parseLine(line));
        continue;
      }
      this.unparsed.set(id, line);
      let ids = this.unparsedByWeek.get(week);
      if (!ids) {
        ids = new Set();
        this.unparsedByWeek.set(week, ids);
      }
      ids.add(id);
    }
  }

  apply(patches: readonly JourneyPatch[]): void {
    for (const p of patches) this.put(mergeJourneyPatch(this.get(p.handoffId), p));
  }

  /** Whole facts as stored elsewhere (PostgreSQL's rows): each replaces its handoff's fact. */
  replace(facts: readonly JourneyFact[]): void {
    for (const f of facts) this.put(f);
  }

  /**
   * Parses up to `max` of the facts still as text in the query's weeks; true once none is left
   * there. A reader calls it between turns of the event loop before `query`, which then parses
   * nothing: the first read of a busy fortnight (50k facts) held the loop for half a second.
   */
  parseSome(q: JourneyQuery, max: number): boolean {
    let left = max;
    // Parsing takes each id out of these sets and maps as it goes, which their iterators allow.
    for (const [week, ids] of this.unparsedByWeek) {
      if (!inWeeks(q, week)) continue;
      for (const id of ids) {
        if (left-- <= 0) return false;
        this.get(id);
      }
    }
    return true;
  }

  query(q: JourneyQuery): JourneyFact[] {
    this.parseSome(q, Number.POSITIVE_INFINITY);
    const teams = q.teams ? new Set(q.teams) : undefined;
    const out: JourneyFact[] = [];
    for (const [week, facts] of this.byWeek) {
      if (!inWeeks(q, week)) continue;
      if (!teams) for (const f of facts.values()) out.push(f);
      else for (const f of facts.values()) if (teams.has(f.to) || teams.has(f.from)) out.push(f);
    }
    return out;
  }

  values(): JourneyFact[] {
    for (const id of [...this.unparsed.keys()]) this.get(id);
    return [...this.facts.values()];
  }

  /** For a snapshot: the facts parsed so far, and `unparsedLines` the rest as they were read. */
  parsedValues(): JourneyFact[] {
    return [...this.facts.values()];
  }

  unparsedLines(): string[] {
    return [...this.unparsed.values()];
  }

  private get(handoffId: string): JourneyFact | undefined {
    const line = this.unparsed.get(handoffId);
    if (line !== undefined) this.put(parseLine(line));
    return this.facts.get(handoffId);
  }

  private put(fact: JourneyFact): void {
    const f = fixedShape(fact);
    this.share?.(f);
    const line = this.unparsed.get(f.handoffId);
    if (line !== undefined) {
      this.unparsed.delete(f.handoffId);
      const week = stringAt(line, '"week":"', ID_AT.length) ?? '';
      const ids = this.unparsedByWeek.get(week);
      ids?.delete(f.handoffId);
      if (ids?.size === 0) this.unparsedByWeek.delete(week);
    }
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

const ID_AT = '{"handoffId":"';

/**
 * The plain string value after `marker` in a fact's line as the data file writes it (the id
 * first, then the week among the top-level strings); undefined when it is not plainly there or
 * holds an escape, and the line is parsed instead. Inside a JSON string a quote is escaped, so
 * the marker's `"week":"` can only be the key itself.
 */
function stringAt(line: string, marker: string, from: number): string | undefined {
  const at = marker === ID_AT ? (line.startsWith(ID_AT) ? 0 : -1) : line.indexOf(marker, from);
  if (at < 0) return undefined;
  const start = at + marker.length;
  const end = line.indexOf('"', start);
  if (end < 0) return undefined;
  const value = line.slice(start, end);
  return value.includes('\\') ? undefined : value;
}

function parseLine(line: string): JourneyFact {
  try {
    return JSON.parse(line) as JourneyFact;
  } catch (err) {
    throw new BatonError(
      'DATA_FILE_CORRUPT',
      `A journey fact read from the data file is not valid JSON (${(err as Error).message}). ` +
        'Restore the data file from a backup.',
    );
  }
}

const inWeeks = (q: JourneyQuery, week: string): boolean =>
  (q.fromWeek === undefined || week >= q.fromWeek) && (q.toWeek === undefined || week <= q.toWeek);
