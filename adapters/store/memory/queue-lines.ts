import type { FollowUp, Handoff } from '../../../src/domain/types.js';
import { lineKey, queueRole, subjectOf } from '../../../src/store/queue.js';
import { Ordered } from './ordered.js';

/** One person's (with their team's) follow-up lines: every subject, and the shown ones in order. */
class Lines {
  /** Subject → the person's pending follow-ups of it, by id. */
  readonly subjects = new Map<string, Map<string, FollowUp>>();
  /** Subject → the key of its line in `shown`, while it is shown. */
  readonly keys = new Map<string, string>();
  readonly shown = new Ordered<FollowUp>();

  constructor(
    readonly person: string,
    readonly team: string | undefined,
  ) {}
}

/**
 * The follow-up lines of queues (`followUpLines` in src/store/queue.ts), kept
 * in order per person (and team) from the first time they are asked for: a
 * subject is shown unless its handoff is in the person's queue, so a line
 * changes when one of its follow-ups does, and when its handoff changes.
 */
export class QueueLines {
  private readonly byPerson = new Map<string, Map<string | undefined, Lines>>();
  private readonly byTeam = new Map<string, Set<Lines>>();

  constructor(
    private readonly followUpsOf: (person: string) => Iterable<FollowUp>,
    private readonly handoff: (id: string) => Handoff | undefined,
  ) {}

  /** The first `limit` lines and how many there are. */
  page(person: string, team: string | undefined, limit: number): { lines: FollowUp[]; total: number } {
    const l = this.of(person, team);
    return {
      lines: l.shown.list.slice(0, Math.max(0, limit)).map((e) => e.value),
      total: l.shown.list.length,
    };
  }

  /** A pending follow-up stored (1) or taken out (-1). */
  followUp(f: FollowUp, by: 1 | -1): void {
    if (f.recipient.kind !== 'person') return;
    const mine = this.byPerson.get(f.recipient.person);
    if (!mine) return;
    const subject = subjectOf(f).key;
    for (const l of mine.values()) {
      let of = l.subjects.get(subject);
      if (by > 0) {
        if (!of) {
          of = new Map();
          l.subjects.set(subject, of);
        }
        of.set(f.id, f);
      } else {
        of?.delete(f.id);
        if (of?.size === 0) l.subjects.delete(subject);
      }
      this.refresh(l, subject);
    }
  }

  /** A handoff stored or taken out: whose queue holds it may have changed, and with it whose lines show it. */
  handoffChanged(h: Handoff): void {
    const subject = `h:${h.id}`;
    // Walked where they are, not copied into one Set first: a team's lines are all its people's,
    // and this runs on every handoff stored (1.7 % of Baton's busy time in the Slack bench).
    const team = this.byTeam.get(h.to);
    if (team) for (const l of team) if (l.subjects.has(subject)) this.refresh(l, subject);
    const done: Lines[] = [];
    for (const person of [h.owner, h.assignee, h.sender]) {
      const lines = person === undefined ? undefined : this.byPerson.get(person);
      if (!lines) continue;
      for (const l of lines.values()) {
        if (team?.has(l) || done.includes(l) || !l.subjects.has(subject)) continue;
        this.refresh(l, subject);
        done.push(l);
      }
    }
  }

  /** Puts the subject's line where it belongs now: its earliest follow-up, or nowhere. */
  private refresh(l: Lines, subject: string): void {
    const old = l.keys.get(subject);
    if (old !== undefined) {
      l.shown.remove(old);
      l.keys.delete(subject);
    }
    const first = this.lineOf(l, subject);
    if (!first) return;
    const key = lineKey(first);
    l.shown.insert(key, first);
    l.keys.set(subject, key);
  }

  /** The follow-up that stands for a subject's line, or undefined when the line is not shown. */
  private lineOf(l: Lines, subject: string): FollowUp | undefined {
    const of = l.subjects.get(subject);
    if (!of || of.size === 0) return undefined;
    let first: FollowUp | undefined;
    let firstKey = '';
    for (const f of of.values()) {
      const key = lineKey(f);
      if (!first || key < firstKey) {
        first = f;
        firstKey = key;
      }
    }
    const handoffId = first && subjectOf(first).handoffId;
    if (handoffId !== undefined) {
      const h = this.handoff(handoffId);
      if (h && queueRole(h, l.person, l.team) !== undefined) return undefined;
    }
    return first;
  }

  private of(person: string, team: string | undefined): Lines {
    let mine = this.byPerson.get(person);
    const known = mine?.get(team);
    if (known) return known;
    const l = new Lines(person, team);
    for (const f of this.followUpsOf(person)) {
      const subject = subjectOf(f).key;
      let of = l.subjects.get(subject);
      if (!of) {
        of = new Map();
        l.subjects.set(subject, of);
      }
      of.set(f.id, f);
    }
    const entries: Array<{ key: string; value: FollowUp }> = [];
    for (const subject of l.subjects.keys()) {
      const first = this.lineOf(l, subject);
      if (!first) continue;
      const key = lineKey(first);
      entries.push({ key, value: first });
      l.keys.set(subject, key);
    }
    l.shown.list.push(...Ordered.of(entries).list);
    if (!mine) {
      mine = new Map();
      this.byPerson.set(person, mine);
    }
    mine.set(team, l);
    if (team !== undefined) {
      const members = this.byTeam.get(team) ?? new Set();
      members.add(l);
      this.byTeam.set(team, members);
    }
    return l;
  }
}
